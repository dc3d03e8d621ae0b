"""Lineage rows in and out of the database: records and Core statements built once.

`tables` declares the schema; this module is the only one that reads or
writes it. Handlers and listeners get `Entity` and `Association` records,
plain dataclasses whose fields are the tables' columns. Statements run with
bound parameters on whatever `Database` the caller holds (the call's
`Connection`, or a reading `Session`).

`insert_many` writes rows in bulk: what a listener records at once
(recording.Batch), and the benchmark's world of 100,000 associations
(benchmarks/bench_lineage.py).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.sql import Select

from mlgov_sim.core.db import Database
from mlgov_sim.core.fastsql import Prepared
from mlgov_sim.core.records import changed_values, column_values, insert_record
from mlgov_sim.lineage.tables import AssociationRow, LineageEntityRow

ENTITIES: Table = LineageEntityRow.__table__  # type: ignore[attr-defined]
ASSOCIATIONS: Table = AssociationRow.__table__  # type: ignore[attr-defined]
# What a List's NextToken is tied to.
ENTITY_LISTING = LineageEntityRow.__name__
ASSOCIATION_LISTING = AssociationRow.__name__

ARTIFACT, ACTION, CONTEXT, TRIAL_COMPONENT = "Artifact", "Action", "Context", "TrialComponent"


@dataclass(slots=True)
class Entity:
    """A lineage entity's row."""

    account: str
    region: str
    kind: str
    arn: str
    type: str
    source_uri: str
    creation_time: datetime
    last_modified_time: datetime
    name: str | None = None
    source: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    description: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    metadata_properties: dict[str, str] | None = None
    created_by: dict[str, Any] = field(default_factory=dict)
    last_modified_by: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(slots=True)
class Association:
    """An association's row."""

    account: str
    region: str
    source_arn: str
    destination_arn: str
    source_type: str
    destination_type: str
    creation_time: datetime
    association_type: str | None = None
    created_by: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """What a walk over the graph needs of an association."""

    source_arn: str
    destination_arn: str
    association_type: str | None


_CHUNK = 500
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity))
_ASSOCIATION_FIELDS = tuple(f.name for f in fields(Association))
_ENTITY_COLUMNS = [ENTITIES.c[name] for name in _ENTITY_FIELDS]
_ASSOCIATION_COLUMNS = [ASSOCIATIONS.c[name] for name in _ASSOCIATION_FIELDS]
_EDGE_COLUMNS = [
    ASSOCIATIONS.c.source_arn,
    ASSOCIATIONS.c.destination_arn,
    ASSOCIATIONS.c.association_type,
]

_ENTITY_BY_ARN = select(*_ENTITY_COLUMNS).where(ENTITIES.c.arn == bindparam("arn"))
_ENTITIES_BY_ARNS = select(*_ENTITY_COLUMNS).where(
    ENTITIES.c.arn.in_(bindparam("arns", expanding=True))
)
_BY_SOURCE = (
    select(*_ENTITY_COLUMNS)
    .where(
        ENTITIES.c.account == bindparam("account"),
        ENTITIES.c.region == bindparam("region"),
        ENTITIES.c.kind == bindparam("kind"),
        ENTITIES.c.source_uri == bindparam("source_uri"),
    )
    .order_by(ENTITIES.c.id)
)
_OF_TYPE_BY_SOURCE = (
    ENTITIES.c.account == bindparam("account"),
    ENTITIES.c.region == bindparam("region"),
    ENTITIES.c.kind == bindparam("kind"),
    ENTITIES.c.source_uri == bindparam("source_uri"),
    ENTITIES.c.type == bindparam("type"),
)
_COUNT_OF_TYPE = select(func.count()).where(*_OF_TYPE_BY_SOURCE).scalar_subquery()
_LATEST_OF_TYPE = (
    select(*_ENTITY_COLUMNS, _COUNT_OF_TYPE)
    .where(*_OF_TYPE_BY_SOURCE)
    .order_by(ENTITIES.c.id.desc())
    .limit(1)
)
# What recording a version may find already there, in one statement (see recording.Batch):
# artifacts by SourceUri, contexts by SourceUri, and an entity by ARN. Each branch names
# the whole source index (account, region, kind, source_uri), so SQLite searches it.
_IN_SCOPE = (
    ENTITIES.c.account == bindparam("account"),
    ENTITIES.c.region == bindparam("region"),
)


