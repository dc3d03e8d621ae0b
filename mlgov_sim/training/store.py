"""Training jobs in and out of the database: a record and Core statements built once."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.sql import Select

from mlgov_sim.core.db import Database
from mlgov_sim.core.records import changed_values, insert_record
from mlgov_sim.training.tables import TrainingJobRow

JOBS: Table = TrainingJobRow.__table__  # type: ignore[attr-defined]
LISTING = TrainingJobRow.__name__  # what a ListTrainingJobs NextToken is tied to


@dataclass(slots=True)
class Job:
    """A training job's row."""

    account: str
    region: str
    name: str
    name_key: str
    arn: str
    algorithm: str
    status: str
    secondary_status: str
    creation_time: datetime
    last_modified_time: datetime
    failure_reason: str | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    training_start_time: datetime | None = None
    training_end_time: datetime | None = None
    transitions: list[dict[str, Any]] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)
    metrics_time: datetime | None = None
    model_artifact: str | None = None
    data_bytes: int = 0
    id: int | None = None


_FIELDS = tuple(f.name for f in fields(Job))
_COLUMNS = [JOBS.c[name] for name in _FIELDS]
_BY_ARN = select(*_COLUMNS).where(JOBS.c.arn == bindparam("arn"))
_BY_NAME = select(*_COLUMNS).where(
    JOBS.c.account == bindparam("account"),
    JOBS.c.region == bindparam("region"),
    JOBS.c.name_key == bindparam("name_key"),
)
_INSERT = insert(JOBS)
_UPDATE = update(JOBS).where(JOBS.c.id == bindparam("job_id"))


def find(db: Database, arn: str) -> Job | None:
    row = db.execute(_BY_ARN, {"arn": arn}).first()
    return None if row is None else Job(*row)


def find_by_name(db: Database, account: str, region: str, name: str) -> Job | None:
    params = {"account": account, "region": region, "name_key": name.lower()}
    row = db.execute(_BY_NAME, params).first()
    return None if row is None else Job(*row)


def insert_job(db: Database, job: Job) -> None:
    """Store a new job; its `id` is filled in."""
    insert_record(db, _INSERT, job, _FIELDS)


def snapshot(job: Job) -> Job:
    """A copy to compare with after changing `job` in place (see save)."""
    return copy.deepcopy(job)


def save(db: Database, before: Job, after: Job) -> None:
    """Write the columns in which `after` differs from `before`."""
    changed = changed_values(before, after, _FIELDS)
    if changed:
        db.execute(_UPDATE, {"job_id": before.id, **changed})


def select_jobs() -> Select[Any]:
    """The start of a ListTrainingJobs query; read its rows with `Job(*row)`."""
    return select(*_COLUMNS)
