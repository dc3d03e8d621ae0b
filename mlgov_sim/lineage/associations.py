"""Associations, the graph's edges: add, delete, list.

One association per (source, destination) pair: DeleteAssociation names the
pair alone. Experiments, trials and trial components cannot be associated
with one another (AWS's documented limit).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_, select

from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ResourceNotFound, ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.lineage import common, store, views
from mlgov_sim.lineage.store import ASSOCIATIONS, ENTITIES, Association, Entity

_EXPERIMENT_TYPES = ("experiment", "experiment-trial", "experiment-trial-component")
_SORT_COLUMNS = {
    "SourceArn": ASSOCIATIONS.c.source_arn,
    "DestinationArn": ASSOCIATIONS.c.destination_arn,
    "SourceType": ASSOCIATIONS.c.source_type,
    "DestinationType": ASSOCIATIONS.c.destination_type,
    "CreationTime": ASSOCIATIONS.c.creation_time,
}
_SOURCE = ENTITIES.alias("source_entity")
_DESTINATION = ENTITIES.alias("destination_entity")


def link(call: Call, source: Entity, destination: Entity, kind: str | None) -> Association:
    """Store the association `source --kind--> destination` (the caller checked it is new)."""
    row = association_row(call, source, destination, kind)
    store.insert_association(call.db, row)
    return row


def association_row(
    call: Call, source: Entity, destination: Entity, kind: str | None
) -> Association:
    """The association `source --kind--> destination`'s row, not yet stored."""
    return Association(
        account=source.account,
        region=source.region,
        source_arn=source.arn,
        destination_arn=destination.arn,
        association_type=kind,
        source_type=source.type,
        destination_type=destination.type,
        creation_time=call.now,
        created_by=call.user_context(),
    )


def ensure_link(
    call: Call, source: Entity, destination: Entity, kind: str, *, fresh: bool = False
) -> None:
    """`link` unless the pair is already associated: what SageMaker does when it records.

    `fresh` says one end was created in this call, so no association can exist yet.
    """
    if fresh or store.find_association(call.db, source.arn, destination.arn) is None:
        link(call, source, destination, kind)


def _experiment_entity(arn: str) -> bool:
    parsed = arns.parse(arn)
    return parsed is not None and parsed.resource_type in _EXPERIMENT_TYPES


@operation("sagemaker:AddAssociation", resource=lambda call, params: params["SourceArn"])
def add_association(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Associates a source entity with a destination: an edge of the lineage graph.

    Both entities must exist (ResourceNotFound). A pair already associated is
    refused, as is an entity with itself and two experiment entities (trial
    components among them), with ValidationException.
    """
    source_arn, destination_arn = params["SourceArn"], params["DestinationArn"]
    if source_arn == destination_arn:
        raise ValidationException(f"An entity cannot be associated with itself: {source_arn}")
    if _experiment_entity(source_arn) and _experiment_entity(destination_arn):
        raise ValidationException(
            "Associations between two experiment entities (experiments, trials and trial "
            f"components) are not allowed: {source_arn} -> {destination_arn}"
        )
    source = common.require_any(call.db, source_arn)
    destination = common.require_any(call.db, destination_arn)
    existing = store.find_association(call.db, source_arn, destination_arn)
    if existing is not None:
        raise ValidationException(
            f"An association from {source_arn} to {destination_arn} already exists "
            f"(AssociationType {existing.association_type or 'none'}); delete it first to "
            "change its type."
        )
    link(call, source, destination, params.get("AssociationType"))
    return {"SourceArn": source_arn, "DestinationArn": destination_arn}


@operation("sagemaker:DeleteAssociation", resource=lambda call, params: params["SourceArn"])
def delete_association(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes the association between a source and a destination; it leaves the graph at once."""
    source_arn, destination_arn = params["SourceArn"], params["DestinationArn"]
    if store.find_association(call.db, source_arn, destination_arn) is None:
        raise ResourceNotFound(
            f"Association from {source_arn} to {destination_arn} does not exist."
        )
    store.delete_association(call.db, source_arn, destination_arn)
    return {"SourceArn": source_arn, "DestinationArn": destination_arn}


@operation("sagemaker:ListAssociations", resource=lambda call, _: call.arn("*"))
def list_associations(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists associations by source, destination, their types and creation time, paginated.

    SourceType and DestinationType match the entity's type string (DataSet,
    ModelDeployment) or its lineage type (Artifact, Action, Context,
    TrialComponent): the SageMaker Python SDK filters both ways. Newest first
    unless SortOrder says Ascending.
    """
    statement = _filtered(_select_summaries(call), params)
    column = _SORT_COLUMNS[params.get("SortBy") or "CreationTime"]
    keys = [column, ASSOCIATIONS.c.id]
    if params.get("SortOrder", "Descending") == "Descending":
        keys = [key.desc() for key in keys]
    rows, token = page(
        call.db, statement.order_by(*keys), params, listing=store.ASSOCIATION_LISTING
    )
    width = len(store.association_columns())
    return {
        "AssociationSummaries": [
            views.association_summary(Association(*row[:width]), row[width], row[width + 1])
            for row in rows
        ],
        "NextToken": token,
    }


def _select_summaries(call: Call) -> Select[Any]:
    return (
        select(*store.association_columns(), _SOURCE.c.name, _DESTINATION.c.name)
        .join(_SOURCE, _SOURCE.c.arn == ASSOCIATIONS.c.source_arn)
        .join(_DESTINATION, _DESTINATION.c.arn == ASSOCIATIONS.c.destination_arn)
        .where(ASSOCIATIONS.c.account == call.account, ASSOCIATIONS.c.region == call.region)
    )


def _filtered(statement: Select[Any], params: dict[str, Any]) -> Select[Any]:
    if params.get("SourceArn"):
        statement = statement.where(ASSOCIATIONS.c.source_arn == params["SourceArn"])
    if params.get("DestinationArn"):
        statement = statement.where(ASSOCIATIONS.c.destination_arn == params["DestinationArn"])
    if params.get("SourceType"):
        wanted = params["SourceType"]
        statement = statement.where(
            or_(ASSOCIATIONS.c.source_type == wanted, _SOURCE.c.kind == wanted)
        )
    if params.get("DestinationType"):
        wanted = params["DestinationType"]
        statement = statement.where(
            or_(ASSOCIATIONS.c.destination_type == wanted, _DESTINATION.c.kind == wanted)
        )
    if params.get("AssociationType"):
        statement = statement.where(ASSOCIATIONS.c.association_type == params["AssociationType"])
    if params.get("CreatedAfter") is not None:
        statement = statement.where(ASSOCIATIONS.c.creation_time > params["CreatedAfter"])
    if params.get("CreatedBefore") is not None:
        statement = statement.where(ASSOCIATIONS.c.creation_time < params["CreatedBefore"])
    return statement
