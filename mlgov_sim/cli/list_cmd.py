"""`mlgov-sim list`: the scenario library, one line per file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from mlgov_sim.cli.errors import InvalidInput
from mlgov_sim.scenario.load import CONCEPTS, load_scenario
from mlgov_sim.scenario.load_base import suggest
from mlgov_sim.scenario.model import AskStep, ScenarioError, TaskStep


@dataclass
class Entry:
    """One file of the library: what it drills, or why it is not a valid scenario."""

    file: str
    title: str = ""
    concepts: list[str] = field(default_factory=list)
    drills: int = 0
    questions: int = 0
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "valid": self.error is None,
            "title": self.title or None,
            "concepts": self.concepts,
            "drills": self.drills,
            "questions": self.questions,
            "error": self.error,
        }


@click.command(name="list")
@click.argument("directory", default="scenarios", type=click.Path(path_type=Path), metavar="[DIR]")
@click.option("--concept", metavar="TAG", help="Only scenarios that drill this concept.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
def list_scenarios(directory: Path, concept: str | None, output_format: str) -> None:
    """List the scenarios in DIR (default: ./scenarios): title, concepts, drills and questions.

    Each file is loaded and checked as `run` would; a file that is not a
    valid scenario is listed as INVALID with the line and column of the
    problem, and the others are still listed. --concept keeps the scenarios
    tagged with one concept (invalid files are always listed).

    Example:

    \b
        mlgov-sim list
        mlgov-sim list --concept approval
    """
    if not directory.is_dir():
        raise InvalidInput(f"{directory}: no such directory (scenarios live in ./scenarios)")
    if concept is not None and concept not in CONCEPTS:
        raise InvalidInput(
            f"unknown concept {concept!r}{suggest(concept, CONCEPTS)} "
            f"(concepts: {', '.join(CONCEPTS)})"
        )
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    entries = [
        entry
        for entry in (read_entry(path) for path in files)
        if concept is None or entry.error is not None or concept in entry.concepts
    ]
    if output_format == "json":
        click.echo(json.dumps([entry.as_json() for entry in entries], indent=2))
        return
    if not entries:
        click.echo("No scenarios" + (f" drill {concept}." if concept else f" in {directory}."))
        return
    click.echo(render(entries))


def read_entry(path: Path) -> Entry:
    """The library entry of one file (a broken file gives an entry naming its error)."""
    try:
        scenario = load_scenario(path)
    except ScenarioError as error:
        return Entry(file=path.name, error=str(error))
    return Entry(
        file=path.name,
        title=scenario.title,
        concepts=scenario.concepts,
        drills=sum(isinstance(step, TaskStep) for step in scenario.steps),
        questions=sum(isinstance(step, AskStep) for step in scenario.steps),
    )


def render(entries: list[Entry]) -> str:
    """One aligned line per entry: file, counts, title, concepts."""
    width = max(len(entry.file) for entry in entries)
    lines = []
    for entry in entries:
        if entry.error is not None:
            lines.append(
                f"{entry.file:<{width}}  " + click.style(f"INVALID  {entry.error}", fg="red")
            )
            continue
        counts = f"{_count(entry.drills, 'drill')}, {_count(entry.questions, 'question')}"
        tags = click.style(f"  [{', '.join(entry.concepts)}]", dim=True) if entry.concepts else ""
        lines.append(f"{entry.file:<{width}}  {counts:<22}  {entry.title}{tags}")
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
