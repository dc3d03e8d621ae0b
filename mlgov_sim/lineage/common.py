"""What the entity handlers share: finding entities, properties, sorting and the type filter.

Every lineage API answers a missing entity with ResourceNotFound (botocore
models it for each of them), unlike the registry's ValidationException.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select

from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ResourceNotFound, ValidationException
from mlgov_sim.lineage import store
from mlgov_sim.lineage.store import ENTITIES, Entity

MAX_PROPERTIES = 30
# The ARN's resource type for each kind of entity.
RESOURCE_TYPES = {
    store.ARTIFACT: "artifact",
    store.ACTION: "action",
    store.CONTEXT: "context",
    store.TRIAL_COMPONENT: "experiment-trial-component",
}
KINDS = {resource: kind for kind, resource in RESOURCE_TYPES.items()}


def entity_arn(call: Call, kind: str, name_or_arn: str) -> str:
    """The ARN an input names: itself, or `name` in the caller's account and region."""
    if arns.is_arn(name_or_arn):
        return name_or_arn
    return call.arn(f"{RESOURCE_TYPES[kind]}/{name_or_arn}")


def not_found(kind: str, arn: str) -> ResourceNotFound:
    return ResourceNotFound(f"{kind} {arn} does not exist.")


def require(db: Database, kind: str, arn: str) -> Entity:
    """The entity of `kind` at `arn`, or ResourceNotFound."""
    row = store.find_entity(db, arn)
    if row is None or row.kind != kind:
        raise not_found(kind, arn)
    return row


def require_any(db: Database, arn: str) -> Entity:
    """The entity of any kind at `arn`, or ResourceNotFound naming what the ARN says it is."""
    row = store.find_entity(db, arn)
    if row is None:
        parsed = arns.parse(arn)
        kind = KINDS.get(parsed.resource_type, "Entity") if parsed else "Entity"
        raise not_found(kind, arn)
    return row


def exists_as(kind: str) -> Callable[[Database, str], bool]:
    """Whether an ARN names an entity of `kind`: how tagging learns which ARNs exist."""

    def exists(db: Database, arn: str) -> bool:
        row = store.find_entity(db, arn)
        return row is not None and row.kind == kind

    return exists


def touch(call: Call, row: Entity) -> None:
    """Record that the caller changed `row` now."""
    row.last_modified_time = call.now
    row.last_modified_by = call.user_context()


def apply_properties(row: Entity, params: dict[str, Any]) -> None:
    """Merge Properties into the entity's, then drop PropertiesToRemove (removal wins).

    At most 30 properties may remain, as botocore's map allows on create.
    """
    merged = dict(row.properties)
    merged.update(params.get("Properties") or {})
    for key in params.get("PropertiesToRemove") or []:
        merged.pop(key, None)
    if len(merged) > MAX_PROPERTIES:
        raise ValidationException(
            f"A lineage entity can have at most {MAX_PROPERTIES} properties; this update "
            f"would leave {row.arn} with {len(merged)}."
        )
    row.properties = merged


def refuse_if_associated(db: Database, row: Entity) -> None:
    """An entity with associations is not deleted: its edges would dangle in the graph.

    AWS does not document this case; the SageMaker Python SDK's
    `delete(disassociate=True)` removes the associations before deleting, and
    the simulator refuses the delete until they are gone (see docs/fidelity.md).
    """
    count = store.count_touching(db, row.arn)
    if count:
        noun = "association" if count == 1 else "associations"
        raise ValidationException(
            f"{row.kind} {row.arn} cannot be deleted because it still has {count} {noun}. "
            "Delete them first with DeleteAssociation (ListAssociations with SourceArn or "
            "DestinationArn finds them)."
        )


def scope(statement: Select[Any], call: Call, kind: str) -> Select[Any]:
    """Only the caller's account and region, and one kind of entity."""
    return statement.where(
        ENTITIES.c.account == call.account,
        ENTITIES.c.region == call.region,
        ENTITIES.c.kind == kind,
    )


def list_filters(statement: Select[Any], params: dict[str, Any], type_key: str) -> Select[Any]:
    """SourceUri, the type (ArtifactType...), CreatedAfter/Before, SortBy and SortOrder.

    SortBy defaults to CreationTime and SortOrder to Descending, as AWS
    documents; ties (one simulated instant) fall back to creation order.
    """
    if params.get("SourceUri"):
        statement = statement.where(ENTITIES.c.source_uri == params["SourceUri"])
    if params.get(type_key) is not None:
        statement = statement.where(ENTITIES.c.type == params[type_key])
    if params.get("CreatedAfter") is not None:
        statement = statement.where(ENTITIES.c.creation_time > params["CreatedAfter"])
    if params.get("CreatedBefore") is not None:
        statement = statement.where(ENTITIES.c.creation_time < params["CreatedBefore"])
    primary = ENTITIES.c.name if params.get("SortBy") == "Name" else ENTITIES.c.creation_time
    keys = [primary, ENTITIES.c.id]
    if params.get("SortOrder", "Descending") == "Descending":
        keys = [key.desc() for key in keys]
    return statement.order_by(*keys)
