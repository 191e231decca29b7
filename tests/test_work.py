"""Workers: jobs submitted together travel in batches, and each gets its own result."""

from __future__ import annotations

import asyncio
from concurrent.futures.process import BrokenProcessPool

import pytest

from briefing.refresh.work import PageJob, Workers
from briefing.sources.feeds import FeedEntry

TEXT = ("The harbour authority approved the new crane contract on Tuesday after a long "
        "debate. Work starts in March and should end before the winter storms arrive.")


def job(n: int) -> PageJob:
    entry = FeedEntry(guid=f"g{n}", link=f"https://example.org/{n}", title=f"Story {n}",
                      text=f"{TEXT} Item {n}.", author=None, published=None)
    return PageJob(entry, f"https://example.org/{n}", None, None, "Feed")


async def test_jobs_submitted_together_each_get_their_own_result() -> None:
    workers = Workers(2, time_limit=10)
    try:
        results = await asyncio.gather(*(workers.run(job(n)) for n in range(7)))
    finally:
        await asyncio.to_thread(workers.close)
    assert [r.doc.key for r in results] == [f"https://example.org/{n}" for n in range(7)]
    assert all(r.doc.text.endswith(f"Item {n}.") for n, r in enumerate(results))
    assert all(r.brief is not None for r in results)


async def test_a_broken_pool_fails_the_jobs_instead_of_stranding_them() -> None:
    workers = Workers(1)
    workers.close()  # a pool that is shut down refuses jobs, as a broken one does
    with pytest.raises(RuntimeError):
        await asyncio.wait_for(asyncio.gather(workers.run(job(1)), workers.run(job(2))), 5)


async def test_a_worker_that_dies_fails_its_jobs() -> None:
    import os
    import signal

    workers = Workers(1, time_limit=10)
    try:
        await workers.run(job(0))
        for pid in list(workers.pool._processes):
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            await asyncio.wait_for(workers.run(job(1)), 10)
    finally:
        await asyncio.to_thread(workers.close)
