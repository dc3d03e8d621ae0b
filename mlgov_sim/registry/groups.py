"""Model package groups: create, describe, list, delete."""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ConflictException, ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.registry import lookup, policies, store, views
from mlgov_sim.registry.sorting import apply_common
from mlgov_sim.registry.store import GROUPS, Group


def _group_target(call: Call, params: dict[str, Any]) -> str:
    return lookup.group_arn(call, params["ModelPackageGroupName"])


@operation("sagemaker:CreateModelPackageGroup", resource=_group_target)
def create_model_package_group(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates a model package group, the home of a model's numbered versions.

    A second group of the same name in the same account and region is refused
    with ValidationException ("Model Package Group already exists: ..."), as AWS does.
    """
    arn = lookup.group_arn(call, params["ModelPackageGroupName"])
    if store.find_group(call.db, arn) is not None:
        raise ValidationException(f"Model Package Group already exists: {arn}")
    group = Group(
        account=call.account,
        region=call.region,
        name=params["ModelPackageGroupName"],
        arn=arn,
        description=params.get("ModelPackageGroupDescription"),
        creation_time=call.now,
        created_by=call.user_context(),
    )
    store.insert_group(call.db, group)
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
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
    statement = store.select_groups()
    if params.get("CrossAccountFilterOption") == "CrossAccount":
        shared = policies.shared_with(call.db, call.account)
        statement = statement.where(GROUPS.c.arn.in_(shared), GROUPS.c.region == call.region)
    else:
        statement = statement.where(
            GROUPS.c.account == call.account, GROUPS.c.region == call.region
        )
    statement = apply_common(statement, GROUPS, params, GROUPS.c.name)
    rows, token = page(call.db, statement, params, listing=store.GROUP_LISTING)
    return {
        "ModelPackageGroupSummaryList": [views.group_summary(Group(*row)) for row in rows],
        "NextToken": token,
    }


@operation("sagemaker:DeleteModelPackageGroup", resource=_group_target)
def delete_model_package_group(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes an empty model package group.

    A group that still holds versions is refused with ConflictException (AWS
    does not document this case; see fidelity.md): delete its versions first.
    """
    group = lookup.require_group(call, params["ModelPackageGroupName"])
    remaining = store.versions_of(call.db, group)
    if remaining:
        versions = ", ".join(str(v) for v in sorted(v for v in remaining if v is not None))
        raise ConflictException(
            f"ModelPackageGroup {group.arn} cannot be deleted because it still contains "
            f"model package versions ({versions}). Delete them with DeleteModelPackage first."
        )
    drop_tags(call.db, group.arn)
    policies.drop_policy(call.db, group.arn)
    store.delete_group(call.db, group)
    return {}
