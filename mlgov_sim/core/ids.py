"""Identifiers derived from the world, so the same scenario gives the same IDs.

AWS makes IDs random; the simulator derives them from the world's seed, a kind
and a counter kept in the world's row (inside the call's transaction, so a
refused call consumes no number).
"""

from __future__ import annotations

import hashlib
import uuid


def derive_hex(seed: str, kind: str, number: int, length: int = 32) -> str:
    """Hex digits derived from (seed, kind, number).

    >>> derive_hex("s", "event", 1, 8) == derive_hex("s", "event", 1, 8)
    True
    """
    digest = hashlib.sha256(f"{seed}\x00{kind}\x00{number}".encode()).hexdigest()
    return digest[:length]


def derive_uuid(seed: str, kind: str, number: int) -> str:
    """A version-4-shaped UUID derived from (seed, kind, number), as event IDs look."""
    raw = bytearray(bytes.fromhex(derive_hex(seed, kind, number, 32)))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(raw)))
