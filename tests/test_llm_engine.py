"""Calls to a model: how failures read to the user, and the bounded, deadline-kept runner."""

import threading
import time

import pytest

from briefing.llm.engine import CallTimeout, classify, run_calls


class APIConnectionError(Exception):
    """Named as the OpenAI client names it (the plugins' errors reach us as they are)."""


class APITimeoutError(APIConnectionError):
    pass


class RateLimitError(Exception):
    pass


class AuthenticationError(Exception):
    pass


class ConnectError(Exception):  # httpx's, as Ollama's client raises it
    pass


@pytest.mark.parametrize(("err", "words", "fatal"), [
    (CallTimeout(), "no answer within 60 s", False),
    (APITimeoutError("Request timed out."), "no answer in time", False),
    (APIConnectionError("Connection error."), "cannot reach the model's server", True),
    (ConnectError("[Errno 111] Connection refused"), "cannot reach the model's server", True),
    (RateLimitError("Error code: 429"), "rate limited", True),
    (AuthenticationError("Error code: 401 - invalid api key"), "refused the key", True),
    (ValueError("model 'x' not found, try pulling it first"), "ValueError: model 'x'", False),
])
def test_failures_read_as_what_happened(err, words, fatal):
    failure = classify(err, 60.0)
    assert words in failure.reason and failure.fatal is fatal


def test_runner_keeps_to_its_concurrency_and_reports_every_job():
    running, most, lock = [0], [0], threading.Lock()

    def call(n: int) -> str:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return f"answer {n}"

    seen = {}
    run_calls(range(8), call, concurrency=3, timeout=5,
              on_done=lambda job, out: seen.setdefault(job, out) is not None)
    assert seen == {n: f"answer {n}" for n in range(8)}
    assert most[0] <= 3


def test_a_call_past_its_deadline_is_reported_and_not_waited_for():
    gate = threading.Event()
    seen = {}

    def call(n: int) -> str:
        if n == 0:
            gate.wait(10)
        return "late" if n == 0 else "ok"

    started = time.monotonic()
    run_calls([0, 1], call, concurrency=2, timeout=0.2,
              on_done=lambda job, out: seen.setdefault(job, out) is not None)
    assert time.monotonic() - started < 5
    assert isinstance(seen[0], CallTimeout) and seen[1] == "ok"
    gate.set()


def test_on_done_false_starts_no_further_calls():
    made = []

    def call(n: int) -> str:
        made.append(n)
        raise ConnectionRefusedError("refused")

    run_calls(range(5), call, concurrency=1, timeout=5, on_done=lambda job, out: False)
    assert made == [0]


def test_a_cancel_abandons_the_calls_in_flight_and_starts_no_more():
    gate = threading.Event()
    started_calls = []

    def call(n: int) -> str:
        started_calls.append(n)
        gate.wait(10)
        return "late"

    began = time.monotonic()
    run_calls(range(6), call, concurrency=2, timeout=30, on_done=lambda job, out: True,
              is_cancelled=lambda: time.monotonic() - began > 0.3)
    assert time.monotonic() - began < 5  # not the calls' 10 s, nor their 30 s deadline
    assert sorted(started_calls) == [0, 1]
    gate.set()
