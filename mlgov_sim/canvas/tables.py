"""The canvas feature's tables: domains, user profiles, apps, and what Canvas users work on.

Requests are kept as validated (JSON), so Describe answers with what was asked
for; statuses and times are columns, as listings filter and sort on them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import UTCDateTime


class DomainRow(SQLModel, table=True):
    """A SageMaker domain: its settings and where it is in its life."""

    __tablename__ = "canvas_domain"

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    domain_id: str = Field(unique=True)  # d- and 12 lower-case letters and digits
    name: str
    arn: str = Field(unique=True)
    status: str
    home_efs_id: str
    # The CreateDomain input as validated, without DomainName and Tags.
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_modified_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class UserProfileRow(SQLModel, table=True):
    """A user profile in a domain, with its own UserSettings (over the domain's defaults)."""

    __tablename__ = "canvas_user_profile"
    __table_args__ = (UniqueConstraint("domain_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    domain_id: str = Field(index=True)
    name: str
    arn: str = Field(unique=True)
    status: str
    home_efs_uid: str
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    sso: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_modified_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class AppRow(SQLModel, table=True):
    """An app of a user profile: Canvas makes a Canvas user, JupyterServer a Studio Classic one.

    A deleted app stays (status Deleted), as ListApps shows it on AWS.
    """

    __tablename__ = "canvas_app"
    __table_args__ = (Index("ix_canvas_app_owner", "domain_id", "user_profile"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    domain_id: str
    user_profile: str
    app_type: str
    name: str
    arn: str = Field(index=True)
    status: str
    resource_spec: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class CanvasItemRow(SQLModel, table=True):
    """Something a Canvas or Studio Classic user made in the console (no public API).

    kind: `dataset` (imported from S3), `model` (built or imported into Canvas),
    `shared-model` (shared from Studio Classic with Canvas users), `prediction`.
    """

    __tablename__ = "canvas_item"
    __table_args__ = (Index("ix_canvas_item_owner", "domain_id", "owner", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    item_id: str = Field(unique=True)
    kind: str
    domain_id: str
    owner: str  # the user profile that made it
    name: str
    status: str
    # [{DomainId, UserProfileName}]: who a shared model was shared with.
    recipients: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_modified_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
