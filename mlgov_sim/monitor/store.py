"""The monitor's rows in and out of the database: records and Core statements built once."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Table, bindparam, delete, insert, select, update
from sqlalchemy.sql import Select

from mlgov_sim.core.db import Database
from mlgov_sim.core.records import changed_values, insert_record
from mlgov_sim.monitor.tables import AlarmHistoryRow, AlarmRow, DatapointRow, MetricRow

METRICS: Table = MetricRow.__table__  # type: ignore[attr-defined]
DATAPOINTS: Table = DatapointRow.__table__  # type: ignore[attr-defined]
ALARMS: Table = AlarmRow.__table__  # type: ignore[attr-defined]
HISTORY: Table = AlarmHistoryRow.__table__  # type: ignore[attr-defined]


def dims_key(dimensions: dict[str, str]) -> str:
    """A metric's dimensions as one comparable text: sorted by name, as JSON."""
    return json.dumps(sorted(dimensions.items()), separators=(",", ":"))


def dims_list(dimensions: dict[str, str]) -> list[dict[str, str]]:
    """`[{Name, Value}]` sorted by name, as CloudWatch lists a metric's dimensions."""
    return [{"Name": name, "Value": value} for name, value in sorted(dimensions.items())]


@dataclass(frozen=True)
class MetricKey:
    """What identifies a metric within an account and Region."""

    namespace: str
    name: str
    dimensions: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, namespace: str, name: str, dimensions: dict[str, str]) -> MetricKey:
        return cls(namespace, name, tuple(sorted(dimensions.items())))

    @property
    def dims(self) -> dict[str, str]:
        return dict(self.dimensions)

    @property
    def dims_key(self) -> str:
        return dims_key(self.dims)


# -- metrics and datapoints ---------------------------------------------------

_METRIC_ID = select(METRICS.c.id).where(
    METRICS.c.account == bindparam("account"),
    METRICS.c.region == bindparam("region"),
    METRICS.c.namespace == bindparam("namespace"),
    METRICS.c.metric_name == bindparam("metric_name"),
    METRICS.c.dims_key == bindparam("dims_key"),
)
_INSERT_METRIC = insert(METRICS)
_INSERT_DATAPOINT = insert(DATAPOINTS)
_DATAPOINT_COLUMNS = (
    DATAPOINTS.c.timestamp,
    DATAPOINTS.c.unit,
    DATAPOINTS.c.sample_count,
    DATAPOINTS.c.sum,
    DATAPOINTS.c.minimum,
    DATAPOINTS.c.maximum,
    DATAPOINTS.c["values"],
)
_DATAPOINTS_FROM = (
    select(*_DATAPOINT_COLUMNS)
    .where(DATAPOINTS.c.metric_id == bindparam("metric_id"))
    .where(DATAPOINTS.c.timestamp >= bindparam("start"))
    .order_by(DATAPOINTS.c.timestamp, DATAPOINTS.c.id)
)


@dataclass(frozen=True, slots=True)
class Sample:
    """One stored datapoint as the statistics read it."""

    timestamp: datetime
    unit: str
    sample_count: float
    sum: float
    minimum: float
    maximum: float
    values: list[list[float]]


def metric_id(db: Database, account: str, region: str, key: MetricKey) -> int | None:
    """The id of the metric `key` in the account and Region, or None before its first datapoint."""
    params = {
        "account": account,
        "region": region,
        "namespace": key.namespace,
        "metric_name": key.name,
        "dims_key": key.dims_key,
    }
    return db.execute(_METRIC_ID, params).scalar()


def ensure_metric(db: Database, account: str, region: str, key: MetricKey) -> int:
    """The id of the metric `key`, created if this is its first datapoint."""
    found = metric_id(db, account, region, key)
    if found is not None:
        return found
    values = {
        "account": account,
        "region": region,
        "namespace": key.namespace,
        "metric_name": key.name,
        "dims_key": key.dims_key,
        "dimensions": dims_list(key.dims),
    }
    return int(db.execute(_INSERT_METRIC, values).inserted_primary_key[0])


def add_datapoints(db: Database, rows: list[dict[str, Any]]) -> None:
    """Store datapoints: each a dict of DatapointRow's columns."""
    if rows:
        db.execute(_INSERT_DATAPOINT, rows)


def samples_from(db: Database, metric: int, start: datetime) -> list[Sample]:
    """The metric's datapoints stamped at or after `start`, oldest first."""
    rows = db.execute(_DATAPOINTS_FROM, {"metric_id": metric, "start": start})
    return [Sample(*row) for row in rows]


def select_metrics() -> Select[Any]:
    """The start of a ListMetrics query."""
    return select(METRICS.c.namespace, METRICS.c.metric_name, METRICS.c.dimensions)


# -- alarms ---------------------------------------------------------------------


