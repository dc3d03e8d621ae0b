"""The training feature's table: one row per training job, its request kept as validated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import UTCDateTime


class TrainingJobRow(SQLModel, table=True):
    """A training job and where it is in its life (see training.lifecycle)."""

    __tablename__ = "training_job"
    __table_args__ = (
        UniqueConstraint("account", "region", "name_key"),
        Index("ix_training_job_listing", "account", "region", "creation_time"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    name: str  # as given
    name_key: str  # lower-cased: names are unique regardless of case, as the ARN is lower-case
    arn: str = Field(unique=True)
    algorithm: str  # xgboost | linear-learner | kmeans
    status: str
    secondary_status: str
    failure_reason: str | None = None
    # The CreateTrainingJob input as validated, without the name and the tags.
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_modified_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    training_start_time: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    training_end_time: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    # [{Status, StartTime, EndTime?, StatusMessage}], times as ISO 8601 text.
    transitions: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # {metric name: value}, set when training ends; stamped with the end of the Training phase.
    metrics: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    metrics_time: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    model_artifact: str | None = None  # s3://.../<job>/output/model.tar.gz once written
    data_bytes: int = 0  # what the channels read, for the length of the Training phase
