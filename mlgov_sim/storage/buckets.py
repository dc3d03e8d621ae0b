"""Buckets: CreateBucket and ListBuckets, with S3's global namespace and Region rules."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import (
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    IllegalLocationConstraintException,
    InvalidArgument,
)
from mlgov_sim.core.ops import operation
from mlgov_sim.storage import store
from mlgov_sim.storage.naming import bucket_arn, canonical_user_id, check_bucket_name
from mlgov_sim.storage.store import Bucket

DEFAULT_REGION = "us-east-1"  # the Region a bucket is in when CreateBucket names none


def _bucket_target(call: Call, params: dict[str, Any]) -> str:
    return bucket_arn(params["Bucket"])


@operation("s3:CreateBucket", resource=_bucket_target)
def create_bucket(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates a bucket, owned by the caller's account, in the world's Region.

    Bucket names are global: a name another account holds is refused with
    BucketAlreadyExists. Re-creating a bucket you own succeeds in us-east-1
    (S3's legacy behaviour) and is refused with BucketAlreadyOwnedByYou
    elsewhere. Outside us-east-1, CreateBucketConfiguration.LocationConstraint
    must name the world's Region, as a Regional endpoint requires. ACLs,
    object ownership and object lock are accepted and not simulated.
    """
    name = params["Bucket"]
    check_bucket_name(name)
    _check_location(call, params.get("CreateBucketConfiguration") or {})
    existing = store.find_bucket(call.db, name)
    if existing is not None:
        if existing.account != call.account:
            raise BucketAlreadyExists(
                "The requested bucket name is not available. The bucket namespace is shared by "
                "all users of the system. Please select a different name and try again."
            )
        if call.region != DEFAULT_REGION:
            raise BucketAlreadyOwnedByYou(
                "Your previous request to create the named bucket succeeded and you already own it."
            )
        return {"Location": f"/{name}"}
    store.insert_bucket(call.db, Bucket(name, call.account, call.region, call.now))
    if call.region == DEFAULT_REGION:
        return {"Location": f"/{name}"}
    return {"Location": f"http://{name}.s3.amazonaws.com/"}


def _check_location(call: Call, configuration: dict[str, Any]) -> None:
    """The LocationConstraint must be the Region the request went to (none for us-east-1)."""
    constraint = configuration.get("LocationConstraint")
    if constraint is None:
        if call.region != DEFAULT_REGION:
            raise IllegalLocationConstraintException(
                "The unspecified location constraint is incompatible for the region specific "
                f"endpoint this request was sent to. (Give CreateBucketConfiguration: "
                f"{{LocationConstraint: {call.region}}}.)"
            )
        return
    if constraint != call.region:
        raise IllegalLocationConstraintException(
            f"The {constraint} location constraint is incompatible for the region specific "
            "endpoint this request was sent to."
        )


@operation("s3:ListBuckets", resource=lambda call, params: None)
def list_buckets(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the buckets the caller's account owns, by name.

    Prefix and BucketRegion filter; MaxBuckets pages, with ContinuationToken.
    Without MaxBuckets every bucket comes in one response.
    """
    after = _decode(params.get("ContinuationToken"))
    prefix = params.get("Prefix") or ""
    region = params.get("BucketRegion")
    limit = params.get("MaxBuckets")
    found: list[Bucket] = []
    more = False
    for bucket in store.buckets_of(call.db, call.account, max(after, prefix)):
        if after and bucket.name <= after:
            continue
        if not bucket.name.startswith(prefix):
            if bucket.name > prefix:
                break
            continue
        if region is not None and bucket.region != region:
            continue
        if limit is not None and len(found) == limit:
            more = True
            break
        found.append(bucket)
    return {
        "Buckets": [
            {"Name": b.name, "CreationDate": b.creation_time, "BucketRegion": b.region}
            for b in found
        ],
        "Owner": {"ID": canonical_user_id(call.account)},
        "ContinuationToken": _encode(found[-1].name) if more else None,
        "Prefix": params.get("Prefix"),
    }


def _encode(name: str) -> str:
    return base64.urlsafe_b64encode(f"bucket:{name}".encode()).decode()


def _decode(token: str | None) -> str:
    if not token:
        return ""
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith("bucket:"):
        raise InvalidArgument("The continuation token provided is incorrect")
    return text[len("bucket:") :]
