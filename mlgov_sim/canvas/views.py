"""Domains, user profiles and apps in the API's own shapes (Describe*, List* entries)."""

from __future__ import annotations

from typing import Any

from mlgov_sim.canvas.tables import AppRow, DomainRow, UserProfileRow


def domain_url(domain_id: str, region: str) -> str:
    """The Studio URL AWS gives a domain."""
    return f"https://{domain_id}.studio.{region}.sagemaker.aws"


def describe_domain(row: DomainRow) -> dict[str, Any]:
    spec = row.spec
    return {
        "DomainArn": row.arn,
        "DomainId": row.domain_id,
        "DomainName": row.name,
        "HomeEfsFileSystemId": row.home_efs_id,
        "Status": row.status,
        "CreationTime": row.creation_time,
        "LastModifiedTime": row.last_modified_time,
        "AuthMode": spec.get("AuthMode"),
        "DefaultUserSettings": spec.get("DefaultUserSettings"),
        "DomainSettings": spec.get("DomainSettings"),
        "AppNetworkAccessType": spec.get("AppNetworkAccessType") or "PublicInternetOnly",
        "HomeEfsFileSystemKmsKeyId": spec.get("HomeEfsFileSystemKmsKeyId"),
        "HomeEfsFileSystemCreation": spec.get("HomeEfsFileSystemCreation"),
        "SubnetIds": spec.get("SubnetIds"),
        "Url": domain_url(row.domain_id, row.region),
        "VpcId": spec.get("VpcId"),
        "KmsKeyId": spec.get("KmsKeyId"),
        "AppSecurityGroupManagement": spec.get("AppSecurityGroupManagement"),
        "TagPropagation": spec.get("TagPropagation") or "DISABLED",
        "DefaultSpaceSettings": spec.get("DefaultSpaceSettings"),
    }


def domain_details(row: Any) -> dict[str, Any]:
    return {
        "DomainArn": row.arn,
        "DomainId": row.domain_id,
        "DomainName": row.name,
        "Status": row.status,
        "CreationTime": row.creation_time,
        "LastModifiedTime": row.last_modified_time,
        "Url": domain_url(row.domain_id, row.region),
    }


def describe_profile(row: UserProfileRow) -> dict[str, Any]:
    return {
        "DomainId": row.domain_id,
        "UserProfileArn": row.arn,
        "UserProfileName": row.name,
        "HomeEfsFileSystemUid": row.home_efs_uid,
        "Status": row.status,
        "LastModifiedTime": row.last_modified_time,
        "CreationTime": row.creation_time,
        "SingleSignOnUserIdentifier": row.sso.get("SingleSignOnUserIdentifier"),
        "SingleSignOnUserValue": row.sso.get("SingleSignOnUserValue"),
        "UserSettings": row.settings or None,
    }


def profile_details(row: Any) -> dict[str, Any]:
    return {
        "DomainId": row.domain_id,
        "UserProfileName": row.name,
        "Status": row.status,
        "CreationTime": row.creation_time,
        "LastModifiedTime": row.last_modified_time,
    }


def describe_app(row: AppRow) -> dict[str, Any]:
    return {
        "AppArn": row.arn,
        "AppType": row.app_type,
        "AppName": row.name,
        "DomainId": row.domain_id,
        "UserProfileName": row.user_profile,
        "Status": row.status,
        "CreationTime": row.creation_time,
        "ResourceSpec": row.resource_spec or None,
    }


def app_details(row: Any) -> dict[str, Any]:
    return {
        "DomainId": row.domain_id,
        "UserProfileName": row.user_profile,
        "AppType": row.app_type,
        "AppName": row.name,
        "Status": row.status,
        "CreationTime": row.creation_time,
        "ResourceSpec": row.resource_spec or None,
    }
