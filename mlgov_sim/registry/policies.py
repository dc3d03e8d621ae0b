"""Resource policies on model package groups, and the registry's IAM condition keys.

A group's policy is how another account is given access to the group and its
versions (AWS's "deploy from another account" example grants
`DescribeModelPackageGroup` on the group and `DescribeModelPackage`,
`UpdateModelPackage`, `CreateModel` on `model-package/<group>/*`). The kernel's
access check asks `policy_for` for the policy that governs an ARN: a group's
own, or, for a version, its group's.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlmodel import Field, SQLModel

from mlgov_sim.core import access
from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.registry import lookup


class ModelPackageGroupPolicyRow(SQLModel, table=True):
    """The resource policy attached to one model package group."""

    __tablename__ = "model_package_group_policy"

    group_arn: str = Field(primary_key=True)
    policy: str  # the JSON text as given, returned as given


POLICIES: Table = ModelPackageGroupPolicyRow.__table__  # type: ignore[attr-defined]
_SELECT = select(POLICIES.c.policy).where(POLICIES.c.group_arn == bindparam("arn"))
_INSERT = insert(POLICIES)
_UPDATE = (
    update(POLICIES)
    .where(POLICIES.c.group_arn == bindparam("arn"))
    .values(policy=bindparam("text"))
)
_DELETE = delete(POLICIES).where(POLICIES.c.group_arn == bindparam("arn"))


def group_arn_for(resource: str) -> str | None:
    """The group whose policy governs `resource`: the group itself, or a version's group."""
    parsed = arns.parse(resource)
    if parsed is None:
        return None
    if parsed.resource_type == "model-package-group":
        return resource
    parts = parsed.resource.split("/")
    if parsed.resource_type == "model-package" and len(parts) == 3:
        return arns.build("sagemaker", parsed.region, parsed.account,
                          f"model-package-group/{parts[1]}")
    return None


def policy_for(db: Database, resource: str) -> tuple[str, Any] | None:
    """(group ARN, policy text) governing `resource`, or None when there is none."""
    group = group_arn_for(resource)
    if group is None:
        return None
    text = db.execute(_SELECT, {"arn": group}).scalar()
    return (group, text) if text is not None else None


def drop_policy(db: Database, group_arn: str) -> None:
    """Remove a deleted group's policy."""
    db.execute(_DELETE, {"arn": group_arn})


def shared_with(db: Database, account: str) -> list[str]:
    """ARNs of other accounts' groups whose policy names `account` as a principal."""
    shared = []
    for group_arn, text in db.execute(select(POLICIES.c.group_arn, POLICIES.c.policy)):
        parsed = arns.parse(group_arn)
        if parsed is None or parsed.account == account:
            continue
        probe = access.Request(f"arn:aws:iam::{account}:root", "sagemaker:*", group_arn)
        statements = access.statements(text)
        if any(
            s.get("Effect") == "Allow" and access.principal_matches(s.get("Principal"), probe)
            for s in statements
        ):
            shared.append(group_arn)
    return shared


def _target(call: Call, params: dict[str, Any]) -> str:
    return lookup.group_arn(call, params["ModelPackageGroupName"])


def _parse(text: str, group_arn: str) -> None:
    try:
        json.loads(text)
    except ValueError as error:
        raise ValidationException(
            f"The resource policy for {group_arn} is not valid JSON: {error}"
        ) from error
    problems = access.validate_policy(text, kind="resource")
    if problems:
        raise ValidationException(
            f"The resource policy for {group_arn} is not valid: " + "; ".join(problems)
        )


@operation("sagemaker:PutModelPackageGroupPolicy", resource=_target)
def put_model_package_group_policy(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Attaches (or replaces) a resource policy on a model package group, for cross-account access.

    The policy is checked as IAM checks resource policies (Principal required,
    known elements and condition operators) and refused with
    ValidationException when it is not valid. The group is named by name only,
    as the API's EntityName shape says.
    """
    group = lookup.require_group(call, params["ModelPackageGroupName"])
    _parse(params["ResourcePolicy"], group.arn)
    values = {"arn": group.arn, "text": params["ResourcePolicy"]}
    if call.db.execute(_SELECT, values).scalar() is None:
        call.db.execute(_INSERT, {"group_arn": group.arn, "policy": params["ResourcePolicy"]})
    else:
        call.db.execute(_UPDATE, values)
    return {"ModelPackageGroupArn": group.arn}


@operation("sagemaker:GetModelPackageGroupPolicy", resource=_target)
def get_model_package_group_policy(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Returns a model package group's resource policy, as it was put.

    A group without a policy is refused with ValidationException (AWS's
    wording is not documented).
    """
    group = lookup.require_group(call, params["ModelPackageGroupName"])
    text = call.db.execute(_SELECT, {"arn": group.arn}).scalar()
    if text is None:
        raise ValidationException(f"Cannot find resource policy for {group.arn}.")
    return {"ResourcePolicy": text}


@operation("sagemaker:DeleteModelPackageGroupPolicy", resource=_target)
def delete_model_package_group_policy(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Removes a model package group's resource policy; other accounts lose their access."""
    group = lookup.require_group(call, params["ModelPackageGroupName"])
    if call.db.execute(_SELECT, {"arn": group.arn}).scalar() is None:
        raise ValidationException(f"Cannot find resource policy for {group.arn}.")
    drop_policy(call.db, group.arn)
    return {}


def lifecycle_condition_keys(params: dict[str, Any]) -> dict[str, Any]:
    """`sagemaker:ModelLifeCycle:stage` / `:stageStatus`: how AWS gates who may set a stage."""
    lifecycle = params.get("ModelLifeCycle") or {}
    keys = {}
    if "Stage" in lifecycle:
        keys["sagemaker:ModelLifeCycle:stage"] = lifecycle["Stage"]
    if "StageStatus" in lifecycle:
        keys["sagemaker:ModelLifeCycle:stageStatus"] = lifecycle["StageStatus"]
    return keys
