"""Calling a language model through Simon Willison's `llm` library.

`llm` reaches OpenAI, Anthropic, Gemini, Ollama, llama.cpp and more through its plugins;
keys come from `llm keys set`. Structured output goes through its schema support where
the model has it; otherwise the prompt alone asks for JSON and `grounding` validates it.
Calls run on daemon threads, at most `concurrency` at once, each with a deadline: a
model that never answers cannot hold up the command or its exit.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from briefing.llm.prompt import BriefPrompt

J = TypeVar("J")

INSTALL_HINT = "pip install 'briefing[llm]'"


class EngineUnavailable(Exception):
    """The model cannot be used at all this run; the message says why, for the user."""


class CallTimeout(Exception):
    """A call that did not answer within its deadline."""


@dataclass(frozen=True)
class Failure:
    """Why a call failed, in the user's words, and whether further calls are pointless."""

    reason: str
    fatal: bool


def load_model(name: str) -> Any:
    """The `llm` model for an id or alias; `EngineUnavailable` says what is missing."""
    try:
        import llm
    except ImportError:
        raise EngineUnavailable(
            f"the `llm` package is not installed ({INSTALL_HINT})") from None
    try:
        return llm.get_model(name)
    except llm.UnknownModelError:
        raise EngineUnavailable(
            "no such model in `llm` (see `llm models`; a local Ollama model needs "
            "`llm install llm-ollama`)") from None


def default_options(model: Any) -> dict[str, Any]:
    """The options the user set for this model with `llm models options set` (a local
    model's context size, a temperature), applied as the `llm` command applies them."""
    try:
        from llm.cli import get_model_options
    except ImportError:
        return {}
    try:
        return dict(get_model_options(model.model_id))
    except (OSError, ValueError, AttributeError):
        return {}


def ask(model: Any, prompt: BriefPrompt, *, structured: bool | None = None,
        options: dict[str, Any] | None = None) -> str:
    """Send one prompt and return the model's whole answer."""
    if structured is None:
        structured = bool(getattr(model, "supports_schema", False))
    # Not streamed: the answer is only of use whole, and some local servers cannot stream.
    response = model.prompt(prompt.text, system=prompt.system, stream=False,
                            schema=prompt.schema if structured else None,
                            options=options or None)
    return response.text()


def _names(err: BaseException) -> str:
    return " ".join(cls.__name__ for cls in type(err).__mro__).lower()


def classify(err: BaseException, timeout: float) -> Failure:
    """A failed call in the user's words; fatal when the next call would fail alike."""
    text = " ".join(str(err).split())[:200]
    names, lower = _names(err), text.lower()
    if isinstance(err, CallTimeout):
        return Failure(f"no answer within {timeout:g} s", False)
    if "needskey" in names or "no key found" in lower:
        return Failure(f"no API key ({text})", True)
    if "ratelimit" in names or "rate limit" in lower or "429" in lower or "quota" in lower:
        return Failure(f"rate limited by the provider ({text})", True)
    if "authentication" in names or "permissiondenied" in names or " 401" in lower \
            or "invalid api key" in lower or "incorrect api key" in lower:
        return Failure(f"the provider refused the key ({text})", True)
    if isinstance(err, TimeoutError) or "timeout" in names or "timed out" in lower:
        return Failure(f"no answer in time ({text})", False)
    if "connect" in names or "connection" in lower or "refused" in lower \
            or isinstance(err, ConnectionError):
        return Failure(f"cannot reach the model's server ({text})", True)
    return Failure(f"{type(err).__name__}: {text}" if text else type(err).__name__, False)


CANCEL_POLL = 0.2
"""Seconds between looks at `is_cancelled` while calls are in flight."""


def run_calls(jobs: Iterable[J], call: Callable[[J], str], *, concurrency: int,
              timeout: float, on_done: Callable[[J, str | BaseException], bool],
              is_cancelled: Callable[[], bool] = lambda: False) -> None:
    """Run `call` on each job, `concurrency` at a time, each given `timeout` seconds.

    `on_done(job, answer or error)` runs on this thread, in the order answers arrive;
    it returns False to start no further calls (calls in flight are still awaited).
    A call past its deadline is reported as `CallTimeout`; its thread is abandoned, as
    are the calls in flight once `is_cancelled()` (the reader quitting) says so.
    """
    results: queue.Queue[tuple[int, str | BaseException]] = queue.Queue()
    waiting = iter(jobs)
    in_flight: dict[int, tuple[J, float]] = {}
    serial = 0
    going = True

    def worker(ident: int, job: J) -> None:
        try:
            results.put((ident, call(job)))
        except BaseException as err:  # reported to the caller's thread, never lost
            results.put((ident, err))

    while True:
        if is_cancelled():
            return
        while going and len(in_flight) < concurrency:
            job = next(waiting, None)
            if job is None:
                going = False
                break
            serial += 1
            in_flight[serial] = (job, time.monotonic() + timeout)
            threading.Thread(target=worker, args=(serial, job), daemon=True,
                             name=f"llm-call-{serial}").start()
        if not in_flight:
            return
        wait = max(0.0, min(deadline for _, deadline in in_flight.values()) - time.monotonic())
        try:
            ident, outcome = results.get(timeout=min(wait, CANCEL_POLL))
        except queue.Empty:
            now = time.monotonic()
            for ident, (job, deadline) in list(in_flight.items()):
                if deadline <= now:
                    del in_flight[ident]
                    going = on_done(job, CallTimeout()) and going
            continue
        if ident in in_flight:  # else: it answered after its deadline, already reported
            job, _ = in_flight.pop(ident)
            going = on_done(job, outcome) and going
