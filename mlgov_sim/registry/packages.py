"""Model packages: create (versioned or not), describe, list, batch-describe, delete."""

from __future__ import annotations

from typing import Any

from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.registry import approval, lookup, store, views
from mlgov_sim.registry.events import announce
from mlgov_sim.registry.sorting import apply_common
from mlgov_sim.registry.store import PACKAGES, Package, Summary


def _create_target(call: Call, params: dict[str, Any]) -> str | None:
    if params.get("ModelPackageGroupName"):
        group = lookup.group_arn(call, params["ModelPackageGroupName"])
        return group.replace(":model-package-group/", ":model-package/") + "/*"
    if params.get("ModelPackageName"):
        return lookup.package_arn(call, params["ModelPackageName"])
    return None


@operation("sagemaker:CreateModelPackage", resource=_create_target)
def create_model_package(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Registers a model: a new numbered version in a group, or an unversioned package.

    Versions are numbered per group from 1 and a number is never reused, even
    after its version is deleted. A version's approval status defaults to
    PendingManualApproval. Tags are refused with a group (a version uses its
    group's tags). A repeated ClientToken returns the package it created.
    """
    group_ref, name = params.get("ModelPackageGroupName"), params.get("ModelPackageName")
    if group_ref and name:
        raise ValidationException(
            "Both ModelPackageName and ModelPackageGroupName are provided in the input. "
            "Cannot determine which one to use."
        )
    if not group_ref and not name:
        raise ValidationException("Missing ARN.")
    if group_ref:
        row = _new_version(call, params, group_ref)
    else:
        row = _new_unversioned(call, params, name)
    if row is None:  # an idempotent retry
        return {"ModelPackageArn": call.target_arn}
    call.target_arn = row.arn
    store.insert_package(call.db, row)
    announce(call, row, None)
    return {"ModelPackageArn": row.arn}


def _spec(params: dict[str, Any]) -> dict[str, Any]:
    spec = {field: params[field] for field in views.SPEC_FIELDS if field in params}
    if "CertifyForMarketplace" in params:
        spec["CertifyForMarketplace"] = params["CertifyForMarketplace"]
    return spec


def _new_version(call: Call, params: dict[str, Any], group_ref: str) -> Package | None:
    group_arn = lookup.checked_group_arn(call, group_ref)
    if params.get("Tags"):
        lookup.require_group(call, group_ref)  # a missing group is the first thing refused
        raise ValidationException(
            "Tags cannot be supplied with ModelPackageGroupName: a model package version "
            "uses the tags of its model package group. Tag the group, or describe the version "
            "with CustomerMetadataProperties."
        )
    token = params.get("ClientToken")
    if token:  # a retry takes no number (a missing group has no versions to find)
        earlier = store.find_by_token(call.db, group_arn, token)
        if earlier is not None:
            call.target_arn = earlier.arn
            return None
    taken = store.take_version(call.db, group_arn)
    if taken is None:
        raise lookup.no_such_group(group_arn)
    group, version = taken
    return Package(
        account=group.account,
        region=group.region,
        arn=group.arn.replace(":model-package-group/", ":model-package/") + f"/{version}",
        name=group.name,
        group_id=group.id,
        group_name=group.name,
        version=version,
        description=params.get("ModelPackageDescription"),
        approval_status=params.get("ModelApprovalStatus") or approval.DEFAULT_STATUS,
        status="Completed",
        registration_type=params.get("ModelPackageRegistrationType") or "Registered",
        lifecycle=params.get("ModelLifeCycle"),
        customer_metadata=params.get("CustomerMetadataProperties"),
        spec=_spec(params),
        client_token=token,
        creation_time=call.now,
        created_by=call.user_context(),
    )


def _new_unversioned(call: Call, params: dict[str, Any], name: str) -> Package | None:
    arn = call.arn(f"model-package/{name}")
    approval.check_applies(False, params.get("ModelApprovalStatus"), arn)
    earlier = store.find_package(call.db, arn)
    token = params.get("ClientToken")
    if earlier is not None and token and earlier.client_token == token:
        call.target_arn = earlier.arn
        return None
    if earlier is not None:
        raise ValidationException(f"ModelPackage {arn} already exists.")
    row = Package(
        account=call.account,
        region=call.region,
        arn=arn,
        name=name,
        description=params.get("ModelPackageDescription"),
        status="Completed",
        registration_type=params.get("ModelPackageRegistrationType") or "Registered",
        lifecycle=params.get("ModelLifeCycle"),
        customer_metadata=params.get("CustomerMetadataProperties"),
        spec=_spec(params),
        client_token=params.get("ClientToken"),
        creation_time=call.now,
        created_by=call.user_context(),
    )
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
    return row


def _package_target(call: Call, params: dict[str, Any]) -> str:
    return lookup.package_arn(call, params["ModelPackageName"])


@operation("sagemaker:DescribeModelPackage", resource=_package_target)
def describe_model_package(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes a model package by name, `group/version` or ARN.

    For a version, ModelPackageName is its group's name.
    """
    return views.describe_package(lookup.require_package(call, params["ModelPackageName"]))


def _list_target(call: Call, params: dict[str, Any]) -> str:
    """The group's versions (`model-package/<group>/*`, in the group's account), or all."""
    if params.get("ModelPackageGroupName"):
        group = lookup.group_arn(call, params["ModelPackageGroupName"])
        return group.replace(":model-package-group/", ":model-package/") + "/*"
    return call.arn("model-package/*")


@operation("sagemaker:ListModelPackages", resource=_list_target)
def list_model_packages(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists model packages with filters, sort order and pagination.

    ModelPackageType defaults to Unversioned, as documented, except when
    ModelPackageGroupName is given: then the group's versions are listed, as
    boto3 users rely on. Versions carry no ModelPackageName in the summaries.
    """
    statement = store.select_summaries()
    group_ref = params.get("ModelPackageGroupName")
    kind = params.get("ModelPackageType") or ("Versioned" if group_ref else "Unversioned")
    if group_ref:
        group_arn = lookup.group_arn(call, group_ref)
        parsed = arns.parse(group_arn)
        assert parsed is not None
        statement = statement.where(
            PACKAGES.c.account == parsed.account,
            PACKAGES.c.region == parsed.region,
            PACKAGES.c.group_name == parsed.resource_id,
        )
    else:
        statement = statement.where(
            PACKAGES.c.account == call.account, PACKAGES.c.region == call.region
        )
    # A row with a group is a version (see store.Package), so a group's versions need no
    # version check: the page is then read off the listing index, skipped rows unvisited.
    if kind == "Versioned" and not group_ref:
        statement = statement.where(PACKAGES.c.version.is_not(None))
    elif kind == "Unversioned":
        statement = statement.where(PACKAGES.c.version.is_(None))
    if params.get("ModelApprovalStatus"):
        statement = statement.where(PACKAGES.c.approval_status == params["ModelApprovalStatus"])
    statement = apply_common(statement, PACKAGES, params, PACKAGES.c.name)
    rows, token = page(call.db, statement, params, listing=store.PACKAGE_LISTING)
    summaries = [views.package_summary(Summary(*row)) for row in rows]
    return {"ModelPackageSummaryList": summaries, "NextToken": token}


@operation(
    "sagemaker:BatchDescribeModelPackage",
    resource=lambda call, _: call.arn("model-package/*"),
)
def batch_describe_model_package(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes up to 100 model package versions at once; misses go to the error map.

    An unversioned package is reported in the error map: the summary shape
    requires a group. So is a version registered without an
    InferenceSpecification, which the summary shape also requires (what AWS
    answers for one is not documented; see fidelity.md).
    """
    summaries: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for arn in params["ModelPackageArnList"]:
        row = store.find_package(call.db, arn)
        if row is None:
            errors[arn] = {
                "ErrorCode": "ValidationException",
                "ErrorResponse": f"ModelPackage {arn} does not exist.",
            }
        elif not row.versioned:
            errors[arn] = {
                "ErrorCode": "ValidationException",
                "ErrorResponse": f"ModelPackage {arn} is not a versioned model package.",
            }
        elif not row.spec.get("InferenceSpecification"):
            errors[arn] = {
                "ErrorCode": "ValidationException",
                "ErrorResponse": f"ModelPackage {arn} has no InferenceSpecification to summarize.",
            }
        else:
            summaries[arn] = views.batch_summary(row)
    return {
        "ModelPackageSummaries": summaries or None,
        "BatchDescribeModelPackageErrorMap": errors or None,
    }


@operation("sagemaker:DeleteModelPackage", resource=_package_target)
def delete_model_package(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes a model package; its version number is never given again in its group."""
    row = lookup.require_package(call, params["ModelPackageName"])
    drop_tags(call.db, row.arn)
    store.delete_package(call.db, row)
    return {}
