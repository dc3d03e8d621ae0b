"""`mlgov-sim run`: play scenarios without asking anything, and report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mlgov_sim.app import WorldExists
from mlgov_sim.cli.errors import EXIT_FAILED, EXIT_INVALID, InvalidInput
from mlgov_sim.cli.options import db_option, format_option
from mlgov_sim.scenario.load import load_scenario
from mlgov_sim.scenario.model import ScenarioError
from mlgov_sim.scenario.report import render_json, render_text
from mlgov_sim.scenario.runner import ScenarioResult, new_world, run_scenario


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--replace", is_flag=True, help="Overwrite the world already stored in --db.")
@format_option
def run(files: tuple[Path, ...], db: str | None, replace: bool, output_format: str) -> None:
    """Run scenario FILES and report each; exit 0 if all pass, 1 if one fails, 2 if one is invalid.

    With --db the world is kept for `mlgov-sim inspect`; an existing world is
    never overwritten unless --replace is given.

    Example:

        mlgov-sim run scenarios/approval-workflow.yaml
    """
    if db and len(files) > 1:
        raise InvalidInput("--db keeps one world: run one scenario file at a time with it")
    results: list[ScenarioResult] = []
    invalid = 0
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            click.echo(click.style(f"INVALID  {error}", fg="red", bold=True), err=True)
            invalid += 1
            continue
        try:
            world = new_world(scenario, db, replace=replace)
        except WorldExists as error:
            raise InvalidInput(
                f"{error}: pass --replace to overwrite it, or choose another --db"
            ) from error
        result = run_scenario(scenario, world)
        results.append(result)
        if output_format == "text":
            if len(results) > 1:
                click.echo()
            click.echo(render_text(result), nl=False)
    failed = sum(1 for result in results if not result.passed)
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "runs": [render_json(result) for result in results],
                    "summary": _summary_counts(len(files), failed, invalid),
                },
                indent=2,
            )
        )
    elif len(files) > 1:
        click.echo()
        click.echo(_summary_text(len(files), failed, invalid))
    if invalid:
        raise SystemExit(EXIT_INVALID)
    if failed:
        raise SystemExit(EXIT_FAILED)


def _summary_counts(total: int, failed: int, invalid: int) -> dict[str, int]:
    return {
        "scenarios": total,
        "passed": total - failed - invalid,
        "failed": failed,
        "invalid": invalid,
    }


def _summary_text(total: int, failed: int, invalid: int) -> str:
    counts = _summary_counts(total, failed, invalid)
    return f"{total} scenarios: {counts['passed']} passed, {failed} failed, {invalid} invalid"
