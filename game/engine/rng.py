"""Stateless randomness: each draw is a hash of the seed and what it is for.

A draw never depends on how many draws came before, so undo, replay and a
scenario edited elsewhere all see the same luck for the same moment.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from ..scenario.expr import ORDER


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

    __slots__ = ("asked", "draws", "seed", "traits")

    def __init__(self, seed: int, traits: dict[tuple[str, str], tuple[int, int]], draws: int = 0):
        self.seed = seed
        self.draws = draws
        self.traits = traits  # (seat, trait) -> (low, high), both included
        # When a list, every question put to the seed and its answer are kept in order (see ``answers``):
        # randomtest reuses a step that drew on luck for another seed that answers the same.
        self.asked: list[Question] | None = None

    def draw(self, *keys: object) -> float:
        self.draws += 1
        value = draw(self.seed, *keys)
        if self.asked is not None:
            self.asked.append(("draw", keys, 0, value))  # a raw number: only the same number answers alike
        return value

    def chance(self, p: float, *keys: object) -> bool:
        """Whether the draw for ``keys`` comes up under probability ``p``."""
        self.draws += 1
        result = draw(self.seed, *keys) < p
        if self.asked is not None:
            self.asked.append(("chance", keys, p, result))
        return result

    def trait(self, seat: str, trait: str) -> int:
        self.draws += 1
        low, high = self.traits[(seat, trait)]
        value = _trait(self.seed, seat, trait, low, high)
        if self.asked is not None:
            self.asked.append(("trait", (seat, trait), 0, value))
        return value

    def order(self, seat: str, trait: str, op: str, x: object, flipped: bool) -> bool:
        """``x OP trait`` (or ``trait OP x`` when ``flipped``): only this answer matters, not the trait's value."""
        self.draws += 1
        low, high = self.traits[(seat, trait)]
        value = _trait(self.seed, seat, trait, low, high)
        result = ORDER[op](value, x) if flipped else ORDER[op](x, value)
        if self.asked is not None:
            self.asked.append(("order", (seat, trait, op, x, flipped), 0, result))
        return result

    def answers(self, asked: tuple[Question, ...], seed: int) -> bool:
        """Whether ``seed`` answers every question in ``asked`` as it was answered, in order.

        A step is the same for every seed that does: everything it did in between followed from the state.
        """
        for kind, keys, p, result in asked:
            if kind == "chance":
                if (draw(seed, *keys) < p) != result:
                    return False
                continue
            if kind == "draw":
                if draw(seed, *keys) != result:
                    return False
                continue
            seat, trait = keys[0], keys[1]
            low, high = self.traits[(seat, trait)]
            value = _trait(seed, seat, trait, low, high)  # type: ignore[arg-type]
            if kind == "trait":
                if value != result:
                    return False
                continue
            _, _, op, x, flipped = keys
            if (ORDER[op](value, x) if flipped else ORDER[op](x, value)) != result:  # type: ignore[index]
                return False
        return True


# (kind, keys, probability, answer): "chance" (answer: whether it came up), "draw" and "trait" (the number
# drawn) or "order" (the comparison's result)
Question = tuple[str, tuple[object, ...], float, object]


@lru_cache(maxsize=8192)
def _trait(seed: int, seat: str, trait: str, low: int, high: int) -> int:
    # Conditions read dispositions often and each read would hash again; the value is fixed by these five.
    return low + min(high - low, int(draw(seed, "disposition", seat, trait) * (high - low + 1)))
