"""A language model for tests, registered through `llm`'s own plugin mechanism.

It answers from recorded responses (tests/data/llm/answers.json) or whatever a test sets,
including failures: an exception to raise, or an answer that comes too late. Everything
else, `llm` included, is the real code.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import llm
from llm.plugins import pm

ANSWERS = json.loads((Path(__file__).parent / "data" / "llm" / "answers.json")
                     .read_text(encoding="utf-8"))
"""Recorded answers by name (see tests/data/llm/SOURCE.md)."""


@dataclass(frozen=True)
class Slow:
    """An answer that arrives after `seconds` (or never, while the test runs)."""

    seconds: float
    answer: str = "{}"


Outcome = str | BaseException | Slow
Answerer = Outcome | Callable[[str], Outcome]


class ReplayModel(llm.Model):
    """Answers every prompt with `answer` (or `answer(prompt_text)`); keeps what it got."""

    model_id = "replay"
    supports_schema = True
    can_stream = False

    class Options(llm.Options):
        temperature: float | None = None

    def __init__(self, model_id: str = "replay", *, schema: bool = True) -> None:
        self.model_id = model_id
        self.supports_schema = schema
        self.answer: Answerer = ANSWERS["seed_good"]
        self.prompts: list[llm.Prompt] = []
        self.release = threading.Event()
        """Set at the end of a test: a Slow answer stops waiting."""

    def execute(self, prompt, stream, response, conversation):  # type: ignore[override]
        self.prompts.append(prompt)
        outcome = self.answer(prompt.prompt) if callable(self.answer) else self.answer
        if isinstance(outcome, Slow):
            self.release.wait(outcome.seconds)
            outcome = outcome.answer
        if isinstance(outcome, BaseException):
            raise outcome
        yield outcome


class KeyedReplayModel(llm.KeyModel):
    """A model that needs an API key, set with `llm keys set replay-key` (or not)."""

    model_id = "replay-keyed"
    needs_key = "replay-key"
    key_env_var = "BRIEFING_TEST_REPLAY_KEY"
    supports_schema = True

    def execute(self, prompt, stream, response, conversation, key):  # type: ignore[override]
        yield ANSWERS["seed_good"]


@contextmanager
def registered(*models: llm.Model, name: str = "briefing-replay") -> Iterator[None]:
    """The models known to `llm` while the block runs, as an installed plugin's would be."""

    class ReplayPlugin:
        __name__ = "BriefingReplayPlugin"

        @llm.hookimpl
        def register_models(self, register):
            for model in models:
                register(model)

    pm.register(ReplayPlugin(), name=name)
    try:
        yield
    finally:
        pm.unregister(name=name)
