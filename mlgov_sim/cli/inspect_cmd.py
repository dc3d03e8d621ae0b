"""`mlgov-sim inspect`: what a learner looks at in a saved world."""

from __future__ import annotations

import json
from typing import Any

import click

from mlgov_sim.cli.options import format_option
from mlgov_sim.cli.saved import db_required, open_saved_world
from mlgov_sim.registry.queries import registry_overview


@click.command()
@click.option("--db", "db", **db_required)
@format_option
def inspect(db: str, output_format: str) -> None:
    """Show a saved world's Model Registry: groups and their versions.

    Each version shows its approval status, lifecycle stage, and who created
    and last changed it, when (simulated time). Reading is not a call: nothing
    is added to the audit trail.

    Example:

    \b
        mlgov-sim run scenarios/approval-workflow.yaml --db churn.db
        mlgov-sim inspect --db churn.db
    """
    world = open_saved_world(db)
    with world.reading() as session:
        overview = registry_overview(session)
    if output_format == "json":
        click.echo(json.dumps({"registry": overview}, indent=2))
        return
    click.echo(render_registry(overview))


def _who(arn: str | None) -> str:
    return arn.rsplit("/", 1)[-1] if arn else "-"


def render_registry(overview: list[dict[str, Any]]) -> str:
    """The registry as readable text tables, one per group."""
    if not overview:
        return "The registry is empty: no model package groups.\n"
    lines: list[str] = []
    for group in overview:
        name = group["ModelPackageGroupName"] or "(unversioned model packages)"
        lines.append(
            click.style(name, bold=True)
            + (f"  {group['ModelPackageGroupArn']}" if group.get("ModelPackageGroupArn") else "")
        )
        versions = group["Versions"]
        if not versions:
            lines.append("  (no versions)")
        else:
            header = f"  {'version':<8} {'approval':<22} {'stage':<26} {'created':<28} modified"
            lines.append(click.style(header, dim=True))
        for v in versions:
            label = str(v["ModelPackageVersion"] or v["ModelPackageName"])
            stage = f"{v['Stage']}/{v['StageStatus']}" if v["Stage"] else "-"
            created = f"{v['CreationTime']} {_who(v['CreatedBy'])}"
            modified = (
                f"{v['LastModifiedTime']} {_who(v['LastModifiedBy'])}"
                if v["LastModifiedTime"]
                else "-"
            )
            lines.append(
                f"  {label:<8} {v['ModelApprovalStatus'] or '-':<22} {stage:<26} "
                f"{created:<28} {modified}"
            )
        lines.append("")
    return "\n".join(lines)
