"""Lineage SageMaker records for model packages, from "SageMaker Model Package State Change".

For a new version (DG lineage-tracking-auto-creation.html): an artifact for the
package (ArtifactType Model, SourceUri = its ARN); a context for its group
(ContextType ModelGroup) that the package artifact is AssociatedWith; per
container, an image artifact and a model-data artifact that ContributedTo the
package artifact; and an action for the registration that Produced it.

For an approval status change (and a version registered already approved or
rejected): an action of ActionType Approval that the package artifact
ContributedTo, whose Properties say the new status, who changed it and when.
The event carries no LastModifiedBy, but the listener runs inside the call
that made the change, so "who" is that call's principal.

Type and association names AWS does not document are decisions, listed in
docs/fidelity.md. Nothing here reads the registry: the event says it all.
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.clock import format_instant
from mlgov_sim.lineage import recording, store
from mlgov_sim.lineage.associations import ensure_link
from mlgov_sim.lineage.store import ACTION, Entity

PATTERN = {"source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"]}
APPROVAL = "Approval"
REGISTRATION = "ModelRegistration"
MODEL_GROUP = "ModelGroup"
PENDING = "PendingManualApproval"


def on_model_package(call: Call, event: dict[str, Any]) -> None:
    """Record a new version's lineage, or an approval, as SageMaker does (same transaction)."""
    detail = event["detail"]
    updated = detail.get("UpdatedModelPackageFields")
    if updated is None:
        package = _record_version(call, detail)
        if detail.get("ModelApprovalStatus") not in (None, PENDING):
            record_approval(call, detail, package)
        return
    package, created = package_artifact(call, detail)
    if "InferenceSpecification" in updated:
        _record_containers(call, detail, package, created)
    if "ModelApprovalStatus" in updated:
        record_approval(call, detail, package)


def package_artifact(call: Call, detail: dict[str, Any]) -> tuple[Entity, bool]:
    """The package's artifact (SourceUri = the package ARN), and whether it is new."""
    arn = detail["ModelPackageArn"]
    account, _ = recording.owner(arn, call)
    found = recording.artifact(call, account, arn, "Model")
    return found.entity, found.fresh


def _label(detail: dict[str, Any]) -> str:
    """`churn-3` for version 3 of churn; the package's name when it has no group."""
    group, version = detail.get("ModelPackageGroupName"), detail.get("ModelPackageVersion")
    if group and version is not None:
        return f"{group}-{version}"
    return detail["ModelPackageArn"].rsplit("/", 1)[-1]


def _record_version(call: Call, detail: dict[str, Any]) -> Entity:
    """A new package's artifact, its group's context, its containers and its registration.

    Recorded as one `recording.Batch` (a registration is most of what a
    CreateModelPackage writes); returns the package's artifact.
    """
    arn = detail["ModelPackageArn"]
    account, _ = recording.owner(arn, call)
    group = detail.get("ModelPackageGroupName")
    group_arn = None
    if group:
        group_arn = arn.split(":model-package/", 1)[0] + f":model-package-group/{group}"
    sources = _container_sources(detail)
    registration_name = f"{_label(detail)}-registration"
    batch = recording.Batch.start(
        call,
        account,
        artifact_uris=[arn, *(uri for uri, _ in sources)],
        context_uri=group_arn,
        action_name=registration_name,
    )
    package = batch.artifact(arn, "Model")
    if group_arn:
        name = f"{group}-aws-model-package-group"
        context = batch.context(group_arn, MODEL_GROUP, name)
        batch.link(
            package.entity, context.entity, "AssociatedWith", fresh=package.fresh or context.fresh
        )
    for uri, kind in sources:
        found = batch.artifact(uri, kind)
        fresh = package.fresh or found.fresh
        batch.link(found.entity, package.entity, "ContributedTo", fresh=fresh)
    registration = batch.action(
        registration_name,
        {"SourceUri": arn, "SourceType": "ARN"},
        REGISTRATION,
        description=f"Registered {arn}",
    )
    batch.link(registration, package.entity, "Produced", fresh=True)
    batch.write()
    return package.entity


def _record_containers(call: Call, detail: dict[str, Any], package: Entity, fresh: bool) -> None:
    """Per container: an image artifact and a model-data artifact that ContributedTo the package."""
    account, _ = recording.owner(detail["ModelPackageArn"], call)
    for uri, kind in _container_sources(detail):
        found = recording.artifact(call, account, uri, kind)
        ensure_link(call, found.entity, package, "ContributedTo", fresh=fresh or found.fresh)


def _container_sources(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """Per container, in order: its image (ArtifactType Image) and its model data (Model)."""
    sources = []
    for container in (detail.get("InferenceSpecification") or {}).get("Containers", []):
        for uri, kind in ((container.get("Image"), "Image"), (_model_data(container), "Model")):
            if uri:
                sources.append((str(uri), kind))
    return sources


def _model_data(container: dict[str, Any]) -> str | None:
    """ModelDataUrl, or the S3 URI of the newer ModelDataSource."""
    if container.get("ModelDataUrl"):
        return str(container["ModelDataUrl"])
    s3 = (container.get("ModelDataSource") or {}).get("S3DataSource") or {}
    return s3.get("S3Uri")


def record_approval(call: Call, detail: dict[str, Any], package: Entity) -> Entity:
    """An Approval action saying who set which status on the version, and when."""
    arn = detail["ModelPackageArn"]
    account, _ = recording.owner(arn, call)
    count, latest = store.latest_of_type(call.db, account, call.region, ACTION, arn, APPROVAL)
    status = detail.get("ModelApprovalStatus") or PENDING
    who = call.principal.arn
    when = format_instant(call.now)
    properties = {"ModelApprovalStatus": status, "ChangedBy": who, "ChangedAt": when}
    if latest is not None:
        properties["PreviousApprovalStatus"] = latest.properties.get("ModelApprovalStatus", PENDING)
    if detail.get("ApprovalDescription"):
        properties["ApprovalDescription"] = str(detail["ApprovalDescription"])[:2500]
    approval = recording.action(
        call,
        account,
        f"{_label(detail)}-approval-{count + 1}",
        {"SourceUri": arn, "SourceType": "ARN"},
        APPROVAL,
        description=f"{status} by {who} at {when}",
        properties=properties,
    )
    ensure_link(call, package, approval, "ContributedTo", fresh=True)
    return approval
