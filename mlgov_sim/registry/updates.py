"""UpdateModelPackage: approval, lifecycle stage, metadata and inference changes on a version."""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.registry import approval, lookup, store
from mlgov_sim.registry.events import announce
from mlgov_sim.registry.store import Package

MAX_ADDITIONAL_INFERENCE_SPECIFICATIONS = 15


def _target(call: Call, params: dict[str, Any]) -> str:
    return params["ModelPackageArn"]


@operation("sagemaker:UpdateModelPackage", resource=_target)
def update_model_package(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Updates a model package version: approval, lifecycle stage, metadata, inference.

    Every approval change is allowed, including back to PendingManualApproval
    (see fidelity.md). CustomerMetadataProperties are merged into the existing
    ones and CustomerMetadataPropertiesToRemove deletes keys. An event lists
    the changed fields in UpdatedModelPackageFields; a request that changes
    nothing announces nothing.
    """
    row = lookup.require_package(call, params["ModelPackageArn"])
    approval.check_applies(row.versioned, params.get("ModelApprovalStatus"), row.arn)
    before = store.snapshot(row)
    changed = _apply(row, params)
    if changed:
        row.last_modified_time = call.now
        row.last_modified_by = call.user_context()
        store.save_package(call.db, before, row)
        announce(call, row, changed)
    return {"ModelPackageArn": row.arn}


def _apply(row: Package, params: dict[str, Any]) -> list[str]:
    """Apply the update to `row`; return the names of the fields that changed, AWS's way."""
    changed: list[str] = []

    def change(field: str, old: Any, new: Any) -> bool:
        if new is not None and new != old:
            changed.append(field)
            return True
        return False

    if change("ModelApprovalStatus", row.approval_status, params.get("ModelApprovalStatus")):
        row.approval_status = params["ModelApprovalStatus"]
    if change("ApprovalDescription", row.approval_description, params.get("ApprovalDescription")):
        row.approval_description = params["ApprovalDescription"]
    if change("ModelLifeCycle", row.lifecycle, params.get("ModelLifeCycle")):
        row.lifecycle = params["ModelLifeCycle"]
    metadata = _merged_metadata(row.customer_metadata or {}, params)
    if change("CustomerMetadataProperties", row.customer_metadata or {}, metadata):
        row.customer_metadata = metadata or None
    if change(
        "ModelPackageRegistrationType",
        row.registration_type,
        params.get("ModelPackageRegistrationType"),
    ):
        row.registration_type = params["ModelPackageRegistrationType"]
    spec = dict(row.spec)
    for field, event_name in (
        ("InferenceSpecification", "InferenceSpecification"),
        ("SourceUri", "sourceUri"),  # AWS's own spelling in UpdatedModelPackageFields
        ("ModelCard", "ModelCard"),
    ):
        if change(event_name, spec.get(field), params.get(field)):
            spec[field] = params[field]
    additions = params.get("AdditionalInferenceSpecificationsToAdd")
    if additions:
        current = spec.get("AdditionalInferenceSpecifications", [])
        if len(current) + len(additions) > MAX_ADDITIONAL_INFERENCE_SPECIFICATIONS:
            raise ValidationException(
                f"A model package can have at most {MAX_ADDITIONAL_INFERENCE_SPECIFICATIONS} "
                f"additional inference specifications; {row.arn} has {len(current)} and "
                f"{len(additions)} were added."
            )
        spec["AdditionalInferenceSpecifications"] = current + additions
        changed.append("AdditionalInferenceSpecificationsToAdd")
    row.spec = spec
    return changed


def _merged_metadata(current: dict[str, str], params: dict[str, Any]) -> dict[str, str]:
    merged = dict(current)
    merged.update(params.get("CustomerMetadataProperties") or {})
    for key in params.get("CustomerMetadataPropertiesToRemove") or []:
        merged.pop(key, None)
    if len(merged) > 50:
        raise ValidationException(
            f"A model package can have at most 50 CustomerMetadataProperties; this update "
            f"would leave {len(merged)}."
        )
    return merged
