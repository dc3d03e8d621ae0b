"""Access keys for a world's principals, derived from the world instead of stored.

AWS hands each IAM user an access key ID (`AKIA` and 16 characters of
base 32) and a 40-character secret. The simulator derives both from the
world's seed, its account and the principal's name, so the same world always
has the same keys, `mlgov-sim keys` can show them without a table, and a world
saved by a scenario has keys the moment it exists.

The keys choose who acts and let the endpoint check a request's SigV4
signature; they are not secrets: anyone who knows the seed can derive them.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class AccessKey:
    """A principal's access key pair, as `aws configure` asks for it."""

    principal: str
    access_key_id: str
    secret_access_key: str


def derive_key(seed: str, account: str, principal: str) -> AccessKey:
    """The access key pair of `principal` in the world of `seed` and `account`.

    >>> key = derive_key("mlgov-sim", "111122223333", "admin")
    >>> key.access_key_id.startswith("AKIA"), len(key.access_key_id), len(key.secret_access_key)
    (True, 20, 40)
    >>> key == derive_key("mlgov-sim", "111122223333", "admin")
    True
    """
    material = f"{seed}\x00{account}\x00{principal}".encode()
    key_digest = hashlib.sha256(b"access-key-id\x00" + material).digest()
    secret_digest = hashlib.sha256(b"secret-access-key\x00" + material).digest()
    key_id = "AKIA" + base64.b32encode(key_digest).decode()[:16]
    secret = base64.b64encode(secret_digest).decode()[:40]
    return AccessKey(principal, key_id, secret)
