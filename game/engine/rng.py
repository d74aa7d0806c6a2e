"""Stateless randomness: each draw is a hash of the seed and what it is for.

A draw never depends on how many draws came before, so undo, replay and a
scenario edited elsewhere all see the same luck for the same moment.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache


def draw(seed: int, *keys: object) -> float:
    """A number in [0, 1) fixed by the seed and the keys."""
    text = "\x1f".join([str(seed), *map(str, keys)]).encode()
    digest = hashlib.blake2b(text, digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


class Luck:
    """A game's seed and the number of draws made from it, which tools read to tell whether a step was luck.

    A seat's disposition is a draw too, made when a condition reads it rather than stored in the state: it
    is fixed for the seed, so a game's state says as much as before, and a step that read one counts as luck.
    """

    __slots__ = ("draws", "seed", "traits")

    def __init__(self, seed: int, traits: dict[tuple[str, str], tuple[int, int]], draws: int = 0):
        self.seed = seed
        self.draws = draws
        self.traits = traits  # (seat, trait) -> (low, high), both included

    def draw(self, *keys: object) -> float:
        self.draws += 1
        return draw(self.seed, *keys)

    def trait(self, seat: str, trait: str) -> int:
        self.draws += 1
        low, high = self.traits[(seat, trait)]
        return _trait(self.seed, seat, trait, low, high)


@lru_cache(maxsize=8192)
def _trait(seed: int, seat: str, trait: str, low: int, high: int) -> int:
    # Conditions read dispositions often and each read would hash again; the value is fixed by these five.
    return low + min(high - low, int(draw(seed, "disposition", seat, trait) * (high - low + 1)))
