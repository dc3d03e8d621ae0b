"""The registry's rows in and out of the database: small records and Core statements built once.

`tables` declares the schema (SQLModel classes, so `SQLModel.metadata` creates
it with the kernel's tables); this module is the only one that reads or writes
it. Handlers get `Group` and `Package` records (and `Summary` for listings),
plain dataclasses whose fields are the tables' columns: building one costs a
tuple unpack, where an ORM object costs a SQLModel construction and a
unit-of-work flush, which used to dominate a call (benchmarks/bench.py).

Every statement here is a portable Core statement on the tables, built once
and run with bound parameters on whatever `Database` the caller holds (the
call's `Connection`, or a reading `Session`); the two every new version runs
are `Prepared` (core.fastsql), run on the call's cursor.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select

from mlgov_sim.core.db import Database
from mlgov_sim.core.fastsql import Prepared
from mlgov_sim.core.records import changed_values, column_values, insert_record
from mlgov_sim.registry.tables import ModelPackageGroupRow, ModelPackageRow

GROUPS: Table = ModelPackageGroupRow.__table__  # type: ignore[attr-defined]
PACKAGES: Table = ModelPackageRow.__table__  # type: ignore[attr-defined]
# What a List's NextToken is tied to: the row classes' names, as tokens have always been made.
GROUP_LISTING = ModelPackageGroupRow.__name__
PACKAGE_LISTING = ModelPackageRow.__name__


@dataclass(slots=True)
class Group:
    """A model package group's row."""

    account: str
    region: str
    name: str
    arn: str
    creation_time: datetime
    description: str | None = None
    status: str = "Completed"
    created_by: dict[str, Any] = field(default_factory=dict)
    # The next version number; only ever grows, so a deleted version's number is never reused.
    next_version: int = 1
    id: int | None = None


@dataclass(slots=True)
class Package:
    """A model package's row: a version in a group, or an unversioned package."""

    account: str
    region: str
    arn: str
    name: str  # the package name; for a version, its group's name
    creation_time: datetime
    group_id: int | None = None
    group_name: str | None = None  # set exactly when `version` is: a row with a group is a version
    version: int | None = None
    description: str | None = None
    approval_status: str | None = None
    approval_description: str | None = None
    status: str = "Completed"
    registration_type: str | None = None
    lifecycle: dict[str, Any] | None = None
    customer_metadata: dict[str, str] | None = None
    # Every other input field (InferenceSpecification, ModelMetrics, ...), as validated.
    spec: dict[str, Any] = field(default_factory=dict)
    client_token: str | None = None
    created_by: dict[str, Any] = field(default_factory=dict)
    last_modified_time: datetime | None = None
    last_modified_by: dict[str, Any] | None = None
    id: int | None = None

    @property
    def versioned(self) -> bool:
        return self.version is not None


@dataclass(slots=True)
class Summary:
    """What a ListModelPackages entry shows of a package: no JSON but the lifecycle to decode."""

    name: str
    group_name: str | None
    version: int | None
    arn: str
    description: str | None
    creation_time: datetime
    status: str
    approval_status: str | None
    lifecycle: dict[str, Any] | None
    registration_type: str | None


_GROUP_FIELDS = tuple(f.name for f in fields(Group))
_PACKAGE_FIELDS = tuple(f.name for f in fields(Package))
_GROUP_COLUMNS = [GROUPS.c[name] for name in _GROUP_FIELDS]
_PACKAGE_COLUMNS = [PACKAGES.c[name] for name in _PACKAGE_FIELDS]

_SUMMARY_COLUMNS = [PACKAGES.c[f.name] for f in fields(Summary)]

_GROUP_BY_ARN = select(*_GROUP_COLUMNS).where(GROUPS.c.arn == bindparam("arn"))
_GROUP_ARN_BY_ID = select(GROUPS.c.arn).where(GROUPS.c.id == bindparam("group_id"))
_INSERT_GROUP = insert(GROUPS)
_DELETE_GROUP = delete(GROUPS).where(GROUPS.c.id == bindparam("group_id"))
_NEXT_VERSION = (
    update(GROUPS)
    .where(GROUPS.c.id == bindparam("group_id"))
    .values(next_version=GROUPS.c.next_version + 1)
)
_TAKE_VERSION = Prepared(  # every CreateModelPackage of a version runs it
    update(GROUPS)
    .where(GROUPS.c.arn == bindparam("group_arn"))
    .values(next_version=GROUPS.c.next_version + 1)
    .returning(*_GROUP_COLUMNS)
)
_PACKAGE_BY_ARN = select(*_PACKAGE_COLUMNS).where(PACKAGES.c.arn == bindparam("arn"))
_PACKAGE_BY_TOKEN = select(*_PACKAGE_COLUMNS).where(
    PACKAGES.c.group_id
    == select(GROUPS.c.id).where(GROUPS.c.arn == bindparam("arn")).scalar_subquery(),
    PACKAGES.c.client_token == bindparam("token"),
)
_VERSIONS_OF = select(PACKAGES.c.version).where(PACKAGES.c.group_id == bindparam("group_id"))
_INSERT_PACKAGE = Prepared(insert(PACKAGES), [name for name in _PACKAGE_FIELDS if name != "id"])
# No SET clause: it is made of the columns a call passes (see save_package).
_UPDATE_PACKAGE = update(PACKAGES).where(PACKAGES.c.id == bindparam("package_id"))
_DELETE_PACKAGE = delete(PACKAGES).where(PACKAGES.c.id == bindparam("package_id"))
_ALL_GROUPS = select(*_GROUP_COLUMNS).order_by(GROUPS.c.account, GROUPS.c.id)
_ALL_PACKAGES = select(*_PACKAGE_COLUMNS).order_by(PACKAGES.c.group_id, PACKAGES.c.id)


