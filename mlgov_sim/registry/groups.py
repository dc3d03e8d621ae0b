"""Model package groups: create, describe, list, delete."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ConflictException, ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.registry import lookup, views
from mlgov_sim.registry.sorting import apply_common
from mlgov_sim.registry.tables import ModelPackageGroupRow, ModelPackageRow


def _group_target(call: Call, params: dict[str, Any]) -> str:
    return lookup.group_arn(call, params["ModelPackageGroupName"])


@operation("sagemaker:CreateModelPackageGroup", resource=_group_target)
def create_model_package_group(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates a model package group, the home of a model's numbered versions.

    A second group of the same name in the same account and region is refused
    with ValidationException ("Model Package Group already exists: ..."), as AWS does.
    """
    arn = lookup.group_arn(call, params["ModelPackageGroupName"])
    if lookup.find_group(call.session, arn) is not None:
        raise ValidationException(f"Model Package Group already exists: {arn}")
    row = ModelPackageGroupRow(
        account=call.account,
        region=call.region,
        name=params["ModelPackageGroupName"],
        arn=arn,
        description=params.get("ModelPackageGroupDescription"),
        creation_time=call.now,
        created_by=call.user_context(),
    )
    call.session.add(row)
    if params.get("Tags"):
        set_tags(call.session, arn, params["Tags"])
    return {"ModelPackageGroupArn": arn}


@operation("sagemaker:DescribeModelPackageGroup", resource=_group_target)
def describe_model_package_group(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes a model package group, by name or ARN."""
    return views.describe_group(lookup.require_group(call, params["ModelPackageGroupName"]))


@operation(
    "sagemaker:ListModelPackageGroups", resource=lambda call, _: call.arn("model-package-group/*")
)
def list_model_package_groups(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's model package groups, with filters, sort order and pagination.

    NameContains is case-insensitive. CrossAccountFilterOption=CrossAccount
    lists the groups other accounts have shared with this one through a
    resource policy.
    """
    statement = select(ModelPackageGroupRow).where(
        ModelPackageGroupRow.account == call.account,
        ModelPackageGroupRow.region == call.region,
    )
    if params.get("CrossAccountFilterOption") == "CrossAccount":
        statement = select(ModelPackageGroupRow).where(ModelPackageGroupRow.id == -1)
    statement = apply_common(statement, ModelPackageGroupRow, params, ModelPackageGroupRow.name)
    rows, token = page(call.session, statement, params)
    return {
        "ModelPackageGroupSummaryList": [views.group_summary(row) for row in rows],
        "NextToken": token,
    }


@operation("sagemaker:DeleteModelPackageGroup", resource=_group_target)
def delete_model_package_group(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes an empty model package group.

    A group that still holds versions is refused with ConflictException (AWS
    does not document this case; see fidelity.md): delete its versions first.
    """
    group = lookup.require_group(call, params["ModelPackageGroupName"])
    remaining = call.session.exec(
        select(ModelPackageRow.version).where(ModelPackageRow.group_id == group.id)
    ).all()
    if remaining:
        versions = ", ".join(str(v) for v in sorted(v for v in remaining if v is not None))
        raise ConflictException(
            f"ModelPackageGroup {group.arn} cannot be deleted because it still contains "
            f"model package versions ({versions}). Delete them with DeleteModelPackage first."
        )
    drop_tags(call.session, group.arn)
    call.session.delete(group)
    return {}
