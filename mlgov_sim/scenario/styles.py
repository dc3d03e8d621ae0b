"""Terminal styles and the simulated clock as reports show it, shared by `run` and `step`.

click strips the styles when the output is not a terminal, so piped output
stays plain and byte-for-byte stable.
"""

from __future__ import annotations

from datetime import datetime

import click


def ok(text: str) -> str:
    return click.style(text, fg="green")


def bad(text: str) -> str:
    return click.style(text, fg="red", bold=True)


def dim(text: str) -> str:
    return click.style(text, dim=True)


def bold(text: str) -> str:
    return click.style(text, bold=True)


def cyan(text: str) -> str:
    return click.style(text, fg="cyan")


def day_clock(moment: datetime, start: datetime) -> str:
    """`day 3 14:00:00`: the simulated day (the start's date is day 1) and the UTC time."""
    return f"day {(moment.date() - start.date()).days + 1} {moment.strftime('%H:%M:%S')}"
