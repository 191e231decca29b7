"""Put on PYTHONPATH only for the suite's runs under libfaketime (see .ci/run).

Those runs move the wall clock and leave the monotonic clock alone
(FAKETIME_DONT_FAKE_MONOTONIC=1: with both moved, timed waits on locks never end). In that
mode libfaketime 0.9.10 answers EINVAL to clock_nanosleep, which time.sleep uses, so
time.sleep waits on an event instead, a call libfaketime handles.
"""

import threading
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    threading.Event().wait(seconds)


time.sleep = _sleep
