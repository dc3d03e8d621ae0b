"""Buckets and objects in and out of the database: small records and Core statements built once.

Only this module reads or writes the tables. Listings read keys, sizes and
ETags without the bodies; a body is read only when an object is fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update

from mlgov_sim.core.db import Database
from mlgov_sim.storage.tables import BucketRow, ObjectRow

BUCKETS: Table = BucketRow.__table__  # type: ignore[attr-defined]
OBJECTS: Table = ObjectRow.__table__  # type: ignore[attr-defined]


@dataclass(slots=True)
class Bucket:
    name: str
    account: str
    region: str
    creation_time: datetime


@dataclass(slots=True)
class Entry:
    """What a listing shows of an object: everything but its bytes."""

    key: str
    size: int
    etag: str
    last_modified: datetime


@dataclass(slots=True)
class Object:
    """A whole object, bytes included."""

    bucket: str
    key: str
    body: bytes
    size: int
    etag: str
    content_type: str
    last_modified: datetime
    metadata: dict[str, str] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)


_BUCKET_COLUMNS = (BUCKETS.c.name, BUCKETS.c.account, BUCKETS.c.region, BUCKETS.c.creation_time)
_ENTRY_COLUMNS = (OBJECTS.c.key, OBJECTS.c.size, OBJECTS.c.etag, OBJECTS.c.last_modified)
_OBJECT_COLUMNS = (
    OBJECTS.c.bucket,
    OBJECTS.c.key,
    OBJECTS.c.body,
    OBJECTS.c.size,
    OBJECTS.c.etag,
    OBJECTS.c.content_type,
    OBJECTS.c.last_modified,
    OBJECTS.c.user_metadata,
    OBJECTS.c.headers,
)

_BUCKET = select(*_BUCKET_COLUMNS).where(BUCKETS.c.name == bindparam("name"))
_BUCKETS_OF = (
    select(*_BUCKET_COLUMNS)
    .where(BUCKETS.c.account == bindparam("account"), BUCKETS.c.name >= bindparam("start"))
    .order_by(BUCKETS.c.name)
)
_INSERT_BUCKET = insert(BUCKETS)
_OBJECT = select(*_OBJECT_COLUMNS).where(
    OBJECTS.c.bucket == bindparam("bucket"), OBJECTS.c.key == bindparam("key")
)
_ENTRY = select(*_ENTRY_COLUMNS).where(
    OBJECTS.c.bucket == bindparam("bucket"), OBJECTS.c.key == bindparam("key")
)
_ENTRIES_FROM = (
    select(*_ENTRY_COLUMNS)
    .where(OBJECTS.c.bucket == bindparam("bucket"), OBJECTS.c.key >= bindparam("start"))
    .order_by(OBJECTS.c.key)
)
_INSERT_OBJECT = insert(OBJECTS)
_REPLACE_OBJECT = update(OBJECTS).where(
    OBJECTS.c.bucket == bindparam("b_bucket"), OBJECTS.c.key == bindparam("b_key")
)
_DELETE_OBJECT = delete(OBJECTS).where(
    OBJECTS.c.bucket == bindparam("bucket"), OBJECTS.c.key == bindparam("key")
)


def find_bucket(db: Database, name: str) -> Bucket | None:
    row = db.execute(_BUCKET, {"name": name}).first()
    return None if row is None else Bucket(*row)


def insert_bucket(db: Database, bucket: Bucket) -> None:
    db.execute(
        _INSERT_BUCKET,
        {
            "name": bucket.name,
            "account": bucket.account,
            "region": bucket.region,
            "creation_time": bucket.creation_time,
        },
    )


def buckets_of(db: Database, account: str, start: str = "") -> Iterator[Bucket]:
    """The account's buckets from name `start` on, by name."""
    for row in db.execute(_BUCKETS_OF, {"account": account, "start": start}):
        yield Bucket(*row)


def find_object(db: Database, bucket: str, key: str) -> Object | None:
    row = db.execute(_OBJECT, {"bucket": bucket, "key": key}).first()
    return None if row is None else Object(*row)


def find_entry(db: Database, bucket: str, key: str) -> Entry | None:
    row = db.execute(_ENTRY, {"bucket": bucket, "key": key}).first()
    return None if row is None else Entry(*row)


def entries_from(db: Database, bucket: str, start: str) -> Iterator[Entry]:
    """The bucket's objects from key `start` on, in key order (UTF-8 binary order, as S3's)."""
    for row in db.execute(_ENTRIES_FROM, {"bucket": bucket, "start": start}):
        yield Entry(*row)


def save_object(db: Database, obj: Object) -> None:
    """Store `obj`, replacing whatever the bucket held under its key."""
    values = {
        "body": obj.body,
        "size": obj.size,
        "etag": obj.etag,
        "content_type": obj.content_type,
        "last_modified": obj.last_modified,
        "user_metadata": obj.metadata,
        "headers": obj.headers,
    }
    replaced = db.execute(_REPLACE_OBJECT, {"b_bucket": obj.bucket, "b_key": obj.key, **values})
    if not replaced.rowcount:
        db.execute(_INSERT_OBJECT, {"bucket": obj.bucket, "key": obj.key, **values})


def delete_object(db: Database, bucket: str, key: str) -> None:
    db.execute(_DELETE_OBJECT, {"bucket": bucket, "key": key})
