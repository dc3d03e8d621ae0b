"""Records: the dataclasses feature stores read rows into, and the writes they share.

A store keeps one dataclass per table whose fields are the table's columns
(`id` last) and Core statements built once. Inserting one and writing back
only the columns a handler changed are the same for every store, so they
live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.sql import Executable

from mlgov_sim.core.db import Database


def column_values(record: Any, names: Sequence[str]) -> dict[str, Any]:
    """The record's columns except `id`, as an INSERT's values."""
    return {name: getattr(record, name) for name in names if name != "id"}


def insert_record(db: Database, statement: Executable, record: Any, names: Sequence[str]) -> None:
    """Insert `record` with `statement`; its `id` is filled in."""
    record.id = db.execute(statement, column_values(record, names)).inserted_primary_key[0]


def changed_values(before: Any, after: Any, names: Sequence[str]) -> dict[str, Any]:
    """The columns in which `after` differs from `before` (empty when none do)."""
    return {
        name: getattr(after, name)
        for name in names
        if getattr(after, name) != getattr(before, name)
    }
