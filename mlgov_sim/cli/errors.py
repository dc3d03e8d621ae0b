"""How the CLI refuses: a message and an exit code, never a traceback."""

from __future__ import annotations

import click

EXIT_FAILED = 1
EXIT_INVALID = 2


class InvalidInput(click.ClickException):
    """Bad input (a broken scenario, a world that would be overwritten): exit 2."""

    exit_code = EXIT_INVALID
