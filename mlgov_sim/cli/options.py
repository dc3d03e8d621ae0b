"""Options shared by several commands."""

from __future__ import annotations

import click

db_option = click.option(
    "--db",
    "db",
    metavar="PATH_OR_URL",
    help="Keep the world in this SQLite file or SQLAlchemy URL (default: in memory).",
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people (coloured on a terminal), json for machines.",
)
