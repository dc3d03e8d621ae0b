"""Models, endpoint configs and endpoints in and out of the database: records and Core statements.

One `Kind` per table holds its statements, built once; handlers get plain
dataclasses whose fields are the table's columns (as the registry and
training stores do).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.sql import Select

from mlgov_sim.core.db import Database
from mlgov_sim.core.records import changed_values, insert_record
from mlgov_sim.deploy.tables import EndpointConfigRow, EndpointRow, ModelRow


@dataclass(slots=True)
class Model:
    """A model's row."""

    account: str
    region: str
    name: str
    name_key: str
    arn: str
    creation_time: datetime
    spec: dict[str, Any] = field(default_factory=dict)
    containers: list[dict[str, Any]] = field(default_factory=list)
    package_arn: str | None = None
    id: int | None = None


@dataclass(slots=True)
class Config:
    """An endpoint config's row."""

    account: str
    region: str
    name: str
    name_key: str
    arn: str
    creation_time: datetime
    spec: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(slots=True)
class Endpoint:
    """An endpoint's row."""

    account: str
    region: str
    name: str
    name_key: str
    arn: str
    status: str
    config_name: str
    creation_time: datetime
    last_modified_time: datetime
    failure_reason: str | None = None
    fleet: list[dict[str, Any]] = field(default_factory=list)
    pending: dict[str, Any] | None = None
    deployment_config: dict[str, Any] | None = None
    timeline: list[dict[str, Any]] = field(default_factory=list)
    served: dict[str, int] = field(default_factory=dict)
    id: int | None = None


R = TypeVar("R", Model, Config, Endpoint)


class Kind(Generic[R]):
    """The statements of one table, read into and written from its record class."""

    def __init__(self, record: type[R], table: Table) -> None:
        self.record = record
        self.table = table
        self.listing = table.name  # what a List's NextToken is tied to
        self.names = tuple(f.name for f in fields(record))
        self.columns = [table.c[name] for name in self.names]
        self._by_arn = select(*self.columns).where(table.c.arn == bindparam("arn"))
        self._by_name = select(*self.columns).where(
            table.c.account == bindparam("account"),
            table.c.region == bindparam("region"),
            table.c.name_key == bindparam("name_key"),
        )
        self._insert = insert(table)
        self._update = update(table).where(table.c.id == bindparam("row_id"))
        self._delete = delete(table).where(table.c.id == bindparam("row_id"))

    def find(self, db: Database, arn: str) -> R | None:
        row = db.execute(self._by_arn, {"arn": arn}).first()
        return None if row is None else self.record(*row)

    def find_by_name(self, db: Database, account: str, region: str, name: str) -> R | None:
        params = {"account": account, "region": region, "name_key": name.lower()}
        row = db.execute(self._by_name, params).first()
        return None if row is None else self.record(*row)

    def insert(self, db: Database, record: R) -> None:
        """Store a new record; its `id` is filled in."""
        insert_record(db, self._insert, record, self.names)

    def save(self, db: Database, before: R, after: R) -> None:
        """Write the columns in which `after` differs from `before`."""
        changed = changed_values(before, after, self.names)
        if changed:
            db.execute(self._update, {"row_id": before.id, **changed})

    def remove(self, db: Database, record: R) -> None:
        db.execute(self._delete, {"row_id": record.id})

    def select(self) -> Select[Any]:
        """The start of a List query; read its rows with `self.record(*row)`."""
        return select(*self.columns)

    def all(self, db: Database) -> list[R]:
        """Every row, in creation order (for read-only views)."""
        statement = self.select().order_by(self.table.c.id)
        return [self.record(*row) for row in db.execute(statement)]


MODELS: Kind[Model] = Kind(Model, ModelRow.__table__)  # type: ignore[attr-defined]
CONFIGS: Kind[Config] = Kind(Config, EndpointConfigRow.__table__)  # type: ignore[attr-defined]
ENDPOINTS: Kind[Endpoint] = Kind(Endpoint, EndpointRow.__table__)  # type: ignore[attr-defined]


def snapshot(record: R) -> R:
    """A copy to compare with after changing `record` in place (see Kind.save)."""
    return copy.deepcopy(record)
