"""A token bucket per client address, for the join form.

A join code has six characters from 31 (about 887 million codes), so guessing one at the rate a bucket
allows is hopeless; the limit also keeps one misbehaving machine from filling the record with names. The
bucket is generous enough for a class behind one address (a school's NAT, a proxy): a burst of ``burst``
joins, then ``rate`` a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimit:
    def __init__(
        self,
        burst: float = 40,
        rate: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.burst, self.rate, self.clock, self.max_keys = burst, rate, clock, max_keys
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> float:
        """0 if ``key`` may go ahead now (one token is spent), else the seconds until it may."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_full(now)
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        """Keep memory bounded: buckets that have refilled say nothing a new bucket would not."""
        if len(self._buckets) < self.max_keys:
            return
        full = now - self.burst / self.rate
        self._buckets = {k: b for k, b in self._buckets.items() if b.at > full}
        if len(self._buckets) >= self.max_keys:  # a flood of fresh addresses: keep the newest half
            newest = sorted(self._buckets.items(), key=lambda kv: kv[1].at)[-(self.max_keys // 2) :]
            self._buckets = dict(newest)
