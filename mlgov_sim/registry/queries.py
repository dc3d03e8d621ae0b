"""Read-only views of the registry for inspection (no call, so nothing is audited)."""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.db import Database
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.registry.store import Package, all_groups, all_packages


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