@functools.cache
def _known(artifact_count: int) -> Prepared:
    """The statement for `artifact_count` SourceUris `uri_0`, `uri_1`...

    Built once per count: an expanding IN would be rendered again on every call.
    """
    uris = [bindparam(f"uri_{index}") for index in range(artifact_count)]
    return Prepared(
        select(*_ENTITY_COLUMNS)
        .where(
            or_(
                and_(*_IN_SCOPE, ENTITIES.c.kind == ARTIFACT, ENTITIES.c.source_uri.in_(uris)),
                and_(
                    *_IN_SCOPE,
                    ENTITIES.c.kind == CONTEXT,
                    ENTITIES.c.source_uri == bindparam("context_uri"),
                ),
                ENTITIES.c.arn == bindparam("arn"),
            )
        )
        .order_by(ENTITIES.c.id)
    )


_INSERT_ENTITY = insert(ENTITIES)
# A recording batch's inserts, every column but the key (see insert_many).
_INSERT_ENTITIES = Prepared(_INSERT_ENTITY, [name for name in _ENTITY_FIELDS if name != "id"])
_UPDATE_ENTITY = update(ENTITIES).where(ENTITIES.c.id == bindparam("entity_id"))
_DELETE_ENTITY = delete(ENTITIES).where(ENTITIES.c.id == bindparam("entity_id"))

_PAIR = (
    ASSOCIATIONS.c.source_arn == bindparam("source_arn"),
    ASSOCIATIONS.c.destination_arn == bindparam("destination_arn"),
)
_ASSOCIATION_BY_PAIR = select(*_ASSOCIATION_COLUMNS).where(*_PAIR)
_INSERT_ASSOCIATION = insert(ASSOCIATIONS)
_INSERT_ASSOCIATIONS = Prepared(
    _INSERT_ASSOCIATION, [name for name in _ASSOCIATION_FIELDS if name != "id"]
)
_DELETE_ASSOCIATION = delete(ASSOCIATIONS).where(*_PAIR)
_COUNT_TOUCHING = select(func.count()).where(
    or_(
        ASSOCIATIONS.c.source_arn == bindparam("arn"),
        ASSOCIATIONS.c.destination_arn == bindparam("arn"),
    )
)
_OUT_OF = select(*_EDGE_COLUMNS).where(
    ASSOCIATIONS.c.source_arn.in_(bindparam("arns", expanding=True))
)
_INTO = select(*_EDGE_COLUMNS).where(
    ASSOCIATIONS.c.destination_arn.in_(bindparam("arns", expanding=True))
)


# -- entities -------------------------------------------------------------------


def find_entity(db: Database, arn: str) -> Entity | None:
    row = db.execute(_ENTITY_BY_ARN, {"arn": arn}).first()
    return None if row is None else Entity(*row)


def entities(db: Database, arns: Iterable[str]) -> dict[str, Entity]:
    """The entities among `arns` that exist, by ARN."""
    wanted = list(arns)
    found: dict[str, Entity] = {}
    for start in range(0, len(wanted), _CHUNK):  # SQLite caps the parameters of one statement
        chunk = wanted[start : start + _CHUNK]
        for row in db.execute(_ENTITIES_BY_ARNS, {"arns": chunk}):
            entity = Entity(*row)
            found[entity.arn] = entity
    return found


def find_by_source(
    db: Database, account: str, region: str, kind: str, source_uri: str
) -> Entity | None:
    """The first entity of `kind` whose SourceUri is `source_uri`, in the account and region."""
    values = {"account": account, "region": region, "kind": kind, "source_uri": source_uri}
    row = db.execute(_BY_SOURCE, values).first()
    return None if row is None else Entity(*row)


def all_by_source(
    db: Database, account: str, region: str, kind: str, source_uri: str
) -> list[Entity]:
    """Every entity of `kind` whose SourceUri is `source_uri`, in creation order."""
    values = {"account": account, "region": region, "kind": kind, "source_uri": source_uri}
    return [Entity(*row) for row in db.execute(_BY_SOURCE, values)]


def known(
    db: Database,
    account: str,
    region: str,
    *,
    artifact_uris: list[str],
    context_uri: str | None,
    arn: str,
) -> list[Entity]:
    """In creation order: the artifacts with one of `artifact_uris` as SourceUri and the
    contexts with `context_uri`, in the account and region, and the entity at `arn`.
    """
    values = {"account": account, "region": region, "context_uri": context_uri, "arn": arn}
    values.update((f"uri_{index}", uri) for index, uri in enumerate(artifact_uris))
    return [Entity(*row) for row in _known(len(artifact_uris)).all(db, values)]


def latest_of_type(
    db: Database, account: str, region: str, kind: str, source_uri: str, type_: str
) -> tuple[int, Entity | None]:
    """How many entities of `kind` and `type_` have `source_uri`, and the newest of them.

    A version's approvals are counted this way: reading them all back would
    grow with every approval the version ever had.
    """
    values = {
        "account": account,
        "region": region,
        "kind": kind,
        "source_uri": source_uri,
        "type": type_,
    }
    row = db.execute(_LATEST_OF_TYPE, values).first()  # one statement: the newest, and the count
    if row is None:
        return 0, None
    return int(row[-1]), Entity(*row[:-1])


