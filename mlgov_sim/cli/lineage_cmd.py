"""`mlgov-sim lineage`: draw what a saved world's lineage graph holds around one entity."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import click

from mlgov_sim.cli.errors import InvalidInput
from mlgov_sim.cli.saved import db_required, open_saved_world
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.lineage import dot, labels
from mlgov_sim.lineage.graph import ASCENDANTS, BOTH, DESCENDANTS
from mlgov_sim.lineage.query import Neighbourhood, find_start, neighbourhood

INSTALL_GRAPHVIZ = (
    "--format svg needs Graphviz's `dot`, which is not installed. Install it with "
    "`apt-get install graphviz` (Debian, Ubuntu) or `brew install graphviz` (macOS), "
    "or write DOT with --format dot and render it elsewhere."
)


class GraphvizFailed(click.ClickException):
    """Graphviz is missing or refused the graph: exit 1, with what to do."""


@click.command("lineage")
@click.argument("reference", metavar="ARN")
@click.option("--db", "db", **db_required)
@click.option("--up", "direction", flag_value=ASCENDANTS, help="Ascendants only: what led to it.")
@click.option("--down", "direction", flag_value=DESCENDANTS, help="Descendants only: what it fed.")
@click.option(
    "--both",
    "direction",
    flag_value=BOTH,
    default=True,
    help="Both, from every vertex reached (the default): siblings too.",
)
@click.option(
    "--depth",
    type=click.IntRange(0, 10),
    default=10,
    show_default=True,
    help="How many associations to follow (QueryLineage's MaxDepth).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "dot", "json", "svg"]),
    default="text",
    show_default=True,
    help="text to read, dot for Graphviz, json for machines, svg drawn by Graphviz.",
)
def lineage(reference: str, db: str, direction: str, depth: int, output_format: str) -> None:
    """Show the lineage graph around ARN in a saved world: where it came from, what it fed.

    ARN is a lineage entity's ARN, or the SourceUri of one: a dataset's S3
    URI, a model package's ARN (its artifact), a model package group's ARN
    (its context), a training job's ARN (its trial component). Reading is not
    a call: nothing is added to the audit trail.

    Example:

    \b
        mlgov-sim run scenarios/lineage-dataset-to-model.yaml --db churn.db
        mlgov-sim lineage s3://churn-data/2025-01/train.csv --db churn.db --down
        mlgov-sim lineage ARN_OF_A_MODEL_PACKAGE --db churn.db --up --format svg > v1.svg
    """
    world = open_saved_world(db)
    info = world.info()
    with world.reading() as session:
        start = find_start(session, reference, info.account, info.region)
        if start is None:
            raise InvalidInput(
                f"no lineage entity has ARN or SourceUri {reference} in this world "
                "(ListArtifacts, ListContexts and ListActions show the ones there are)"
            )
        view = neighbourhood(session, start.arn, direction, depth)
    assert view is not None
    if output_format == "json":
        click.echo(json.dumps(as_json(view), indent=2))
    elif output_format == "dot":
        click.echo(dot.render(view), nl=False)
    elif output_format == "svg":
        click.echo(to_svg(dot.render(view)), nl=False)
    else:
        click.echo(as_text(view), nl=False)


def to_svg(source: str) -> str:
    """`source` drawn by Graphviz's `dot`; GraphvizFailed when it is missing or refuses."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizFailed(INSTALL_GRAPHVIZ)
    done = subprocess.run(
        [program, "-Tsvg"], input=source, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise GraphvizFailed(f"Graphviz could not draw the graph: {done.stderr.strip()}")
    return done.stdout


def as_json(view: Neighbourhood) -> dict[str, Any]:
    """The neighbourhood with QueryLineage's field names, plus names and distances."""

    def vertex(row: Any, distance: int) -> dict[str, Any]:
        return {
            "Arn": row.arn,
            "Type": row.type,
            "LineageType": row.kind,
            "Name": labels.short_name(row),
            "Depth": distance,
        }

    return to_jsonable(
        {
            "Start": vertex(view.start, 0),
            "Direction": view.direction,
            "MaxDepth": view.depth,
            "Vertices": [vertex(row, distance) for row, distance in view.vertices],
            "Edges": [
                {
                    "SourceArn": edge.source_arn,
                    "DestinationArn": edge.destination_arn,
                    "AssociationType": edge.association_type,
                }
                for edge in view.edges
            ],
        }
    )


def as_text(view: Neighbourhood) -> str:
    """The neighbourhood for a terminal: the start, the vertices by depth, the associations."""
    rows = {view.start.arn: view.start, **{row.arn: row for row, _ in view.vertices}}

    def name(arn: str) -> str:
        row = rows[arn]
        return f"{row.type} {labels.short_name(row)}"

    walk = {ASCENDANTS: "ascendants", DESCENDANTS: "descendants"}.get(
        view.direction, "both directions"
    )
    lines = [
        click.style(f"{name(view.start.arn)}", bold=True) + f"  ({view.start.kind})",
        f"  {view.start.arn}",
        f"  {walk}, depth {view.depth}: {len(view.vertices)} vertices, "
        f"{len(view.edges)} associations",
        "",
    ]
    for row, distance in view.vertices:
        details = " ".join(labels.caption(row)[2:])
        lines.append(f"  {distance:>2}  {row.kind:<14} {name(row.arn)}  {details}".rstrip())
    if view.edges:
        lines.append("")
    for edge in view.edges:
        kind = edge.association_type or "(no type)"
        lines.append(f"  {name(edge.source_arn)} --{kind}--> {name(edge.destination_arn)}")
    return "\n".join(lines) + "\n"
