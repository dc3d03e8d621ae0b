"""`mlgov-sim step`: practise a scenario, one step at a time, acting at its drills."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mlgov_sim.app import NoWorld, World, WorldExists
from mlgov_sim.cli.errors import EXIT_INVALID, InvalidInput
from mlgov_sim.cli.options import db_option
from mlgov_sim.cli.step_console import PipedConsole, TerminalConsole
from mlgov_sim.cli.step_views import show
from mlgov_sim.scenario.drill import Console, Drill
from mlgov_sim.scenario.load import load_scenario
from mlgov_sim.scenario.model import Scenario, ScenarioError
from mlgov_sim.scenario.progress import DrillProgress, digest, load_progress, save_progress
from mlgov_sim.scenario.runner import new_world


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@click.option(
    "--replace", is_flag=True, help="Start again: overwrite the world (and progress) in --db."
)
def step(file: Path, db: str | None, replace: bool) -> None:
    """Practise scenario FILE interactively: read the story, act at its drills, answer questions.

    Steps the scenario plays are shown one at a time (Enter goes on). At a
    drill, type what you would type on AWS (`sagemaker update-model-package
    --model-package-arn ARN --model-approval-status Approved`) or a step as
    one line of YAML; the goal is checked after each command that changes
    the world. `help` at any prompt lists the commands (hint, solution, skip,
    as NAME, advance 1h, show registry, quit).

    With --db the world and your progress are kept: `quit`, then the same
    command again, resumes at the same step. Without a terminal, commands are
    read line by line from standard input (an empty line is Enter).

    Example:

    \b
        mlgov-sim step scenarios/approval-workflow.yaml --db practice.db
        printf '\\n\\nsolution\\n' | mlgov-sim step scenarios/approval-workflow.yaml
    """
    try:
        scenario = load_scenario(file)
    except ScenarioError as error:
        click.echo(click.style(f"INVALID  {error}", fg="red", bold=True), err=True)
        raise SystemExit(EXIT_INVALID) from error
    world, progress, resumed = _open(scenario, file, db, replace)
    console: Console = TerminalConsole() if sys.stdin.isatty() else PipedConsole()
    try:
        Drill(scenario, world, progress, console, show).play(resumed=resumed)
    except KeyboardInterrupt:  # outside a prompt (a prompt reads Ctrl-C as quit)
        click.echo("\nInterrupted: progress is saved up to the last step done.")
        raise SystemExit(130) from None
    if db is not None and not progress.finished:
        click.echo(f"Resume with: mlgov-sim step {file} --db {db}")


def _open(
    scenario: Scenario, file: Path, db: str | None, replace: bool
) -> tuple[World, DrillProgress, bool]:
    """The world to play in and where to start: a saved drill to resume, or a new world."""
    fingerprint = digest(file)
    world = _saved(db) if db is not None and not replace else None
    if world is not None:
        progress = load_progress(world)
        if progress is None:
            raise InvalidInput(
                f"{db} holds a world that `mlgov-sim step` did not make (from `run`?), so there "
                "is no drill to resume: pass --replace to start one there, or choose another --db"
            )
        _check_same_scenario(progress, scenario, file, fingerprint, db)
        return world, progress, True
    try:
        world = new_world(scenario, db, replace=replace)
    except WorldExists as error:  # pragma: no cover - _saved found none a moment ago
        raise InvalidInput(f"{error}: pass --replace to overwrite it") from error
    progress = DrillProgress(
        scenario_path=str(file), scenario_title=scenario.title, scenario_digest=fingerprint
    )
    save_progress(world, progress, {})
    return world, progress, False


def _saved(db: str) -> World | None:
    """The world stored at `db`, or None when there is none yet (nothing is created)."""
    if "://" not in db and not Path(db).exists():
        return None
    try:
        return World.open(db)
    except NoWorld:
        return None


def _check_same_scenario(
    progress: DrillProgress, scenario: Scenario, file: Path, fingerprint: str, db: str
) -> None:
    if progress.scenario_digest == fingerprint:
        return
    made = f"{progress.scenario_path} ({progress.scenario_title!r})"
    if progress.scenario_title == scenario.title and Path(progress.scenario_path) == file:
        why = f"{file} has changed since {db} was made from it"
    else:
        why = f"{db} was made from {made}, not from {file} ({scenario.title!r})"
    raise InvalidInput(
        f"cannot resume: {why}. Resume with the file it was made from, or pass --replace "
        "to start again from this one"
    )