@dataclass(slots=True)
class Alarm:
    """An alarm's row."""

    account: str
    region: str
    name: str
    arn: str
    namespace: str
    metric_name: str
    dims_key: str
    config: dict[str, Any]
    metric_id_label: str
    state_value: str
    state_reason: str
    state_reason_data: str | None
    state_updated: datetime
    state_transitioned: datetime
    config_updated: datetime
    next_check: datetime | None = None
    id: int | None = None

    @property
    def key(self) -> MetricKey:
        dims = {d["Name"]: d["Value"] for d in self.config.get("Dimensions") or []}
        return MetricKey.of(self.namespace, self.metric_name, dims)


_ALARM_FIELDS = tuple(f.name for f in fields(Alarm))
_ALARM_COLUMNS = [ALARMS.c[name] for name in _ALARM_FIELDS]
_ALARM_BY_NAME = select(*_ALARM_COLUMNS).where(
    ALARMS.c.account == bindparam("account"),
    ALARMS.c.region == bindparam("region"),
    ALARMS.c.name == bindparam("name"),
)
_ALARMS_ON = select(*_ALARM_COLUMNS).where(
    ALARMS.c.account == bindparam("account"),
    ALARMS.c.region == bindparam("region"),
    ALARMS.c.namespace == bindparam("namespace"),
    ALARMS.c.metric_name == bindparam("metric_name"),
    ALARMS.c.dims_key == bindparam("dims_key"),
)
_STATES = select(ALARMS.c.name, ALARMS.c.state_value).where(
    ALARMS.c.account == bindparam("account"),
    ALARMS.c.name.in_(bindparam("names", expanding=True)),
)
_DUE = select(ALARMS.c.name).where(
    ALARMS.c.account == bindparam("account"),
    ALARMS.c.name.in_(bindparam("names", expanding=True)),
    ALARMS.c.next_check <= bindparam("moment"),
)
_INSERT_ALARM = insert(ALARMS)
_UPDATE_ALARM = update(ALARMS).where(ALARMS.c.id == bindparam("alarm_id"))
_DELETE_ALARM = delete(ALARMS).where(ALARMS.c.id == bindparam("alarm_id"))


def find_alarm(db: Database, account: str, region: str, name: str) -> Alarm | None:
    row = db.execute(_ALARM_BY_NAME, {"account": account, "region": region, "name": name}).first()
    return None if row is None else Alarm(*row)


def alarms_on(db: Database, account: str, region: str, key: MetricKey) -> list[Alarm]:
    """The alarms watching exactly the metric `key`."""
    params = {
        "account": account,
        "region": region,
        "namespace": key.namespace,
        "metric_name": key.name,
        "dims_key": key.dims_key,
    }
    return [Alarm(*row) for row in db.execute(_ALARMS_ON, params)]


def states(db: Database, account: str, names: list[str]) -> dict[str, str]:
    """{name: StateValue} of the named alarms that exist in `account`."""
    if not names:
        return {}
    rows = db.execute(_STATES, {"account": account, "names": list(names)})
    return {row.name: row.state_value for row in rows}


def due(db: Database, account: str, names: list[str], moment: datetime) -> list[str]:
    """The named alarms of `account` whose next evaluation is due at or before `moment`."""
    if not names:
        return []
    params = {"account": account, "names": list(names), "moment": moment}
    return list(db.execute(_DUE, params).scalars())


def insert_alarm(db: Database, alarm: Alarm) -> None:
    insert_record(db, _INSERT_ALARM, alarm, _ALARM_FIELDS)


def snapshot(alarm: Alarm) -> Alarm:
    """A copy to compare with after changing `alarm` (see save).

    Shallow: an alarm's `config` is replaced as a whole, never changed in place.
    """
    return copy.copy(alarm)


def save(db: Database, before: Alarm, after: Alarm) -> None:
    """Write the columns in which `after` differs from `before`."""
    changed = changed_values(before, after, _ALARM_FIELDS)
    if changed:
        db.execute(_UPDATE_ALARM, {"alarm_id": before.id, **changed})


def delete_alarm(db: Database, alarm: Alarm) -> None:
    db.execute(_DELETE_ALARM, {"alarm_id": alarm.id})


def select_alarms() -> Select[Any]:
    """The start of a DescribeAlarms query; read its rows with `Alarm(*row)`."""
    return select(*_ALARM_COLUMNS)


def alarm_of(row: Row[Any]) -> Alarm:
    return Alarm(*row)


# -- history --------------------------------------------------------------------

_INSERT_HISTORY = insert(HISTORY)
HISTORY_COLUMNS = (
    HISTORY.c.alarm_name,
    HISTORY.c.alarm_type,
    HISTORY.c.timestamp,
    HISTORY.c.item_type,
    HISTORY.c.summary,
    HISTORY.c.data,
)


def add_history(db: Database, values: dict[str, Any]) -> None:
    """Store one history item (a dict of AlarmHistoryRow's columns)."""
    db.execute(_INSERT_HISTORY, values)


def select_history() -> Select[Any]:
    return select(*HISTORY_COLUMNS)
