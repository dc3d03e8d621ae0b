"""Actions: create, describe (by name or ARN), list, update, delete."""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.lineage import common, store, views
from mlgov_sim.lineage.store import ACTION, Entity


def action_row(
    call: Call,
    name: str,
    source: dict[str, Any],
    action_type: str,
    *,
    status: str | None = None,
    description: str | None = None,
    properties: dict[str, str] | None = None,
    metadata: dict[str, str] | None = None,
    account: str | None = None,
) -> Entity:
    """A new action's row, not yet stored."""
    arn = call.arn(f"action/{name}", account=account)
    who = call.user_context()
    return Entity(
        account=account or call.account,
        region=call.region,
        kind=ACTION,
        arn=arn,
        name=name,
        type=action_type,
        source_uri=source["SourceUri"],
        source=source,
        status=status,
        description=description,
        properties=dict(properties or {}),
        metadata_properties=metadata,
        creation_time=call.now,
        created_by=who,
        last_modified_time=call.now,
        last_modified_by=who,
    )


def _name_target(call: Call, params: dict[str, Any]) -> str:
    return common.entity_arn(call, ACTION, params["ActionName"])


@operation("sagemaker:CreateAction", resource=_name_target)
def create_action(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates an action: a step of the workflow (a deployment, an approval, a training run).

    A name already taken in the account and region is refused with
    ValidationException ("Action already exists"; AWS documents an error
    without its code, see fidelity.md).
    """
    if store.find_entity(call.db, call.target_arn or "") is not None:
        raise ValidationException(f"Action already exists: {call.target_arn}")
    row = action_row(
        call,
        params["ActionName"],
        params["Source"],
        params["ActionType"],
        status=params.get("Status"),
        description=params.get("Description"),
        properties=params.get("Properties"),
        metadata=params.get("MetadataProperties"),
    )
    store.insert_entity(call.db, row)
    if params.get("Tags"):
        set_tags(call.db, row.arn, params["Tags"])
    return {"ActionArn": row.arn}


@operation("sagemaker:DescribeAction", resource=_name_target)
def describe_action(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes an action by name or ARN."""
    arn = common.entity_arn(call, ACTION, params["ActionName"])
    return views.describe_action(common.require(call.db, ACTION, arn))


@operation("sagemaker:ListActions", resource=lambda call, _: call.arn("action/*"))
def list_actions(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's actions: by SourceUri, ActionType and creation time, paginated.

    SortBy Name or CreationTime (the default), newest first unless SortOrder
    says Ascending. `ActionType: Approval` lists the approvals SageMaker recorded.
    """
    statement = common.scope(store.select_entities(), call, ACTION)
    statement = common.list_filters(statement, params, "ActionType")
    rows, token = page(call.db, statement, params, listing=f"{store.ENTITY_LISTING}:{ACTION}")
    return {
        "ActionSummaries": [views.action_summary(Entity(*row)) for row in rows],
        "NextToken": token,
    }


@operation("sagemaker:UpdateAction", resource=_name_target)
def update_action(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Changes an action's description, status or properties (merged; PropertiesToRemove drops)."""
    row = common.require(call.db, ACTION, common.entity_arn(call, ACTION, params["ActionName"]))
    before = store.snapshot(row)
    if params.get("Description") is not None:
        row.description = params["Description"]
    if params.get("Status") is not None:
        row.status = params["Status"]
    common.apply_properties(row, params)
    common.touch(call, row)
    store.save_entity(call.db, before, row)
    return {"ActionArn": row.arn}


@operation("sagemaker:DeleteAction", resource=_name_target)
def delete_action(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes an action; refused while it has associations (delete those first)."""
    row = common.require(call.db, ACTION, common.entity_arn(call, ACTION, params["ActionName"]))
    common.refuse_if_associated(call.db, row)
    drop_tags(call.db, row.arn)
    store.delete_entity(call.db, row)
    return {"ActionArn": row.arn}