def insert_entity(db: Database, entity: Entity) -> None:
    """Store a new entity; its `id` is filled in."""
    insert_record(db, _INSERT_ENTITY, entity, _ENTITY_FIELDS)


def add_entity(db: Database, entity: Entity) -> Entity:
    """Store a new entity built by one of the `*_row` builders, and hand it back."""
    insert_entity(db, entity)
    return entity


def snapshot(entity: Entity) -> Entity:
    """A copy to compare with after changing `entity` in place (see save_entity)."""
    return copy.deepcopy(entity)


def save_entity(db: Database, before: Entity, after: Entity) -> None:
    """Write the columns in which `after` differs from `before`."""
    changed = changed_values(before, after, _ENTITY_FIELDS)
    if changed:
        db.execute(_UPDATE_ENTITY, {"entity_id": before.id, **changed})


def delete_entity(db: Database, entity: Entity) -> None:
    db.execute(_DELETE_ENTITY, {"entity_id": entity.id})


def select_entities() -> Select[Any]:
    """The start of a List{Artifacts,Actions,Contexts} query; read rows with `Entity(*row)`."""
    return select(*_ENTITY_COLUMNS)


# -- associations ---------------------------------------------------------------


def find_association(db: Database, source_arn: str, destination_arn: str) -> Association | None:
    values = {"source_arn": source_arn, "destination_arn": destination_arn}
    row = db.execute(_ASSOCIATION_BY_PAIR, values).first()
    return None if row is None else Association(*row)


def insert_association(db: Database, association: Association) -> None:
    insert_record(db, _INSERT_ASSOCIATION, association, _ASSOCIATION_FIELDS)


def delete_association(db: Database, source_arn: str, destination_arn: str) -> None:
    db.execute(_DELETE_ASSOCIATION, {"source_arn": source_arn, "destination_arn": destination_arn})


def count_touching(db: Database, arn: str) -> int:
    """How many associations have `arn` as their source or destination."""
    return int(db.execute(_COUNT_TOUCHING, {"arn": arn}).scalar() or 0)


def edges_out_of(db: Database, arns: list[str]) -> list[Edge]:
    """The associations whose source is one of `arns`."""
    return _edges(db, _OUT_OF, arns)


def edges_into(db: Database, arns: list[str]) -> list[Edge]:
    """The associations whose destination is one of `arns`."""
    return _edges(db, _INTO, arns)


def _edges(db: Database, statement: Select[Any], arns: list[str]) -> list[Edge]:
    found: list[Edge] = []
    for start in range(0, len(arns), _CHUNK):  # SQLite caps the parameters of one statement
        chunk = arns[start : start + _CHUNK]
        found.extend(Edge(*row) for row in db.execute(statement, {"arns": chunk}))
    return found


def walk(db: Database, start: str, direction: str, depth: int) -> list[Edge]:
    """The associations a lineage walk from `start` can cross, read level by level.

    One indexed query per level and direction (at most `depth` levels), so
    the cost follows the neighbourhood's size, not the world's: the graph
    functions then run on these edges alone. `direction` is Ascendants,
    Descendants or Both.
    """
    down = direction in ("Descendants", "Both")
    up = direction in ("Ascendants", "Both")
    seen = {start}
    frontier = [start]
    found: dict[tuple[str, str], Edge] = {}
    for _ in range(depth):
        batch = (edges_out_of(db, frontier) if down else []) + (
            edges_into(db, frontier) if up else []
        )
        frontier = []
        for edge in batch:
            found[(edge.source_arn, edge.destination_arn)] = edge
            for vertex in (edge.source_arn, edge.destination_arn):
                if vertex not in seen:
                    seen.add(vertex)
                    frontier.append(vertex)
        if not frontier:
            break
    return list(found.values())


def association_columns() -> list[Any]:
    """The columns of an `Association` record, for queries that start from the table."""
    return list(_ASSOCIATION_COLUMNS)


# -- bulk -----------------------------------------------------------------------


def insert_many(
    db: Database, new_entities: list[Entity], new_associations: list[Association]
) -> None:
    """Store many rows at once (executemany): a recording batch, or a generated world.

    The rows' `id`s are not filled in.
    """
    if new_entities:
        rows = [column_values(e, _ENTITY_FIELDS) for e in new_entities]
        _INSERT_ENTITIES.execute(db, rows)
    if new_associations:
        _INSERT_ASSOCIATIONS.execute(
            db, [column_values(a, _ASSOCIATION_FIELDS) for a in new_associations]
        )
