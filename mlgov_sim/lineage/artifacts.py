"""Artifacts: create (one per SourceUri), describe, list, update, delete."""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.lineage import common, store, views
from mlgov_sim.lineage.store import ARTIFACT, Entity


def artifact_row(
    call: Call,
    source: dict[str, Any],
    artifact_type: str,
    *,
    name: str | None = None,
    properties: dict[str, str] | None = None,
    metadata: dict[str, str] | None = None,
    account: str | None = None,
) -> Entity:
    """A new artifact's row, not yet stored (it takes its ID's number from the world now)."""
    who = call.user_context()
    return Entity(
        account=account or call.account,
        region=call.region,
        kind=ARTIFACT,
        arn=call.arn(f"artifact/{call.new_hex('artifact')}", account=account),
        name=name,
        type=artifact_type,
        source_uri=source["SourceUri"],
        source=source,
        properties=dict(properties or {}),
        metadata_properties=metadata,
        creation_time=call.now,
        created_by=who,
        last_modified_time=call.now,
        last_modified_by=who,
    )


@operation("sagemaker:CreateArtifact", resource=lambda call, _: call.arn("artifact/*"))
def create_artifact(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates an artifact, or returns the one that already has this SourceUri.

    There is only one artifact per SourceUri in an account and region (AWS:
    "SageMaker reuses any existing entities"): a second CreateArtifact for the
    same SourceUri returns the existing artifact's ARN and changes nothing
    (see fidelity.md). The ARN ends in a 32-hex ID, not the name.
    """
    uri = params["Source"]["SourceUri"]
    existing = store.find_by_source(call.db, call.account, call.region, ARTIFACT, uri)
    if existing is not None:
        call.target_arn = existing.arn
        return {"ArtifactArn": existing.arn}
    row = artifact_row(
        call,
        params["Source"],
        params["ArtifactType"],
        name=params.get("ArtifactName"),
        properties=params.get("Properties"),
        metadata=params.get("MetadataProperties"),
    )
    store.insert_entity(call.db, row)
    call.target_arn = row.arn
    if params.get("Tags"):
        set_tags(call.db, row.arn, params["Tags"])
    return {"ArtifactArn": row.arn}


def _target(call: Call, params: dict[str, Any]) -> str | None:
    return params.get("ArtifactArn")


@operation("sagemaker:DescribeArtifact", resource=_target)
def describe_artifact(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes an artifact by ARN, with who created and last changed it."""
    return views.describe_artifact(common.require(call.db, ARTIFACT, params["ArtifactArn"]))


@operation("sagemaker:ListArtifacts", resource=lambda call, _: call.arn("artifact/*"))
def list_artifacts(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's artifacts: by SourceUri, ArtifactType and creation time, paginated.

    `SourceUri` finds the artifact of a dataset, a model or a model package
    (its ARN), the start of most lineage queries. Newest first by default.
    """
    statement = common.scope(store.select_entities(), call, ARTIFACT)
    statement = common.list_filters(statement, params, "ArtifactType")
    rows, token = page(call.db, statement, params, listing=f"{store.ENTITY_LISTING}:{ARTIFACT}")
    return {
        "ArtifactSummaries": [views.artifact_summary(Entity(*row)) for row in rows],
        "NextToken": token,
    }


@operation("sagemaker:UpdateArtifact", resource=_target)
def update_artifact(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Renames an artifact or changes its properties (merged; PropertiesToRemove drops keys)."""
    row = common.require(call.db, ARTIFACT, params["ArtifactArn"])
    before = store.snapshot(row)
    if params.get("ArtifactName"):
        row.name = params["ArtifactName"]
    common.apply_properties(row, params)
    common.touch(call, row)
    store.save_entity(call.db, before, row)
    return {"ArtifactArn": row.arn}


def _delete_target(call: Call, params: dict[str, Any]) -> str | None:
    if params.get("ArtifactArn"):
        return str(params["ArtifactArn"])
    source = params.get("Source")
    if source:
        found = store.find_by_source(
            call.db, call.account, call.region, ARTIFACT, source["SourceUri"]
        )
        return found.arn if found else None
    return None


@operation("sagemaker:DeleteArtifact", resource=_delete_target)
def delete_artifact(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes an artifact named by ArtifactArn or Source; refused while it has associations.

    Delete its associations first (DeleteAssociation), as the SageMaker Python
    SDK's `delete(disassociate=True)` does; see fidelity.md.
    """
    row = _artifact_to_delete(call, params)
    common.refuse_if_associated(call.db, row)
    drop_tags(call.db, row.arn)
    store.delete_entity(call.db, row)
    return {"ArtifactArn": row.arn}


def _artifact_to_delete(call: Call, params: dict[str, Any]) -> Entity:
    arn, source = params.get("ArtifactArn"), params.get("Source")
    if not arn and not source:
        raise ValidationException("Either ArtifactArn or Source must be specified.")
    if arn:
        row = common.require(call.db, ARTIFACT, arn)
        if source and source["SourceUri"] != row.source_uri:
            raise ValidationException(
                f"Artifact {arn} has SourceUri {row.source_uri}, not {source['SourceUri']}: "
                "give ArtifactArn or Source, or both naming the same artifact."
            )
        return row
    found = store.find_by_source(call.db, call.account, call.region, ARTIFACT, source["SourceUri"])
    if found is None:
        raise common.not_found(ARTIFACT, f"with SourceUri {source['SourceUri']}")
    return found
