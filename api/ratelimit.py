"""In-process sliding-window rate limiter, keyed by client IP.

Counters live in each uvicorn process. With several workers (WEB_CONCURRENCY=N), Settings gives every process
1/N of the configured limit, so a host never allows more than the configured rate; a client whose connections
all land on one process gets its share only (stricter, never looser)."""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimiter:
    def __init__(self, limit: int, period: float, clock=time.monotonic):
        self.limit = limit
        self.period = period
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Record a hit; None if allowed, else seconds until the next one is allowed."""
        now = self.clock()
        with self._lock:
            window = self._hits.setdefault(key, deque())
            while window and window[0] <= now - self.period:
                window.popleft()
            if len(window) >= self.limit:
                return max(0.0, window[0] + self.period - now)
            window.append(now)
            if len(self._hits) > 50_000:
                self._prune(now)
            return None

    def _prune(self, now: float) -> None:
        stale = [k for k, w in self._hits.items() if not w or w[-1] <= now - self.period]
        for k in stale:
            del self._hits[k]

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
