"""Read-only views of the registry for inspection (no call, so nothing is audited).

`registry_overview` lists every group and version; `version_history` tells one
version's story from the audit trail and the events the registry announced.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select

from mlgov_sim.core.db import Database
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.core.state import AuditEntry, EventRecord
from mlgov_sim.registry.store import Package, all_groups, all_packages, find_package


def registry_overview(db: Database) -> list[dict[str, Any]]:
    """Every group with its versions (number, approval, stage, who and when), in creation order.

    `db` is a reading session (`World.reading()`) or a connection.
    """
    groups = all_groups(db)
    by_group: dict[int | None, list[Package]] = {}
    for row in all_packages(db):
        by_group.setdefault(row.group_id, []).append(row)
    overview = [
        {
            "ModelPackageGroupName": group.name,
            "ModelPackageGroupArn": group.arn,
            "Account": group.account,
            "Region": group.region,
            "CreationTime": group.creation_time,
            "Versions": [_version(row) for row in by_group.get(group.id, [])],
        }
        for group in groups
    ]
    unversioned = by_group.get(None, [])
    if unversioned:
        overview.append(
            {
                "ModelPackageGroupName": None,
                "Versions": [_version(row) for row in unversioned],
            }
        )
    return to_jsonable(overview)


def _who(context: dict[str, Any] | None) -> str | None:
    if not context:
        return None
    return (context.get("IamIdentity") or {}).get("Arn") or context.get("UserProfileName")


def _version(row: Package) -> dict[str, Any]:
    lifecycle = row.lifecycle or {}
    return {
        "ModelPackageVersion": row.version,
        "ModelPackageName": row.name if row.version is None else None,
        "ModelPackageArn": row.arn,
        "ModelApprovalStatus": row.approval_status,
        "Stage": lifecycle.get("Stage"),
        "StageStatus": lifecycle.get("StageStatus"),
        "CreationTime": row.creation_time,
        "CreatedBy": _who(row.created_by),
        "LastModifiedTime": row.last_modified_time,
        "LastModifiedBy": _who(row.last_modified_by),
    }


# -- one version's history ------------------------------------------------------

_READS = ("Describe", "List", "Get", "BatchDescribe")
_AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
_EVENTS = EventRecord.__table__  # type: ignore[attr-defined]
_AUDIT_ON = select(_AUDIT).where(_AUDIT.c.target_arn == bindparam("arn")).order_by(_AUDIT.c.id)
_EVENTS_ALL = select(_EVENTS).order_by(_EVENTS.c.seq)


def version_history(db: Database, arn: str) -> dict[str, Any] | None:
    """One version's story: created, approved or rejected, staged (by whom, when), refusals.

    Who made a change comes from the audit trail, what changed from the
    version's state-change events. Each event is put down to the earliest
    successful write on the version at or before its time that no earlier
    event took: a write that changed nothing announces no event, so one such
    write followed, at the same simulated instant, by a change from someone
    else would be credited with that change. None when there is no such version.
    """
    package = find_package(db, arn)
    if package is None:
        return None
    audit = [row._mapping for row in db.execute(_AUDIT_ON, {"arn": arn})]
    events = [
        row._mapping for row in db.execute(_EVENTS_ALL) if arn in (row._mapping["resources"] or [])
    ]
    writes = [
        entry for entry in audit if entry["outcome"] == "Success" and not _reads(entry["operation"])
    ]
    timeline: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    stages: list[dict[str, Any]] = []
    unpaired = list(writes)
    for event in events:
        detail = event["detail"]
        changed = detail.get("UpdatedModelPackageFields")
        entry = _take(unpaired, event["time"], created=changed is None)
        who = _actor(entry)
        fact = {"Time": event["time"], "By": who, **_facts(detail)}
        kind = "created" if changed is None else "changed"
        timeline.append({"Kind": kind, **fact, "_order": _order(entry)})
        if (changed is None and detail.get("ModelApprovalStatus") in _DECIDED) or (
            changed and "ModelApprovalStatus" in changed
        ):
            decisions.append(
                {
                    "Time": event["time"],
                    "Status": detail.get("ModelApprovalStatus"),
                    "By": who,
                    "Description": detail.get("ApprovalDescription"),
                }
            )
        if detail.get("ModelLifeCycle") and (changed is None or "ModelLifeCycle" in changed):
            stages.append({"Time": event["time"], "By": who, **detail["ModelLifeCycle"]})
    refused = [
        {
            "Time": entry["time"],
            "By": _actor(entry),
            "Operation": entry["operation"],
            "ErrorCode": entry["error_code"],
            "ErrorMessage": entry["error_message"],
        }
        for entry in _refusals(audit)
    ]
    timeline += [
        {"Kind": "refused", **item, "_order": entry["id"]}
        for item, entry in zip(refused, _refusals(audit), strict=True)
    ]
    # In call order: by time, then by the audit entry behind each item.
    timeline.sort(key=lambda item: (item["Time"], item["_order"]))
    for item in timeline:
        del item["_order"]
    summary = _version(package)
    return to_jsonable(
        {
            **summary,
            "ModelPackageGroupName": package.group_name,
            "ApprovalDescription": package.approval_description,
            "Decisions": decisions,
            "StageChanges": stages,
            "Refused": refused,
            "Timeline": timeline,
        }
    )


_DECIDED = ("Approved", "Rejected")


def _reads(operation: str) -> bool:
    return operation.split(":", 1)[-1].startswith(_READS)


def _refusals(audit: list[Any]) -> list[Any]:
    return [entry for entry in audit if entry["outcome"] != "Success"]


def _order(entry: Any) -> float:
    return float("inf") if entry is None else entry["id"]


def _take(unpaired: list[Any], time: Any, *, created: bool) -> Any:
    """The earliest unpaired write at or before `time` of the kind the event reports."""
    for index, entry in enumerate(unpaired):
        creates = entry["operation"].endswith(":CreateModelPackage")
        if entry["time"] <= time and creates == created:
            return unpaired.pop(index)
    return None


def _actor(entry: Any) -> str | None:
    if entry is None:
        return None
    via = f" (via {entry['via']})" if entry["via"] else ""
    return f"{entry['principal']}{via}"


def _facts(detail: dict[str, Any]) -> dict[str, Any]:
    facts = {
        "ModelApprovalStatus": detail.get("ModelApprovalStatus"),
        "UpdatedFields": detail.get("UpdatedModelPackageFields"),
    }
    stage = detail.get("ModelLifeCycle")
    if stage:
        facts["Stage"] = f"{stage.get('Stage')}/{stage.get('StageStatus')}"
    return {key: value for key, value in facts.items() if value is not None}
