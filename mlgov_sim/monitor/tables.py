"""The monitor's tables: metrics, their datapoints, alarms and alarm history.

A metric is one namespace, name and exact set of dimensions in one account
and Region (CloudWatch treats each combination of dimensions as its own
metric). Datapoints are kept as statistic sets, which is what every
statistic CloudWatch returns can be computed from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import UTCDateTime


class MetricRow(SQLModel, table=True):
    """A metric: created by its first datapoint, as ListMetrics shows it."""

    __tablename__ = "cloudwatch_metric"
    __table_args__ = (
        UniqueConstraint("account", "region", "namespace", "metric_name", "dims_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    namespace: str
    metric_name: str
    dims_key: str  # canonical JSON of the dimensions sorted by name: the metric's identity
    dimensions: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class DatapointRow(SQLModel, table=True):
    """One published datapoint (a value, a statistic set, or values with counts)."""

    __tablename__ = "cloudwatch_datapoint"
    __table_args__ = (Index("ix_cloudwatch_datapoint_metric_time", "metric_id", "timestamp"),)

    id: int | None = Field(default=None, primary_key=True)
    metric_id: int
    timestamp: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    unit: str = "None"
    sample_count: float
    sum: float
    minimum: float
    maximum: float
    # The raw values with their counts ([[value, count], ...]) where known, for percentiles.
    values: list[list[float]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class AlarmRow(SQLModel, table=True):
    """A metric alarm: its configuration as PutMetricAlarm gave it, and its state."""

    __tablename__ = "cloudwatch_alarm"
    __table_args__ = (
        UniqueConstraint("account", "region", "name"),
        Index("ix_cloudwatch_alarm_metric", "account", "region", "namespace", "metric_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    name: str
    arn: str = Field(unique=True)
    namespace: str
    metric_name: str
    dims_key: str
    # The PutMetricAlarm input as validated, without AlarmName and Tags.
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    metric_id_label: str  # the id CloudWatch gives the alarm's metric in its events
    state_value: str
    state_reason: str
    state_reason_data: str | None = None
    state_updated: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    state_transitioned: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    config_updated: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # When the alarm is next evaluated (its pending timer), or None when nothing can change.
    next_check: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class AlarmHistoryRow(SQLModel, table=True):
    """One DescribeAlarmHistory item; kept after the alarm is deleted, as CloudWatch does."""

    __tablename__ = "cloudwatch_alarm_history"
    __table_args__ = (Index("ix_cloudwatch_alarm_history_time", "account", "region", "timestamp"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    alarm_name: str
    alarm_type: str = "MetricAlarm"
    timestamp: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    item_type: str  # ConfigurationUpdate | StateUpdate
    summary: str
    data: str  # HistoryData: JSON text
