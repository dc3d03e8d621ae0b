"""Where `mlgov-sim step` reads and writes: a terminal, or a pipe.

On a terminal the learner gets prompts with line editing (readline) and
colours; Ctrl-D or Ctrl-C stops the session like `quit`. Without one, lines
are read one by one from standard input, an empty line is Enter, the end of
the input stops the session, and each command is echoed after its prompt, so
the output reads like the session it scripted.
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import TextIO

import click

_ZERO_WIDTH = re.compile(r"(\x1b\[[0-9;]*m)")


class TerminalConsole:
    """A learner at a terminal."""

    def __init__(self) -> None:
        with contextlib.suppress(ImportError):  # not every platform has it
            import readline  # noqa: F401  (line editing and history for input())

    def read(self, prompt: str) -> str | None:
        """The next line typed; None on Ctrl-D or Ctrl-C."""
        try:
            # readline counts a prompt's width by its characters: mark colour codes as zero-width.
            return input(_ZERO_WIDTH.sub("\x01\\1\x02", prompt))
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return None

    def write(self, text: str = "") -> None:
        click.echo(text)


class PipedConsole:
    """Commands read line by line from a stream (a pipe, a file, a test)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdin

    def read(self, prompt: str) -> str | None:
        """The next line without its newline; None at the end of the input."""
        line = self.stream.readline()
        if not line:
            return None
        line = line.rstrip("\r\n")
        if line.strip():
            click.echo(click.unstyle(prompt) + line)
        return line

    def write(self, text: str = "") -> None:
        click.echo(text)
