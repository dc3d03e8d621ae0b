"""`mlgov-sim ops`: the supported operations, one line each."""

from __future__ import annotations

import json

import click

from mlgov_sim.app import supported_operations
from mlgov_sim.cli.options import format_option


@click.command()
@format_option
def ops(output_format: str) -> None:
    """List the operations the simulator supports, with what each does.

    Names are IAM-style (`service:Operation`), as scenarios and policies write
    them. Console actions with no public AWS API are marked as such.

    Example:

        mlgov-sim ops
    """
    operations = supported_operations()
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "operation": op.full_name,
                        "summary": op.summary,
                        "readOnly": op.read_only,
                        "consoleOnly": op.console_only,
                    }
                    for op in operations
                ],
                indent=2,
            )
        )
        return
    width = max(len(op.full_name) for op in operations)
    for op in operations:
        note = " (console action: no public AWS API)" if op.console_only else ""
        click.echo(f"{op.full_name:<{width}}  {op.summary}{note}")
