"""The kernel's own tables: the world's row, its principals, the audit log and the event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import UTCDateTime


class WorldRow(SQLModel, table=True):
    """One simulated world: its home account and region, its clock and its ID counter."""

    __tablename__ = "world"

    id: int = Field(default=1, primary_key=True)
    account: str
    region: str
    seed: str
    started_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    now: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    id_counter: int = 0
    title: str | None = None


class PrincipalRow(SQLModel, table=True):
    """Someone who can act in the world; `admin` always exists and may do everything."""

    __tablename__ = "principal"

    name: str = Field(primary_key=True)
    account: str
    arn: str
    role: str | None = None


class RoleRow(SQLModel, table=True):
    """An IAM role principals act through, with its identity-based policies."""

    __tablename__ = "role"

    name: str = Field(primary_key=True)
    account: str
    policies: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class AuditEntry(SQLModel, table=True):
    """One call through `World.call`, refusals included: who, what, on what, when, outcome."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_target", "target_arn"),)

    id: int | None = Field(default=None, primary_key=True)
    time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    account: str
    region: str
    principal: str
    principal_arn: str
    operation: str
    target_arn: str | None = None
    outcome: str  # "Success" or "Error"
    error_code: str | None = None
    error_message: str | None = None
    via: str | None = None  # the automation or drill that made the call, if any


class EventRecord(SQLModel, table=True):
    """An event put on the world's bus, in EventBridge's envelope."""

    __tablename__ = "event"

    seq: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(index=True)
    time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    source: str
    detail_type: str
    account: str
    region: str
    resources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
