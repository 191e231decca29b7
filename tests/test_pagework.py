"""Extractor: jobs submitted together travel in batches, and each gets its own result."""

from __future__ import annotations

import asyncio
from concurrent.futures.process import BrokenProcessPool

import pytest

from briefing.pagework import Extractor, PageJob
from briefing.sources.feeds import FeedEntry

TEXT = ("The harbour authority approved the new crane contract on Tuesday after a long "
        "debate. Work starts in March and should end before the winter storms arrive.")


def job(n: int) -> PageJob:
    entry = FeedEntry(guid=f"g{n}", link=f"https://example.org/{n}", title=f"Story {n}",
                      text=f"{TEXT} Item {n}.", author=None, published=None)
    return PageJob(entry, f"https://example.org/{n}", None, None, "Feed")


async def test_jobs_submitted_together_each_get_their_own_result() -> None:
    extractor = Extractor(2, time_limit=10)
    try:
        results = await asyncio.gather(*(extractor.run(job(n)) for n in range(7)))
    finally:
        await asyncio.to_thread(extractor.close)
    assert [r.doc.key for r in results] == [f"https://example.org/{n}" for n in range(7)]
    assert all(r.doc.text.endswith(f"Item {n}.") for n, r in enumerate(results))
    assert all(r.brief is not None for r in results)


async def test_a_broken_pool_fails_the_jobs_instead_of_stranding_them(monkeypatch) -> None:
    extractor = Extractor(2)

    def broken() -> None:
        raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(extractor, "_executor", broken)
    with pytest.raises(BrokenProcessPool):
        await asyncio.wait_for(asyncio.gather(extractor.run(job(1)), extractor.run(job(2))), 5)


async def test_jobs_sent_while_the_workers_start_wait_for_them() -> None:
    extractor = Extractor(2, time_limit=10)
    extractor.start()  # returns before the workers are up; the jobs must not be lost
    try:
        results = await asyncio.gather(*(extractor.run(job(n)) for n in range(3)))
    finally:
        await asyncio.to_thread(extractor.close)
    assert [r.doc.key for r in results] == [f"https://example.org/{n}" for n in range(3)]


async def test_a_failed_start_fails_the_jobs(monkeypatch) -> None:
    extractor = Extractor(2)

    def broken() -> None:
        raise BrokenProcessPool("the fork server is gone")

    monkeypatch.setattr(extractor, "_executor", broken)
    extractor.start()
    with pytest.raises(BrokenProcessPool, match="fork server"):
        await asyncio.wait_for(extractor.run(job(1)), 5)
    with pytest.raises(BrokenProcessPool, match="fork server"):
        await asyncio.wait_for(extractor.parse(b"<rss/>", "http://127.0.0.1/f", None), 5)
    await asyncio.to_thread(extractor.close)


def test_closing_at_once_after_start_leaves_no_pool() -> None:
    extractor = Extractor(1)
    extractor.start()
    extractor.close()  # waits for the launch under way, then stops its worker
    assert extractor._pool is None
