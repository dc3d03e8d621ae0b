"""Contexts: create, describe (by name or ARN), list, update, delete."""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.lineage import common, store, views
from mlgov_sim.lineage.store import CONTEXT, Entity


def context_row(
    call: Call,
    name: str,
    source: dict[str, Any],
    context_type: str,
    *,
    description: str | None = None,
    properties: dict[str, str] | None = None,
    account: str | None = None,
) -> Entity:
    """A new context's row, not yet stored."""
    arn = call.arn(f"context/{name}", account=account)
    who = call.user_context()
    return Entity(
        account=account or call.account,
        region=call.region,
        kind=CONTEXT,
        arn=arn,
        name=name,
        type=context_type,
        source_uri=source["SourceUri"],
        source=source,
        description=description,
        properties=dict(properties or {}),
        creation_time=call.now,
        created_by=who,
        last_modified_time=call.now,
        last_modified_by=who,
    )


def _name_target(call: Call, params: dict[str, Any]) -> str:
    return common.entity_arn(call, CONTEXT, params["ContextName"])


@operation("sagemaker:CreateContext", resource=_name_target)
def create_context(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates a context: a logical grouping (an endpoint, a model group, a project).

    A name already taken in the account and region is refused with
    ValidationException ("Context already exists"; see fidelity.md).
    """
    if store.find_entity(call.db, call.target_arn or "") is not None:
        raise ValidationException(f"Context already exists: {call.target_arn}")
    row = context_row(
        call,
        params["ContextName"],
        params["Source"],
        params["ContextType"],
        description=params.get("Description"),
        properties=params.get("Properties"),
    )
    store.insert_entity(call.db, row)
    if params.get("Tags"):
        set_tags(call.db, row.arn, params["Tags"])
    return {"ContextArn": row.arn}


@operation("sagemaker:DescribeContext", resource=_name_target)
def describe_context(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes a context by name or ARN."""
    arn = common.entity_arn(call, CONTEXT, params["ContextName"])
    return views.describe_context(common.require(call.db, CONTEXT, arn))


@operation("sagemaker:ListContexts", resource=lambda call, _: call.arn("context/*"))
def list_contexts(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's contexts: by SourceUri, ContextType and creation time, paginated.

    `ContextType: ModelGroup` lists the contexts SageMaker keeps for model package groups.
    """
    statement = common.scope(store.select_entities(), call, CONTEXT)
    statement = common.list_filters(statement, params, "ContextType")
    rows, token = page(call.db, statement, params, listing=f"{store.ENTITY_LISTING}:{CONTEXT}")
    return {
        "ContextSummaries": [views.context_summary(Entity(*row)) for row in rows],
        "NextToken": token,
    }


@operation("sagemaker:UpdateContext", resource=_name_target)
def update_context(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Changes a context's description or properties (merged; PropertiesToRemove drops keys)."""
    row = common.require(call.db, CONTEXT, common.entity_arn(call, CONTEXT, params["ContextName"]))
    before = store.snapshot(row)
    if params.get("Description") is not None:
        row.description = params["Description"]
    common.apply_properties(row, params)
    common.touch(call, row)
    store.save_entity(call.db, before, row)
    return {"ContextArn": row.arn}


@operation("sagemaker:DeleteContext", resource=_name_target)
def delete_context(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes a context; refused while it has associations (delete those first)."""
    row = common.require(call.db, CONTEXT, common.entity_arn(call, CONTEXT, params["ContextName"]))
    common.refuse_if_associated(call.db, row)
    drop_tags(call.db, row.arn)
    store.delete_entity(call.db, row)
    return {"ContextArn": row.arn}
