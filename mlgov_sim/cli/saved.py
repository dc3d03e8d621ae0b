"""Opening a world saved with `--db`, refusing clearly when there is none."""

from __future__ import annotations

from pathlib import Path

from mlgov_sim.app import NoWorld, World
from mlgov_sim.cli.errors import InvalidInput


def open_saved_world(db: str) -> World:
    """The world stored at `db`; exit 2 with a hint when the file is missing or holds none."""
    if "://" not in db and not Path(db).exists():
        raise InvalidInput(f"{db}: no such file (write one with `mlgov-sim run FILE --db {db}`)")
    try:
        return World.open(db)
    except NoWorld as error:
        raise InvalidInput(str(error)) from error


db_required = {
    "required": True,
    "metavar": "PATH_OR_URL",
    "help": "The world to read (a file written by `run --db`, or a SQLAlchemy URL).",
}
