"""Objects: PutObject, GetObject, HeadObject, DeleteObject, and the same for other features.

Bodies are kept in the world, up to `MAX_OBJECT_BYTES` each: enough for the
small CSV files and model archives of a governance exercise, and a clear
EntityTooLarge beyond. ETags are the quoted MD5 hex of the body, as S3 gives
for an object uploaded in one part.

`write` and `read` are the functions another feature uses when the real
service writes or reads S3 itself (a training job's data and model): they
apply the same rules, and leave IAM to the caller, who acts with a role.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import EntityTooLarge, NoSuchBucket, NoSuchKey
from mlgov_sim.core.ops import operation
from mlgov_sim.storage import store
from mlgov_sim.storage.naming import object_arn
from mlgov_sim.storage.store import Object

MAX_OBJECT_BYTES = 5 * 1024 * 1024
DEFAULT_CONTENT_TYPE = "binary/octet-stream"  # what S3 records when PutObject names none
SERVER_SIDE_ENCRYPTION = "AES256"  # S3 encrypts every new object with SSE-S3 by default
_HEADERS = ("CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage")


def etag_of(body: bytes) -> str:
    """The ETag S3 gives a single-part upload: the body's MD5, hex, in double quotes."""
    return f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'


def write(
    db: Database,
    bucket: str,
    key: str,
    body: bytes,
    now: datetime,
    *,
    content_type: str | None = None,
    metadata: dict[str, str] | None = None,
    headers: dict[str, Any] | None = None,
) -> Object:
    """Store `body` under `key`, replacing any object there; NoSuchBucket, EntityTooLarge."""
    if store.find_bucket(db, bucket) is None:
        raise NoSuchBucket()
    if len(body) > MAX_OBJECT_BYTES:
        raise EntityTooLarge(
            f"Your proposed upload exceeds the maximum allowed size: {len(body)} bytes, where "
            f"mlgov-sim keeps objects of up to {MAX_OBJECT_BYTES} bytes (5 MiB)."
        )
    obj = Object(
        bucket=bucket,
        key=key,
        body=bytes(body),
        size=len(body),
        etag=etag_of(body),
        content_type=content_type or DEFAULT_CONTENT_TYPE,
        last_modified=now,
        metadata=dict(metadata or {}),
        headers=dict(headers or {}),
    )
    store.save_object(db, obj)
    return obj


def read(db: Database, bucket: str, key: str) -> Object:
    """The object under `key`; NoSuchBucket or NoSuchKey when there is none."""
    obj = store.find_object(db, bucket, key)
    if obj is None:
        raise NoSuchKey() if store.find_bucket(db, bucket) else NoSuchBucket()
    return obj


def _object_target(call: Call, params: dict[str, Any]) -> str:
    return object_arn(params["Bucket"], params["Key"])


@operation("s3:PutObject", resource=_object_target)
def put_object(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Stores an object (the body as given: text is stored as its UTF-8 bytes).

    Up to 5 MiB per object (EntityTooLarge beyond). Content type, user
    metadata and the Cache-Control, Content-Disposition, Content-Encoding and
    Content-Language headers are kept and returned by GetObject and
    HeadObject. Versioning, checksums, conditional writes, ACLs and object
    lock are not simulated.
    """
    headers = {name: params[name] for name in _HEADERS if params.get(name) is not None}
    obj = write(
        call.db,
        params["Bucket"],
        params["Key"],
        params.get("Body") or b"",
        call.now,
        content_type=params.get("ContentType"),
        metadata=params.get("Metadata"),
        headers=headers,
    )
    return {"ETag": obj.etag, "ServerSideEncryption": SERVER_SIDE_ENCRYPTION}


@operation("s3:GetObject", resource=_object_target)
def get_object(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Returns an object and its body (bytes, as botocore's streaming body reads them).

    Range, conditional reads and versions are not simulated: the whole,
    current object comes back.
    """
    obj = read(call.db, params["Bucket"], params["Key"])
    return {"Body": obj.body, **_described(obj)}


@operation("s3:HeadObject", resource=_object_target)
def head_object(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Returns an object's metadata without its body.

    A missing object is NoSuchKey here; over HTTP a HEAD response has no body,
    so boto3 reports it as code "404", "Not Found".
    """
    return _described(read(call.db, params["Bucket"], params["Key"]))


@operation("s3:DeleteObject", resource=_object_target)
def delete_object(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes an object. Deleting a key that holds nothing succeeds, as in S3.

    The bucket must exist (NoSuchBucket). Versions and delete markers are not
    simulated.
    """
    if store.find_bucket(call.db, params["Bucket"]) is None:
        raise NoSuchBucket()
    store.delete_object(call.db, params["Bucket"], params["Key"])
    return {}


def _described(obj: Object) -> dict[str, Any]:
    """What GetObject and HeadObject report of an object besides its bytes."""
    return {
        "AcceptRanges": "bytes",
        "LastModified": obj.last_modified,
        "ContentLength": obj.size,
        "ETag": obj.etag,
        "ContentType": obj.content_type,
        "ServerSideEncryption": SERVER_SIDE_ENCRYPTION,
        "Metadata": dict(obj.metadata),
        **obj.headers,
    }
