"""Stateless randomness: each draw is a hash of the seed and what it is for.

A draw never depends on how many draws came before, so undo, replay and a
scenario edited elsewhere all see the same luck for the same moment.
"""

from __future__ import annotations

import hashlib


def draw(seed: int, *keys: object) -> float:
    """A number in [0, 1) fixed by the seed and the keys."""
    text = "\x1f".join([str(seed), *map(str, keys)]).encode()
    digest = hashlib.blake2b(text, digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64
