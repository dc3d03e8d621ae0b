"""`mlgov-sim inspect`: what a learner looks at in a saved world."""

from __future__ import annotations

import json
from typing import Any

import click

from mlgov_sim.app import World
from mlgov_sim.cli.errors import InvalidInput
from mlgov_sim.cli.options import format_option
from mlgov_sim.cli.saved import db_required, open_saved_world
from mlgov_sim.deploy.queries import endpoints_overview
from mlgov_sim.registry.queries import registry_overview, version_history


@click.command()
@click.option("--db", "db", **db_required)
@click.option(
    "--version",
    "version",
    metavar="ARN",
    help="One version's history instead (an ARN, or GROUP/VERSION such as churn/2).",
)
@format_option
def inspect(db: str, version: str | None, output_format: str) -> None:
    """Show a saved world's Model Registry (and endpoints), or one version's history.

    Each version shows its approval status, lifecycle stage, and who created
    and last changed it, when (simulated time). With --version, one version's
    history: who created, approved, rejected or moved it and when, the calls
    on it that were refused, and its events. Reading is not a call: nothing
    is added to the audit trail.

    Example:

    \b
        mlgov-sim run scenarios/approval-workflow.yaml --db churn.db
        mlgov-sim inspect --db churn.db
        mlgov-sim inspect --db churn.db --version customer-churn/2
    """
    world = open_saved_world(db)
    if version is not None:
        history = find_version(world, version)
        if output_format == "json":
            click.echo(json.dumps({"version": history}, indent=2))
        else:
            click.echo(render_version(history))
        return
    with world.reading() as session:
        overview = registry_overview(session)
        endpoints = list(endpoints_overview(session))
    if output_format == "json":
        click.echo(json.dumps({"registry": overview, "endpoints": endpoints}, indent=2))
        return
    click.echo(render_registry(overview))
    click.echo(render_endpoints(endpoints))


def render_endpoints(endpoints: list[dict[str, Any]]) -> str:
    """Endpoints as text: each with the version it serves, then its deployment timeline."""
    if not endpoints:
        return "No endpoints.\n"
    lines: list[str] = []
    for endpoint in endpoints:
        name = endpoint.get("EndpointName", "?")
        serves = endpoint.get("ModelPackageArn") or endpoint.get("Serves") or "-"
        status = endpoint.get("EndpointStatus", "-")
        lines.append(click.style(name, bold=True) + f"  {status}  serves {serves}")
        for item in endpoint.get("Timeline", []):
            what = item.get("What") or item.get("Status") or ""
            lines.append(f"  {item.get('Time', '')}  {what}")
        lines.append("")
    return "\n".join(lines)


def version_arn(world: World, reference: str) -> str:
    """The ARN `reference` names: itself, or `GROUP/VERSION` in the world's account and region."""
    if reference.startswith("arn:"):
        return reference
    info = world.info()
    return f"arn:aws:sagemaker:{info.region}:{info.account}:model-package/{reference.strip('/')}"


def find_version(world: World, reference: str) -> dict[str, Any]:
    """One version's history; exit 2, naming the versions there are, when there is none."""
    arn = version_arn(world, reference)
    with world.reading() as session:
        history = version_history(session, arn)
        if history is None:
            known = [
                f"{group['ModelPackageGroupName']}/{v['ModelPackageVersion']}"
                for group in registry_overview(session)
                for v in group["Versions"]
                if v["ModelPackageVersion"] is not None
            ]
    if history is None:
        raise InvalidInput(
            f"no model package {arn} in this world (versions: {', '.join(known) or 'none'})"
        )
    return history


def render_version(history: dict[str, Any]) -> str:
    """One version's history as text: decisions, stages, refusals, then the whole timeline."""
    title = f"{history['ModelPackageGroupName']}/{history['ModelPackageVersion']}"
    lines = [
        click.style(title, bold=True) + f"  {history['ModelPackageArn']}",
        f"  approval  {history['ModelApprovalStatus'] or '-'}"
        + (f"  ({history['ApprovalDescription']})" if history["ApprovalDescription"] else ""),
        f"  stage     {_stage(history)}",
        f"  created   {history['CreationTime']} by {_who(history['CreatedBy'])}",
        "",
        click.style("  decisions", dim=True),
    ]
    lines += [
        f"  {d['Time']}  {d['Status']:<22} by {d['By'] or '?'}"
        + (f"  ({d['Description']})" if d["Description"] else "")
        for d in history["Decisions"]
    ] or ["  (none yet)"]
    if history["StageChanges"]:
        lines += ["", click.style("  stages", dim=True)]
        lines += [
            f"  {s['Time']}  {s.get('Stage')}/{s.get('StageStatus')}  by {s['By'] or '?'}"
            for s in history["StageChanges"]
        ]
    lines += ["", click.style("  refused attempts", dim=True)]
    lines += [
        f"  {r['Time']}  {r['By']}: {r['Operation']}\n    {r['ErrorCode']}: {r['ErrorMessage']}"
        for r in history["Refused"]
    ] or ["  (none)"]
    lines += ["", click.style("  timeline", dim=True)]
    lines += [_timeline_line(item) for item in history["Timeline"]]
    return "\n".join(lines) + "\n"


def _stage(history: dict[str, Any]) -> str:
    if not history["Stage"]:
        return "-"
    return f"{history['Stage']}/{history['StageStatus']}"


def _timeline_line(item: dict[str, Any]) -> str:
    if item["Kind"] == "refused":
        mark = click.style("REFUSED", fg="red", bold=True)
        return f"  {item['Time']}  {mark}  {item['By']}: {item['Operation']} ({item['ErrorCode']})"
    facts = [f"{item.get('ModelApprovalStatus')}"]
    if item.get("Stage"):
        facts.append(f"stage {item['Stage']}")
    if item.get("UpdatedFields"):
        facts.append("changed " + ",".join(item["UpdatedFields"]))
    return f"  {item['Time']}  {item['Kind']:<7}  by {item['By'] or '?'}: " + "; ".join(facts)


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
