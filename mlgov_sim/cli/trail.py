"""`mlgov-sim audit` and `mlgov-sim events`: the record a saved world keeps."""

from __future__ import annotations

import json
from typing import Any

import click

from mlgov_sim.cli.options import format_option
from mlgov_sim.cli.saved import db_required, open_saved_world
from mlgov_sim.core.clock import format_instant
from mlgov_sim.core.state import AuditEntry


@click.command()
@click.option("--db", "db", **db_required)
@click.option("--principal", help="Only calls made by this principal (name).")
@click.option("--operation", help="Only this operation (e.g. UpdateModelPackage).")
@click.option("--resource", help="Only calls whose target ARN contains this text.")
@click.option(
    "--outcome", type=click.Choice(["Success", "Error"]), help="Only successes or refusals."
)
@format_option
def audit(
    db: str,
    principal: str | None,
    operation: str | None,
    resource: str | None,
    outcome: str | None,
    output_format: str,
) -> None:
    """Show who called what, on which resource, when, and with what outcome, refusals included.

    Every call through the simulator is recorded, including those refused
    (with the AWS error code). Automations' calls name the automation.

    Example:

        mlgov-sim audit --db churn.db --resource model-package/churn/2
    """
    entries = [
        entry
        for entry in open_saved_world(db).audit_log()
        if (principal is None or entry.principal == principal)
        and (operation is None or entry.operation.split(":")[-1] == operation.split(":")[-1])
        and (resource is None or resource in (entry.target_arn or ""))
        and (outcome is None or entry.outcome == outcome)
    ]
    if output_format == "json":
        click.echo(json.dumps([_entry_json(entry) for entry in entries], indent=2))
        return
    if not entries:
        click.echo("No audit entries match.")
        return
    for entry in entries:
        click.echo(_entry_line(entry))


def _entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "time": format_instant(entry.time),
        "principal": entry.principal,
        "principalArn": entry.principal_arn,
        "operation": entry.operation,
        "target": entry.target_arn,
        "outcome": entry.outcome,
        "errorCode": entry.error_code,
        "errorMessage": entry.error_message,
        "via": entry.via,
    }


def _entry_line(entry: AuditEntry) -> str:
    who = entry.principal + (f" (via {entry.via})" if entry.via else "")
    mark = (
        click.style("ok     ", fg="green")
        if entry.outcome == "Success"
        else click.style("REFUSED", fg="red", bold=True)
    )
    line = f"{format_instant(entry.time)}  {mark}  {who:<12} {entry.operation}"
    if entry.target_arn:
        line += f"  {entry.target_arn}"
    if entry.error_code:
        line += f"\n{'':<31}{entry.error_code}: {entry.error_message}"
    return line


@click.command()
@click.option("--db", "db", **db_required)
@click.option("--detail-type", "detail_type", help="Only events of this detail-type.")
@click.option("--resource", help="Only events whose resources contain this text.")
@format_option
def events(db: str, detail_type: str | None, resource: str | None, output_format: str) -> None:
    """Show the events the world's services put on the event bus, in order.

    These are the EventBridge events AWS would deliver (source, detail-type,
    detail); automations react to them.

    Example:

    \b
        mlgov-sim events --db churn.db --detail-type "SageMaker Model Package State Change"
    """
    found = [
        event
        for event in open_saved_world(db).events()
        if (detail_type is None or event["detail-type"] == detail_type)
        and (resource is None or any(resource in arn for arn in event["resources"]))
    ]
    if output_format == "json":
        click.echo(json.dumps(found, indent=2))
        return
    if not found:
        click.echo("No events match.")
        return
    for event in found:
        click.echo(_event_line(event))


# The fields that say what changed, per kind of event, shown under its line: (label, path).
_HEADLINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ModelApprovalStatus", ("ModelApprovalStatus",)),
    ("ModelPackageStatus", ("ModelPackageStatus",)),
    ("Stage", ("ModelLifeCycle", "Stage")),
    ("TrainingJobStatus", ("TrainingJobStatus",)),
    ("EndpointStatus", ("EndpointStatus",)),
    ("EndpointConfigName", ("EndpointConfigName",)),
    ("deploying", ("PendingDeploymentSummary", "EndpointConfigName")),
    ("state", ("state", "value")),
    ("was", ("previousState", "value")),
)


def _event_line(event: dict[str, Any]) -> str:
    detail = event["detail"]
    facts = []
    for label, path in _HEADLINES:
        value = _at(detail, path)
        if value is not None:
            facts.append(f"{label}={value}")
    if "UpdatedModelPackageFields" in detail:
        facts.append("changed=" + ",".join(detail["UpdatedModelPackageFields"]))
    if detail.get("FailureReason"):
        facts.append(f"FailureReason={detail['FailureReason']}")
    head = f"{event['time']}  {event['detail-type']}  {', '.join(event['resources'])}"
    return head + (f"\n{'':<22}{'  '.join(facts)}" if facts else "")


def _at(detail: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = detail
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value
