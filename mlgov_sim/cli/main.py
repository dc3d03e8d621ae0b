"""The `mlgov-sim` entry point: one group, one module per command."""

from __future__ import annotations

import click

from mlgov_sim import __version__
from mlgov_sim.cli.inspect_cmd import inspect
from mlgov_sim.cli.keys import keys
from mlgov_sim.cli.lineage_cmd import lineage
from mlgov_sim.cli.list_cmd import list_scenarios
from mlgov_sim.cli.ops import ops
from mlgov_sim.cli.run import run
from mlgov_sim.cli.serve import serve
from mlgov_sim.cli.step import step
from mlgov_sim.cli.trail import audit, events


@click.group()
@click.version_option(__version__, prog_name="mlgov-sim")
def cli() -> None:
    """Practise Amazon SageMaker governance offline: the Model Registry, approvals, audit.

    Start with `mlgov-sim run scenarios/approval-workflow.yaml`.
    """


cli.add_command(run)
cli.add_command(ops)
cli.add_command(inspect)
cli.add_command(audit)
cli.add_command(events)
cli.add_command(step)
cli.add_command(list_scenarios)
cli.add_command(lineage)
cli.add_command(serve)
cli.add_command(keys)