# -- groups -------------------------------------------------------------------


def find_group(db: Database, arn: str) -> Group | None:
    row = db.execute(_GROUP_BY_ARN, {"arn": arn}).first()
    return None if row is None else Group(*row)


def group_arn_of(db: Database, group_id: int) -> str | None:
    return db.execute(_GROUP_ARN_BY_ID, {"group_id": group_id}).scalar()


def insert_group(db: Database, group: Group) -> None:
    """Store a new group; its `id` is filled in."""
    insert_record(db, _INSERT_GROUP, group, _GROUP_FIELDS)


def take_version(db: Connection, arn: str) -> tuple[Group, int] | None:
    """The group at `arn` and its next version number, consumed; None when there is no group.

    A number is never given again, even after its version is deleted. Where the
    database has UPDATE ... RETURNING (SQLite, PostgreSQL) this is one statement,
    elsewhere a SELECT and an UPDATE.
    """
    if db.dialect.update_returning:
        row = _TAKE_VERSION.first(db, {"group_arn": arn})
        group = None if row is None else Group(*row)
    else:
        group = find_group(db, arn)
        if group is not None:
            db.execute(_NEXT_VERSION, {"group_id": group.id})
            group.next_version += 1
    return None if group is None else (group, group.next_version - 1)


def delete_group(db: Database, group: Group) -> None:
    db.execute(_DELETE_GROUP, {"group_id": group.id})


def versions_of(db: Database, group: Group) -> list[int]:
    """The numbers of the group's versions, in no particular order."""
    return list(db.execute(_VERSIONS_OF, {"group_id": group.id}).scalars())


def all_groups(db: Database) -> list[Group]:
    """Every group, by account, then in creation order."""
    return [Group(*row) for row in db.execute(_ALL_GROUPS)]


# -- packages -----------------------------------------------------------------


def find_package(db: Database, arn: str) -> Package | None:
    row = db.execute(_PACKAGE_BY_ARN, {"arn": arn}).first()
    return None if row is None else Package(*row)


def find_by_token(db: Database, group_arn: str, token: str) -> Package | None:
    """The version of the group at `group_arn` created with ClientToken `token`, if any."""
    row = db.execute(_PACKAGE_BY_TOKEN, {"arn": group_arn, "token": token}).first()
    return None if row is None else Package(*row)


def insert_package(db: Database, package: Package) -> None:
    """Store a new package; its `id` is filled in."""
    package.id = _INSERT_PACKAGE.insert(db, column_values(package, _PACKAGE_FIELDS))


def snapshot(package: Package) -> Package:
    """A copy to compare with after changing `package` in place (see save_package)."""
    return copy.copy(package)


def save_package(db: Database, before: Package, after: Package) -> None:
    """Write the columns in which `after` differs from `before` (nothing when none do)."""
    changed = changed_values(before, after, _PACKAGE_FIELDS)
    if changed:
        db.execute(_UPDATE_PACKAGE, {"package_id": before.id, **changed})


def delete_package(db: Database, package: Package) -> None:
    db.execute(_DELETE_PACKAGE, {"package_id": package.id})


def all_packages(db: Database) -> list[Package]:
    """Every package, grouped by group (unversioned first), in creation order."""
    return [Package(*row) for row in db.execute(_ALL_PACKAGES)]


def select_summaries() -> Select[Any]:
    """The start of a ListModelPackages query; read its rows with `Summary(*row)`."""
    return select(*_SUMMARY_COLUMNS)


def select_groups() -> Select[Any]:
    """The start of a ListModelPackageGroups query; read its rows with `Group(*row)`.

    (Records, not the rows themselves: reading a Row's columns by name costs
    ten times as much as unpacking it, a third of a 100-item page.)
    """
    return select(*_GROUP_COLUMNS)
