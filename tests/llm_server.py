"""An OpenAI-compatible chat server on 127.0.0.1, as llama.cpp's server, vLLM or LM Studio
expose one: `llm` reaches it through its own OpenAI plugin (extra-openai-models.yaml), so
the whole path a user's local server takes is real, HTTP included. Answers are scripted."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Reply:
    """One scripted answer: the assistant's text, or an HTTP error status."""

    content: str = ""
    status: int = 200
    delay: float = 0.0


@dataclass
class ChatServer:
    replies: list[Reply] = field(default_factory=list)
    """Served in turn; the last one repeats."""
    requests: list[dict] = field(default_factory=list)
    port: int = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reply(self) -> Reply:
        return self.replies[min(len(self.requests) - 1, len(self.replies) - 1)]


def _handler(server: ChatServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            server.requests.append(json.loads(body or b"{}"))
            reply = server.reply()
            time.sleep(reply.delay)
            if reply.status != 200:
                data = {"error": {"message": f"scripted error {reply.status}",
                                  "type": "rate_limit_error" if reply.status == 429 else "error"}}
                headers = {"retry-after": "0"} if reply.status == 429 else {}
            else:
                data = {"id": "chatcmpl-test", "object": "chat.completion", "created": 0,
                        "model": "test-model", "choices": [{
                            "index": 0, "finish_reason": "stop",
                            "message": {"role": "assistant", "content": reply.content}}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                  "total_tokens": 2}}
                headers = {}
            payload = json.dumps(data).encode()
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (a deadline in the test)

    return Handler


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def chat_server(user_dir: Path, model_id: str = "local",
                *replies: Reply) -> Iterator[ChatServer]:
    """A started server, registered with `llm` (in `user_dir`) as model `model_id`."""
    state = ChatServer(list(replies) or [Reply("{}")])
    httpd = _Quiet(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    user_dir.mkdir(parents=True, exist_ok=True)
    (user_dir / "extra-openai-models.yaml").write_text(
        f"- model_id: {model_id}\n  model_name: test-model\n  api_base: {state.api_base}\n"
        "  supports_schema: true\n  can_stream: false\n", encoding="utf-8")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
