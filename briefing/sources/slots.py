"""Request slots: at most `total` requests in flight, at most `per_host` to one host.

A finished request hands its slot to the next request for the same host when there is
one, else to the longest-waiting request whose host has room. Same-host first is what
lets the connection just freed be reused. Handed to another host, the slot would make
the connection pool close an idle connection and open a new one for nearly every
request of a refresh: a TCP handshake more for the server each time, and more CPU for
the client.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostSlots:
    """`async with slots.slot(host):` around each request."""

    def __init__(self, total: int, per_host: int) -> None:
        self.total = max(1, total)
        self.per_host = max(1, per_host)
        self._busy = 0
        self._by_host: dict[str, int] = {}
        self._waiting: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()
        """Hosts with waiting requests, in the order their first one arrived."""

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        await self._acquire(host)
        try:
            yield
        finally:
            self._release(host)

    def _has_room(self, host: str) -> bool:
        return self._busy < self.total and self._by_host.get(host, 0) < self.per_host

    def _take(self, host: str) -> None:
        self._busy += 1
        self._by_host[host] = self._by_host.get(host, 0) + 1

    async def _acquire(self, host: str) -> None:
        # Whenever a slot is free, every waiter whose host has room has been granted one
        # (see `_release`), so only a request for a host already waiting must queue.
        if host not in self._waiting and self._has_room(host):
            self._take(host)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(host, deque()).append(future)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():  # granted, then cancelled
                self._release(host)
            else:
                self._forget(host, future)
            raise

    def _forget(self, host: str, future: asyncio.Future[None]) -> None:
        queue = self._waiting.get(host)
        if queue is not None and future in queue:
            queue.remove(future)
            if not queue:
                del self._waiting[host]

    def _release(self, host: str) -> None:
        self._busy -= 1
        left = self._by_host[host] - 1
        if left:
            self._by_host[host] = left
        else:
            del self._by_host[host]
        if host in self._waiting and self._grant(host):
            return
        for waiting in list(self._waiting):
            if self._has_room(waiting) and self._grant(waiting):
                return

    def _grant(self, host: str) -> bool:
        queue = self._waiting[host]
        while queue:
            future = queue.popleft()
            if not future.done():
                self._take(host)
                future.set_result(None)
                if not queue:
                    del self._waiting[host]
                return True
        del self._waiting[host]
        return False
