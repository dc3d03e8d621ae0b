"""A served SQLite world commits in WAL mode: a write costs an append, not several fsyncs.

In SQLite's default rollback-journal mode every commit creates, syncs and
deletes a journal file, about 25 ms on an ordinary disk: a server taking a
write per request would spend its time there. In WAL mode with
`synchronous=NORMAL` a commit appends to the write-ahead log and syncs only at
checkpoints; a crash of the server loses nothing committed, a power cut may
lose the last commits but never corrupts the world. Readers (`mlgov-sim
inspect` on the same file while serving) no longer wait for the writer.

WAL is a property of the file, kept once set; `synchronous` is set on every
connection the world's engine opens.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def serve_in_wal_mode(engine: Engine) -> bool:
    """Switch a file-backed SQLite world to WAL; False (nothing done) for anything else."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return False

    @event.listens_for(engine, "connect")
    def _normal_sync(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    engine.dispose()  # connections opened before the listener reconnect with it
    raw = engine.raw_connection()  # outside SQLAlchemy's transaction: WAL cannot be set in one
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
    finally:
        raw.close()
    return True
