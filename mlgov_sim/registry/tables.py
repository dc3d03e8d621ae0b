"""The registry's tables, declared once for `SQLModel.metadata` to create.

They are read and written through `store` (Core statements, rows as records),
not as ORM objects. Rows stay inside the package; callers get API shapes (see views).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import UTCDateTime


class ModelPackageGroupRow(SQLModel, table=True):
    """A model package group: a named, versioned collection of model packages."""

    __tablename__ = "model_package_group"
    __table_args__ = (UniqueConstraint("account", "region", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    name: str
    arn: str = Field(unique=True)
    description: str | None = None
    status: str = "Completed"
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_by: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    # The next version number; only ever grows, so a deleted version's number is never reused.
    next_version: int = 1


class ModelPackageRow(SQLModel, table=True):
    """A model package: a version in a group, or an unversioned (marketplace-style) package."""

    __tablename__ = "model_package"
    __table_args__ = (
        UniqueConstraint("group_id", "version"),
        Index("ix_model_package_listing", "account", "region", "group_name", "creation_time"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    arn: str = Field(unique=True)
    name: str  # the package name; for a version, its group's name
    group_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("model_package_group.id"), nullable=True),
    )
    group_name: str | None = None
    version: int | None = None
    description: str | None = None
    approval_status: str | None = None
    approval_description: str | None = None
    status: str = "Completed"
    registration_type: str | None = None
    lifecycle: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    customer_metadata: dict[str, str] | None = Field(default=None, sa_column=Column(JSON))
    # Every other input field (InferenceSpecification, ModelMetrics, ...), as validated.
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    client_token: str | None = None
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_by: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    last_modified_time: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    last_modified_by: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
