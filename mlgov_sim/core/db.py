"""Engines and transactions: SQLite in memory by default, a file, or any SQLAlchemy URL.

One `World.call` is one transaction on one Core `Connection` (`engine.begin()`
commits or rolls back); `transaction()` is the ORM's equivalent for the
world's setup and admin work. SQLite's foreign keys are switched on, as they
are off by default.

Query helpers take a `Database`: the call's `Connection`, or a `Session`
(readers such as `World.reading()`); both run the same Core statements.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, create_engine

# Where a query helper runs its Core statements: a call's Connection, or a reading Session.
Database = Connection | Session


class UTCDateTime(TypeDecorator[datetime]):
    """Stores instants as naive UTC and gives them back timezone-aware.

    SQLite has no timezone type; without this, times read back would be naive
    and compare wrongly with the clock's aware ones.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def database_url(target: str | Path | None) -> str:
    """Turn `--db`'s argument into a URL: nothing is memory, a path is a SQLite file."""
    if target is None or str(target) in ("", ":memory:"):
        return "sqlite://"
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def make_engine(target: str | Path | None = None) -> Engine:
    """An engine for `target`; in-memory SQLite keeps one connection so the world survives."""
    url = database_url(target)
    if url == "sqlite://":
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    elif url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, and transactions that begin when the call begins.

    pysqlite opens a transaction lazily at the first write; SQLAlchemy takes
    over so reads and writes of one call share one transaction (its documented
    recipe: no BEGIN from the driver, an explicit BEGIN when SQLAlchemy begins).
    That BEGIN is emitted by the dialect's `do_begin`, which SQLAlchemy calls
    on every begin, rather than by a "begin" event listener as in the recipe:
    any Connection event listener makes every statement dispatch the execute
    events as well, which cost about a tenth of a call.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    def _begin(dbapi_connection: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("BEGIN")
        cursor.close()

    engine.dialect.do_begin = _begin  # type: ignore[method-assign]


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
