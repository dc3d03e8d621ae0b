"""Lineage rows as the API shapes Describe*, the List summaries and QueryLineage return."""

from __future__ import annotations

from typing import Any

from mlgov_sim.lineage.store import Association, Entity


def describe_artifact(row: Entity) -> dict[str, Any]:
    return {
        "ArtifactName": row.name,
        "ArtifactArn": row.arn,
        "Source": row.source,
        "ArtifactType": row.type,
        "Properties": row.properties or None,
        **_history(row),
        "MetadataProperties": row.metadata_properties,
    }


def artifact_summary(row: Entity) -> dict[str, Any]:
    return {
        "ArtifactArn": row.arn,
        "ArtifactName": row.name,
        "Source": row.source,
        "ArtifactType": row.type,
        "CreationTime": row.creation_time,
        "LastModifiedTime": row.last_modified_time,
    }


def describe_action(row: Entity) -> dict[str, Any]:
    return {
        "ActionName": row.name,
        "ActionArn": row.arn,
        "Source": row.source,
        "ActionType": row.type,
        "Description": row.description,
        "Status": row.status,
        "Properties": row.properties or None,
        **_history(row),
        "MetadataProperties": row.metadata_properties,
    }


def action_summary(row: Entity) -> dict[str, Any]:
    return {
        "ActionArn": row.arn,
        "ActionName": row.name,
        "Source": row.source,
        "ActionType": row.type,
        "Status": row.status,
        "CreationTime": row.creation_time,
        "LastModifiedTime": row.last_modified_time,
    }


def describe_context(row: Entity) -> dict[str, Any]:
    return {
        "ContextName": row.name,
        "ContextArn": row.arn,
        "Source": row.source,
        "ContextType": row.type,
        "Description": row.description,
        "Properties": row.properties or None,
        **_history(row),
    }


def context_summary(row: Entity) -> dict[str, Any]:
    return {
        "ContextArn": row.arn,
        "ContextName": row.name,
        "Source": row.source,
        "ContextType": row.type,
        "CreationTime": row.creation_time,
        "LastModifiedTime": row.last_modified_time,
    }


def _history(row: Entity) -> dict[str, Any]:
    return {
        "CreationTime": row.creation_time,
        "CreatedBy": row.created_by or None,
        "LastModifiedTime": row.last_modified_time,
        "LastModifiedBy": row.last_modified_by or None,
    }


def association_summary(
    row: Association, source_name: str | None, destination_name: str | None
) -> dict[str, Any]:
    return {
        "SourceArn": row.source_arn,
        "DestinationArn": row.destination_arn,
        "SourceType": row.source_type,
        "DestinationType": row.destination_type,
        "AssociationType": row.association_type,
        "SourceName": source_name,
        "DestinationName": destination_name,
        "CreationTime": row.creation_time,
        "CreatedBy": row.created_by or None,
    }


def vertex(row: Entity) -> dict[str, Any]:
    """A QueryLineage vertex: ARN, the entity's type string and its lineage type."""
    return {"Arn": row.arn, "Type": row.type, "LineageType": row.kind}
