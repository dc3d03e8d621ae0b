"""Fixed hot-path statements run on the call's own DB-API cursor, compiled once.

Why this exists: `Connection.execute` spends most of a statement's time in
SQLAlchemy's own Python (cache lookup, execution context, parameter and result
setup): about 75 µs to insert an audit row, against 9 µs on the DB-API cursor,
and a CreateModelPackage sends 9 statements (benchmarks/bench.py).

A `Prepared` statement is compiled once per dialect as `Connection.execute`
would compile it; its parameters and result columns go through the column
types' own processors for that dialect (`dialect_impl(dialect)`'s
`bind_processor` / `result_processor`: UTCDateTime, JSON), and it runs on the
DB-API connection under the caller's `Connection`, inside its transaction. The
rows, IDs, times and JSON text stored are those `Connection.execute` stores.

Anything the fast path does not handle, or where someone may be watching, goes
through `Connection.execute` as before: a `Session`, no transaction begun,
execution options, event listeners or echo on the engine (bench.py counts
statements with a `before_cursor_execute` listener, so it still sees them all),
a paramstyle other than qmark, format, named or pyformat, expanding or
literal-execute parameters, defaults the statement would fill in, or an INSERT
whose new key is not the cursor's `lastrowid`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import Executable

from mlgov_sim.core.db import Database

Params = dict[str, Any]
Processor = Callable[[Any], Any]
_POSITIONAL = frozenset({"qmark", "format"})
_NAMED = frozenset({"named", "pyformat"})


@dataclass(slots=True)
class _Plan:
    """A statement compiled for one dialect: its SQL and how to fill its parameters."""

    sql: str
    positional: bool
    # Per parameter, in the SQL's order: its name in the SQL, the caller's key, whether the
    # caller must pass it, its value otherwise (a constant), and the type's bind processor.
    binds: tuple[tuple[str, str, bool, Any, Processor | None], ...]
    columns: tuple[Any, ...]  # the result's column types, when it returns rows
    lastrowid: bool  # an INSERT whose new primary key is the cursor's lastrowid
    results: tuple[tuple[int, Processor], ...] | None = None  # made at the first fetch


class Prepared:
    """One fixed Core statement, run fast where it can be (see the module's docstring).

    `keys`, for an INSERT, are the columns its callers always pass (all of them
    but the autoincrement key): the statement is compiled for exactly those.
    """

    def __init__(self, statement: Executable, keys: Sequence[str] | None = None) -> None:
        self.statement = statement
        self.keys = tuple(keys) if keys is not None else None
        self._key_set = frozenset(self.keys or ())
        self._plans: weakref.WeakKeyDictionary[Dialect, _Plan | None] = weakref.WeakKeyDictionary()

    # -- running ----------------------------------------------------------------

    def execute(self, db: Database, params: Params | list[Params] | None = None) -> None:
        """Run it once with `params`, or once per row of a list of them (executemany)."""
        many = isinstance(params, list) and len(params) > 1
        ready = self._ready(db, params if isinstance(params, list) else [params or {}])
        if ready is None:
            db.execute(self.statement, params)  # type: ignore[arg-type]
            return
        plan, bound = ready
        self._run(db, plan, bound if many else bound[0], many=many).close()

    def insert(self, db: Database, params: Params) -> int:
        """Insert one row; its new primary key."""
        ready = self._ready(db, [params])
        if ready is None or not ready[0].lastrowid:
            return db.execute(self.statement, params).inserted_primary_key[0]  # type: ignore[no-any-return]
        plan, bound = ready
        cursor = self._run(db, plan, bound[0], many=False)
        try:
            return cursor.lastrowid  # type: ignore[no-any-return]
        finally:
            cursor.close()

    def all(self, db: Database, params: Params | None = None) -> list[Sequence[Any]]:
        """Every row it returns, as tuples of the columns' Python values."""
        ready = self._ready(db, [params or {}])
        if ready is None:
            return list(db.execute(self.statement, params))  # type: ignore[arg-type]
        plan, bound = ready
        cursor = self._run(db, plan, bound[0], many=False)
        try:
            rows = cursor.fetchall()
            if not rows:
                return []
            processors = plan.results
            if processors is None:
                processors = plan.results = _result_processors(plan, cursor, db.dialect)
        finally:
            cursor.close()
        if not processors:
            return rows  # type: ignore[no-any-return]
        converted = []
        for row in rows:
            values = list(row)
            for index, process in processors:
                values[index] = process(values[index])
            converted.append(values)
        return converted

    def first(self, db: Database, params: Params | None = None) -> Sequence[Any] | None:
        """Its first row, or None."""
        rows = self.all(db, params)
        return rows[0] if rows else None

    # -- how ----------------------------------------------------------------------

    def _ready(self, db: Database, rows: list[Params]) -> tuple[_Plan, list[Any]] | None:
        """The compiled plan and each row's DB-API parameters, or None to use `db.execute`."""
        if (
            not rows
            or not isinstance(db, Connection)
            or db._has_events  # listeners (a statement counter): the connection's
            or db.engine._has_events  # or the engine's, as Connection itself checks
            or db._echo
            or not db.in_transaction()
            or db.get_execution_options()
        ):
            return None
        if self.keys is not None and any(row.keys() != self._key_set for row in rows):
            return None  # an INSERT is compiled for exactly its columns
        dialect = db.dialect
        try:
            plan = self._plans[dialect]
        except KeyError:
            plan = self._plans[dialect] = _compile(self.statement, self.keys, dialect)
        if plan is None:
            return None
        try:
            return plan, [_bound(plan, row) for row in rows]
        except KeyError:  # a parameter missing: Connection.execute says so in its words
            return None

    @staticmethod
    def _run(db: Connection, plan: _Plan, parameters: Any, *, many: bool) -> Any:
        dialect = db.dialect
        cursor = db.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if many:
                cursor.executemany(plan.sql, parameters)
            else:
                cursor.execute(plan.sql, parameters)
        except dialect.loaded_dbapi.Error as error:
            cursor.close()
            raise exc.DBAPIError.instance(
                plan.sql,
                parameters,
                error,
                dialect.loaded_dbapi.Error,
                hide_parameters=db.engine.hide_parameters,
                dialect=dialect,
                ismulti=many,
            ) from error
        return cursor


def _bound(plan: _Plan, params: Params) -> Sequence[Any] | Params:
    """One row's parameters, converted, in the form the dialect's paramstyle takes."""
    values = []
    for _name, key, required, constant, process in plan.binds:
        value = params[key] if required else params.get(key, constant)
        values.append(value if process is None else process(value))
    if plan.positional:
        return tuple(values)  # as Connection.execute passes them (and shows them in errors)
    return {name: value for (name, *_), value in zip(plan.binds, values, strict=True)}


def _compile(statement: Executable, keys: tuple[str, ...] | None, dialect: Dialect) -> _Plan | None:
    """`statement` compiled for `dialect`, or None when the fast path would not match it."""
    if dialect.paramstyle not in _POSITIONAL | _NAMED:
        return None
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(keys or ()))
    if (
        compiled.insert_prefetch
        or compiled.update_prefetch
        or compiled.literal_execute_params
        or compiled.post_compile_params
        or compiled.escaped_bind_names
        or compiled.implicit_returning
    ):
        return None
    names = compiled.positiontup if dialect.positional else list(compiled.bind_names.values())
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    binds = []
    for name in names:
        bind = by_name[name]
        if bind.expanding or bind.literal_execute or bind.callable is not None:
            return None
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        # A bind that is not required is a constant, such as next_version + 1's.
        binds.append((name, bind.key, bind.required, bind.value, process))
    returns = statement.is_select or bool(compiled.returning)  # type: ignore[attr-defined]
    columns = tuple(c.type for c in statement.exported_columns) if returns else ()  # type: ignore[attr-defined]
    return _Plan(
        sql=compiled.string,
        positional=dialect.paramstyle in _POSITIONAL,
        binds=tuple(binds),
        columns=columns,
        lastrowid=bool(compiled.isinsert and compiled.postfetch_lastrowid),
    )


def _result_processors(
    plan: _Plan, cursor: Any, dialect: Dialect
) -> tuple[tuple[int, Processor], ...]:
    """Each column's result processor that does something, from the cursor's description."""
    found = []
    for index, (type_, described) in enumerate(zip(plan.columns, cursor.description, strict=True)):
        process = type_.dialect_impl(dialect).result_processor(dialect, described[1])
        if process is not None:
            found.append((index, process))
    return tuple(found)
