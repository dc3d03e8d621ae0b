"""Registry rows as the API shapes DescribeModelPackage(Group), the summaries and events return."""

from __future__ import annotations

from typing import Any

from mlgov_sim.registry.store import Group, Package, Summary

# Input fields kept in `spec` and returned as they were given.
SPEC_FIELDS = (
    "InferenceSpecification",
    "SourceAlgorithmSpecification",
    "ValidationSpecification",
    "MetadataProperties",
    "ModelMetrics",
    "Domain",
    "Task",
    "SamplePayloadUrl",
    "DriftCheckBaselines",
    "AdditionalInferenceSpecifications",
    "SkipModelValidation",
    "SourceUri",
    "SecurityConfig",
    "ModelCard",
)


def describe_group(row: Group) -> dict[str, Any]:
    return {
        "ModelPackageGroupName": row.name,
        "ModelPackageGroupArn": row.arn,
        "ModelPackageGroupDescription": row.description,
        "CreationTime": row.creation_time,
        "CreatedBy": row.created_by or None,
        "ModelPackageGroupStatus": row.status,
    }


def group_summary(row: Group) -> dict[str, Any]:
    return {
        "ModelPackageGroupName": row.name,
        "ModelPackageGroupArn": row.arn,
        "ModelPackageGroupDescription": row.description,
        "CreationTime": row.creation_time,
        "ModelPackageGroupStatus": row.status,
    }


def status_details(row: Package) -> dict[str, Any]:
    profiles = (row.spec.get("ValidationSpecification") or {}).get("ValidationProfiles", [])
    return {
        "ValidationStatuses": [
            {"Name": profile["ProfileName"], "Status": "Completed"} for profile in profiles
        ],
        "ImageScanStatuses": [],
    }


def describe_package(row: Package) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ModelPackageName": row.name,
        "ModelPackageGroupName": row.group_name,
        "ModelPackageVersion": row.version,
        "ModelPackageRegistrationType": row.registration_type,
        "ModelPackageArn": row.arn,
        "ModelPackageDescription": row.description,
        "CreationTime": row.creation_time,
        "ModelPackageStatus": row.status,
        "ModelPackageStatusDetails": status_details(row),
        "CertifyForMarketplace": row.spec.get("CertifyForMarketplace", False),
        "ModelApprovalStatus": row.approval_status,
        "CreatedBy": row.created_by or None,
        "LastModifiedTime": row.last_modified_time,
        "LastModifiedBy": row.last_modified_by,
        "ApprovalDescription": row.approval_description,
        "CustomerMetadataProperties": row.customer_metadata or None,
        "ModelLifeCycle": row.lifecycle,
    }
    for field in SPEC_FIELDS:
        out[field] = row.spec.get(field)
    return out


def package_summary(row: Package | Summary) -> dict[str, Any]:
    """A ListModelPackages entry; versions carry no ModelPackageName, as on AWS."""
    return {
        "ModelPackageName": None if row.version is not None else row.name,
        "ModelPackageGroupName": row.group_name,
        "ModelPackageVersion": row.version,
        "ModelPackageArn": row.arn,
        "ModelPackageDescription": row.description,
        "CreationTime": row.creation_time,
        "ModelPackageStatus": row.status,
        "ModelApprovalStatus": row.approval_status,
        "ModelLifeCycle": row.lifecycle,
        "ModelPackageRegistrationType": row.registration_type,
    }


def batch_summary(row: Package) -> dict[str, Any]:
    return {
        "ModelPackageGroupName": row.group_name,
        "ModelPackageVersion": row.version,
        "ModelPackageArn": row.arn,
        "ModelPackageDescription": row.description,
        "CreationTime": row.creation_time,
        "InferenceSpecification": row.spec.get("InferenceSpecification"),
        "ModelPackageStatus": row.status,
        "ModelApprovalStatus": row.approval_status,
        "ModelPackageRegistrationType": row.registration_type,
    }


def state_change_detail(row: Package, updated: list[str] | None) -> dict[str, Any]:
    """`detail` of "SageMaker Model Package State Change", as AWS's documented example has it."""
    detail: dict[str, Any] = {
        "ModelPackageGroupName": row.group_name,
        "ModelPackageVersion": row.version,
        "ModelPackageArn": row.arn,
        "CreationTime": row.creation_time,
        "InferenceSpecification": row.spec.get("InferenceSpecification"),
        "ModelPackageStatus": row.status,
        "ModelPackageStatusDetails": status_details(row),
        "CertifyForMarketplace": row.spec.get("CertifyForMarketplace", False),
        "ModelApprovalStatus": row.approval_status,
        "ApprovalDescription": row.approval_description,
        "MetadataProperties": row.spec.get("MetadataProperties"),
        "ModelMetrics": row.spec.get("ModelMetrics"),
        "CustomerMetadataProperties": row.customer_metadata or None,
        "ModelLifeCycle": row.lifecycle,
        "LastModifiedTime": row.last_modified_time,
    }
    if updated:
        detail["UpdatedModelPackageFields"] = updated
    return {key: value for key, value in detail.items() if value is not None}
