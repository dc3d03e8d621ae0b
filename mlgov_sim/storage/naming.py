"""S3's names: bucket naming rules, `arn:aws:s3:::bucket/key` ARNs and `s3://bucket/key` URIs."""

from __future__ import annotations

import hashlib
import re

from mlgov_sim.core.errors import InvalidBucketName

_CHARACTERS = re.compile(r"^[a-z0-9.-]+$")
_IP_ADDRESS = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def bucket_arn(bucket: str) -> str:
    """`arn:aws:s3:::bucket`: S3 ARNs name no Region and no account."""
    return f"arn:aws:s3:::{bucket}"


def object_arn(bucket: str, key: str) -> str:
    """`arn:aws:s3:::bucket/key`, the resource IAM checks s3:GetObject and s3:PutObject on."""
    return f"arn:aws:s3:::{bucket}/{key}"


def bucket_of_arn(arn: str) -> str | None:
    """The bucket an `arn:aws:s3:::bucket[/key]` ARN names, or None for another ARN."""
    prefix = "arn:aws:s3:::"
    if not arn.startswith(prefix):
        return None
    return arn[len(prefix) :].split("/", 1)[0] or None


def split_uri(uri: str) -> tuple[str, str]:
    """(`bucket`, `key or prefix`) of `s3://bucket/key`; ValueError for anything else."""
    if not uri.startswith("s3://"):
        raise ValueError(f"{uri!r} is not an s3:// URI")
    bucket, _, key = uri[len("s3://") :].partition("/")
    if not bucket:
        raise ValueError(f"{uri!r} names no bucket")
    return bucket, key


def canonical_user_id(account: str) -> str:
    """The 64-hex canonical user ID S3 shows as an account's `Owner.ID` (stable per account)."""
    return hashlib.sha256(f"mlgov-sim canonical user {account}".encode()).hexdigest()


def check_bucket_name(name: str) -> None:
    """Refuse a name S3's general purpose bucket naming rules refuse, saying which rule."""
    problem = _naming_problem(name)
    if problem:
        raise InvalidBucketName(f"The specified bucket is not valid: {name!r} {problem}.")


def _naming_problem(name: str) -> str | None:
    if not 3 <= len(name) <= 63:
        return "must be 3 to 63 characters long"
    if not _CHARACTERS.match(name):
        return "may only use lowercase letters, digits, dots (.) and hyphens (-)"
    if not (name[0].isalnum() and name[-1].isalnum()):
        return "must begin and end with a letter or a digit"
    if ".." in name:
        return "must not hold two adjacent dots"
    if _IP_ADDRESS.match(name):
        return "must not look like an IP address"
    for prefix in _RESERVED_PREFIXES:
        if name.startswith(prefix):
            return f"must not start with the reserved prefix {prefix!r}"
    for suffix in _RESERVED_SUFFIXES:
        if name.endswith(suffix):
            return f"must not end with the reserved suffix {suffix!r}"
    return None
