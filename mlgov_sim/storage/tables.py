"""The S3 stand-in's tables: buckets (named globally, owned by one account) and their objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, LargeBinary, String
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import UTCDateTime


class BucketRow(SQLModel, table=True):
    """A bucket. Its name is unique across every account, as S3's bucket namespace is."""

    __tablename__ = "s3_bucket"

    name: str = Field(primary_key=True)
    account: str
    region: str
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class ObjectRow(SQLModel, table=True):
    """One object: its bytes (size-capped, see objects.MAX_OBJECT_BYTES) and what S3 reports."""

    __tablename__ = "s3_object"

    bucket: str = Field(
        sa_column=Column(String, ForeignKey("s3_bucket.name"), primary_key=True, nullable=False)
    )
    key: str = Field(primary_key=True)
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    size: int
    etag: str  # quoted MD5 hex, as S3 reports it for a single-part upload
    content_type: str
    last_modified: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    user_metadata: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    # CacheControl, ContentDisposition, ContentEncoding, ContentLanguage as given on PutObject.
    headers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
