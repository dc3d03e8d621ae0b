"""ListObjectsV2: keys in UTF-8 binary order, Prefix, Delimiter rolling keys into CommonPrefixes,
MaxKeys pages (keys and common prefixes both count) resumed with ContinuationToken or StartAfter.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import quote

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import InvalidArgument, NoSuchBucket
from mlgov_sim.core.ops import operation
from mlgov_sim.storage import store
from mlgov_sim.storage.naming import bucket_arn, canonical_user_id
from mlgov_sim.storage.store import Entry

DEFAULT_MAX_KEYS = 1000  # S3's default, and the most one response holds


def _condition_keys(params: dict[str, Any]) -> dict[str, Any]:
    """s3:prefix, s3:delimiter and s3:max-keys: what a policy can restrict a listing by."""
    keys: dict[str, Any] = {"s3:prefix": params.get("Prefix") or ""}
    if params.get("Delimiter") is not None:
        keys["s3:delimiter"] = params["Delimiter"]
    if params.get("MaxKeys") is not None:
        keys["s3:max-keys"] = params["MaxKeys"]
    return keys


@operation(
    "s3:ListObjectsV2",
    resource=lambda call, params: bucket_arn(params["Bucket"]),
    condition_keys=_condition_keys,
)
def list_objects_v2(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists a bucket's objects in key order, as IAM's s3:ListBucket on the bucket allows.

    Prefix filters; Delimiter rolls the keys that share the text up to the
    next delimiter after the prefix into one CommonPrefixes entry; MaxKeys
    (default and most 1000) counts keys and common prefixes alike, and a
    truncated page gives NextContinuationToken. StartAfter starts after a key
    (ignored with a ContinuationToken). EncodingType=url encodes the keys.
    """
    bucket = params["Bucket"]
    if store.find_bucket(call.db, bucket) is None:
        raise NoSuchBucket()
    prefix = params.get("Prefix") or ""
    delimiter = params.get("Delimiter") or ""
    requested = params.get("MaxKeys")
    if requested is not None and requested < 0:
        raise InvalidArgument("Argument maxKeys must be an integer between 0 and 2147483647")
    limit = DEFAULT_MAX_KEYS if requested is None else min(requested, DEFAULT_MAX_KEYS)
    token = params.get("ContinuationToken")
    after, rolled = _decode(token) if token else (params.get("StartAfter") or "", None)
    page = _Page(prefix, delimiter, limit, after, rolled)
    if limit:  # MaxKeys=0 asks for no keys, and is not a truncated listing
        for entry in store.entries_from(call.db, bucket, max(after, prefix)):
            if not page.take(entry):
                break
    encode = _url if params.get("EncodingType") == "url" else str
    owner = {"ID": canonical_user_id(call.account)} if params.get("FetchOwner") else None
    return {
        "IsTruncated": page.truncated,
        "Contents": [_content(entry, encode, owner) for entry in page.entries] or None,
        "Name": bucket,
        "Prefix": encode(prefix),
        "Delimiter": encode(delimiter) if delimiter else None,
        "MaxKeys": DEFAULT_MAX_KEYS if requested is None else requested,
        "CommonPrefixes": [{"Prefix": encode(p)} for p in page.prefixes] or None,
        "EncodingType": params.get("EncodingType"),
        "KeyCount": len(page.entries) + len(page.prefixes),
        "ContinuationToken": token,
        "NextContinuationToken": _encode(*page.resume_at) if page.truncated else None,
        "StartAfter": params.get("StartAfter"),
    }


class _Page:
    """One page of a listing, filled key by key in order until it is full."""

    def __init__(
        self, prefix: str, delimiter: str, limit: int, after: str, rolled: str | None
    ) -> None:
        self.prefix, self.delimiter, self.limit, self.after = prefix, delimiter, limit, after
        self.skip = rolled  # keys under a common prefix already returned are not listed again
        self.entries: list[Entry] = []
        self.prefixes: list[str] = []
        self.truncated = False
        self.resume_at: tuple[str, str | None] = (after, rolled)

    def take(self, entry: Entry) -> bool:
        """Count `entry` in; False once the listing is over (past the prefix, or page full)."""
        key = entry.key
        if key <= self.after:
            return True
        if not key.startswith(self.prefix):
            return False  # keys are in order: none after this one has the prefix
        if self.skip is not None and key.startswith(self.skip):
            return True
        rolled = self._rolled(key)
        if len(self.entries) + len(self.prefixes) == self.limit:
            self.truncated = True
            return False
        if rolled is not None:
            self.prefixes.append(rolled)
            self.skip = rolled
            self.resume_at = (key, rolled)
        else:
            self.entries.append(entry)
            self.resume_at = (key, None)
        return True

    def _rolled(self, key: str) -> str | None:
        """The common prefix `key` rolls up into, or None when it is listed itself."""
        if not self.delimiter:
            return None
        at = key.find(self.delimiter, len(self.prefix))
        return None if at < 0 else key[: at + len(self.delimiter)]


def _content(entry: Entry, encode: Any, owner: dict[str, str] | None) -> dict[str, Any]:
    return {
        "Key": encode(entry.key),
        "LastModified": entry.last_modified,
        "ETag": entry.etag,
        "Size": entry.size,
        "StorageClass": "STANDARD",
        "Owner": owner,
    }


def _url(text: str) -> str:
    return quote(text, safe="/")


def _encode(after: str, rolled: str | None) -> str:
    """An opaque token: where the page ended, and the common prefix it ended inside, if any."""
    raw = json.dumps({"a": after, "r": rolled}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode(token: str) -> tuple[str, str | None]:
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        after, rolled = data["a"], data["r"]
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise InvalidArgument("The continuation token provided is incorrect") from None
    if not isinstance(after, str) or not (rolled is None or isinstance(rolled, str)):
        raise InvalidArgument("The continuation token provided is incorrect")
    return after, rolled
