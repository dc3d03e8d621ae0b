"""Apps of user profiles: CreateApp, DescribeApp, ListApps, DeleteApp.

A user profile with a Canvas app is a Canvas user; with a JupyterServer app,
a Studio Classic user. Apps of spaces are not simulated. A deleted app stays
listed with status Deleted, as on AWS, and the same type and name can be
created again.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from mlgov_sim import storage
from mlgov_sim.canvas import lifecycle, lookup, nested, settings, views
from mlgov_sim.canvas.tables import AppRow
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ResourceInUse, ResourceNotFound, ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import set_tags

APPS = AppRow.__table__  # type: ignore[attr-defined]


def app_arn(call: Call, params: dict[str, Any]) -> str:
    """`arn:aws:sagemaker:REGION:ACCOUNT:app/DOMAIN-ID/PROFILE/APPTYPE/NAME`, type lower-case."""
    owner = params.get("UserProfileName") or params.get("SpaceName") or ""
    return call.arn(
        f"app/{params['DomainId']}/{owner}/{params['AppType'].lower()}/{params['AppName']}"
    )


def _owner(params: dict[str, Any]) -> str:
    if params.get("SpaceName"):
        raise ValidationException("Apps of spaces are not simulated: give UserProfileName.")
    if not params.get("UserProfileName"):
        raise ValidationException("Either UserProfileName or SpaceName must be given.")
    return str(params["UserProfileName"])


def _require_app(call: Call, params: dict[str, Any]) -> AppRow:
    profile = lookup.require_profile(call, params["DomainId"], _owner(params))
    app = lookup.find_app(
        call, profile.domain_id, profile.name, params["AppType"], params["AppName"]
    )
    if app is None:
        raise ResourceNotFound(
            f"App {params['AppType']}/{params['AppName']} does not exist for user profile "
            f"'{profile.name}' in domain {profile.domain_id}."
        )
    return app


@operation("sagemaker:CreateApp", resource=app_arn)
def create_app(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates an app for a user profile: Pending, then InService (Canvas 5 minutes, others 2).

    A Canvas app makes the profile a Canvas user, a JupyterServer app a
    Studio Classic user. The profile must be InService (ResourceInUse while
    Pending or Deleting); an app of that type and name that is not Deleted is
    refused with ResourceInUse. Apps of spaces are not simulated. The first
    Canvas app creates the default Canvas bucket, sagemaker-<region>-<account>,
    as SageMaker does.
    """
    profile = lookup.require_profile(call, params["DomainId"], _owner(params))
    if profile.status not in ("InService", "Updating"):
        raise ResourceInUse(
            f"User profile '{profile.name}' is {profile.status}: apps can be created once it is "
            "InService."
        )
    app_type, name = params["AppType"], params["AppName"]
    earlier = lookup.find_app(call, profile.domain_id, profile.name, app_type, name)
    if earlier is not None and earlier.status != "Deleted":
        raise ResourceInUse(
            f"App {app_type}/{name} already exists for user profile '{profile.name}' "
            f"({earlier.status})."
        )
    arn = app_arn(call, params)
    row = AppRow(
        account=call.account,
        region=call.region,
        domain_id=profile.domain_id,
        user_profile=profile.name,
        app_type=app_type,
        name=name,
        arn=arn,
        status="Pending",
        resource_spec=params.get("ResourceSpec") or {},
        creation_time=call.now,
    )
    call.session.add(row)
    if app_type == "Canvas":
        _default_bucket(call)
    start = lifecycle.CANVAS_APP_START if app_type == "Canvas" else lifecycle.APP_START
    lifecycle.later(call, row, "app", "InService", start)
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
    return {"AppArn": arn}


def _default_bucket(call: Call) -> None:
    """SageMaker creates `sagemaker-<region>-<account>` for Canvas, unless it exists."""
    name = settings.default_bucket(call.region, call.account)
    if storage.bucket_exists(call.db, name):
        return
    location = {} if call.region == "us-east-1" else {"LocationConstraint": call.region}
    params: dict[str, Any] = {"Bucket": name}
    if location:
        params["CreateBucketConfiguration"] = location
    nested.run(call, "s3:CreateBucket", params)


@operation("sagemaker:DescribeApp", resource=app_arn)
def describe_app(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes an app, Deleted ones included; one that never existed is ResourceNotFound."""
    return views.describe_app(_require_app(call, params))


@operation("sagemaker:ListApps", resource=lambda call, _: call.arn("app/*"))
def list_apps(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists apps, Deleted ones included, by domain and user profile, sorted and paged.

    SortBy CreationTime; SortOrder Ascending (the default) or Descending.
    SpaceNameEquals lists nothing: apps of spaces are not simulated. Giving
    both UserProfileNameEquals and SpaceNameEquals is ValidationException, as
    AWS allows only one of them.
    """
    if params.get("UserProfileNameEquals") and params.get("SpaceNameEquals"):
        raise ValidationException(
            "UserProfileNameEquals and SpaceNameEquals cannot both be set: an app belongs to a "
            "user profile or to a space."
        )
    call.flush()
    statement = select(*APPS.c).where(APPS.c.account == call.account, APPS.c.region == call.region)
    if params.get("DomainIdEquals"):
        statement = statement.where(APPS.c.domain_id == params["DomainIdEquals"])
    if params.get("UserProfileNameEquals"):
        statement = statement.where(APPS.c.user_profile == params["UserProfileNameEquals"])
    if params.get("SpaceNameEquals"):
        statement = statement.where(APPS.c.id.is_(None))
    descending = params.get("SortOrder") == "Descending"
    order = (
        (APPS.c.creation_time.desc(), APPS.c.id.desc())
        if descending
        else (APPS.c.creation_time, APPS.c.id)
    )
    rows, token = page(call.db, statement.order_by(*order), params, listing="canvas_app")
    return {"Apps": [views.app_details(row) for row in rows], "NextToken": token}


@operation("sagemaker:DeleteApp", resource=app_arn)
def delete_app(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Stops and deletes an app: Deleting, then Deleted a minute later.

    An app already Deleted is ResourceNotFound; one being deleted, ResourceInUse.
    """
    app = _require_app(call, params)
    if app.status == "Deleted":
        raise ResourceNotFound(f"App {app.app_type}/{app.name} has already been deleted.")
    if app.status == "Deleting":
        raise ResourceInUse(f"App {app.app_type}/{app.name} is already being deleted.")
    lifecycle.move(call, app, "app", "Deleting", "Deleted", lifecycle.APP_DELETE)
    return {}
