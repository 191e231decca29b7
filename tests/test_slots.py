"""Request slots: the overall and per-host limits, the order slots are handed on, and
cancellation (a cancelled request never keeps or leaks a slot)."""

from __future__ import annotations

import asyncio
import random

from briefing.sources.slots import HostSlots


def test_limits_hold_under_random_load():
    slots = HostSlots(total=4, per_host=2)
    busy: dict[str, int] = {}
    peak = {"all": 0, "host": 0}

    async def request(host: str, rng: random.Random) -> None:
        async with slots.slot(host):
            busy[host] = busy.get(host, 0) + 1
            peak["all"] = max(peak["all"], sum(busy.values()))
            peak["host"] = max(peak["host"], busy[host])
            await asyncio.sleep(rng.uniform(0, 0.003))
            busy[host] -= 1

    async def go() -> None:
        rng = random.Random(7)
        await asyncio.gather(*(request(f"h{rng.randrange(6)}", rng) for _ in range(300)))

    asyncio.run(go())
    assert peak == {"all": 4, "host": 2}
    assert slots._busy == 0 and not slots._by_host and not slots._waiting


def test_a_freed_slot_goes_to_the_same_host_first_then_the_longest_waiting():
    slots = HostSlots(total=2, per_host=1)
    order: list[str] = []

    async def request(name: str) -> None:
        host = name[0]
        async with slots.slot(host):
            order.append(name)
            await asyncio.sleep(0.01)

    async def go() -> None:
        tasks = []
        for name in ("a1", "b1", "c1", "a2", "c2", "a3", "b2"):
            tasks.append(asyncio.create_task(request(name)))
            await asyncio.sleep(0)  # queue them in this order
        await asyncio.gather(*tasks)

    asyncio.run(go())
    # a and b start; a's slot passes to a2 and a3 in turn, b's to b2; c, the host that
    # waited longest, gets the first slot a host leaves with nothing more to ask.
    assert order[:2] == ["a1", "b1"]
    assert order.index("a2") < order.index("c1") and order.index("a3") < order.index("c1")
    assert order.index("b2") < order.index("c1")
    assert order.index("c1") < order.index("c2")


def test_cancelled_waiters_and_holders_release_their_slots():
    slots = HostSlots(total=1, per_host=1)

    async def hold(host: str, seconds: float) -> None:
        async with slots.slot(host):
            await asyncio.sleep(seconds)

    async def go() -> None:
        holder = asyncio.create_task(hold("a", 10))
        waiters = [asyncio.create_task(hold(h, 0)) for h in ("a", "b", "b")]
        await asyncio.sleep(0.01)
        waiters[1].cancel()  # cancelled while waiting
        holder.cancel()  # cancelled while holding: the slot passes on
        await asyncio.gather(holder, *waiters, return_exceptions=True)
        assert [w.cancelled() for w in waiters] == [False, True, False]
        # A grant and a cancel in the same turn: the slot still comes back.
        first = asyncio.create_task(hold("a", 0.01))
        second = asyncio.create_task(hold("a", 0))
        await asyncio.sleep(0)
        await first
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)

    asyncio.run(go())
    assert slots._busy == 0 and not slots._by_host and not slots._waiting
