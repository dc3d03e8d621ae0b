"""User profiles: Create, Describe, List, Update and DeleteUserProfile.

A profile's own UserSettings are kept as given; what it acts with is those
over its domain's DefaultUserSettings (canvas.settings.effective_settings).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import select

from mlgov_sim.canvas import lifecycle, lookup, settings, views
from mlgov_sim.canvas.tables import UserProfileRow
from mlgov_sim.core.authorize import pass_role
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ResourceInUse
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import set_tags

PROFILES = UserProfileRow.__table__  # type: ignore[attr-defined]
_SSO = ("SingleSignOnUserIdentifier", "SingleSignOnUserValue")


def profile_arn(call: Call, domain_id: str, name: str) -> str:
    """`arn:aws:sagemaker:REGION:ACCOUNT:user-profile/DOMAIN-ID/NAME`."""
    return call.arn(f"user-profile/{domain_id}/{name}")


def _target(call: Call, params: dict[str, Any]) -> str:
    return profile_arn(call, params["DomainId"], params["UserProfileName"])


def check_pass_role(call: Call, user_settings: dict[str, Any] | None) -> None:
    """Naming an ExecutionRole passes it to SageMaker: the caller needs iam:PassRole on it."""
    role = settings.execution_role(user_settings or {})
    if role:
        pass_role(call.db, call.principal, role, must_exist=False)


def effective(call: Call, row: UserProfileRow) -> dict[str, Any]:
    """The settings `row` acts with: its own over its domain's defaults."""
    domain = lookup.require_domain(call, row.domain_id)
    return settings.effective_settings(domain.spec.get("DefaultUserSettings") or {}, row.settings)


@operation("sagemaker:CreateUserProfile", resource=_target)
def create_user_profile(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates a user profile in a domain: Pending, then InService a minute later.

    The name must be new in the domain (ResourceInUse); a domain that does not
    exist is ResourceNotFound. UserSettings override the domain's
    DefaultUserSettings member by member (a profile setting only
    CanvasAppSettings.ModelRegisterSettings keeps the domain's
    WorkspaceSettings). Naming an ExecutionRole needs iam:PassRole on it.
    """
    domain = lookup.require_domain(call, params["DomainId"])
    name = params["UserProfileName"]
    if domain.status == "Deleting":
        raise ResourceInUse(f"Domain {domain.domain_id} is being deleted.")
    if lookup.find_profile(call, domain.domain_id, name) is not None:
        raise ResourceInUse(f"User profile '{name}' already exists in domain {domain.domain_id}.")
    check_pass_role(call, params.get("UserSettings"))
    arn = profile_arn(call, domain.domain_id, name)
    row = UserProfileRow(
        account=call.account,
        region=call.region,
        domain_id=domain.domain_id,
        name=name,
        arn=arn,
        status="Pending",
        home_efs_uid=str(200000 + call.next_number()),
        settings=params.get("UserSettings") or {},
        sso={key: params[key] for key in _SSO if key in params},
        creation_time=call.now,
        last_modified_time=call.now,
    )
    call.session.add(row)
    lifecycle.later(call, row, "user-profile", "InService", lifecycle.PROFILE_CHANGE)
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
    return {"UserProfileArn": arn}


@operation("sagemaker:DescribeUserProfile", resource=_target)
def describe_user_profile(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes a user profile: its status and its own UserSettings (not the domain's).

    As on AWS, UserSettings shows what the profile sets itself; the domain's
    DefaultUserSettings fill in the rest when the profile acts.
    """
    row = lookup.require_profile(call, params["DomainId"], params["UserProfileName"])
    return views.describe_profile(row)


@operation("sagemaker:ListUserProfiles", resource=lambda call, _: call.arn("user-profile/*"))
def list_user_profiles(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists user profiles, optionally of one domain or containing a name, sorted and paged.

    SortBy CreationTime (default) or LastModifiedTime; SortOrder Ascending
    (default) or Descending; UserProfileNameContains is case-insensitive, as
    the registry's NameContains (AWS does not say), on every database.
    """
    call.flush()
    statement = select(*PROFILES.c).where(
        PROFILES.c.account == call.account, PROFILES.c.region == call.region
    )
    if params.get("DomainIdEquals"):
        statement = statement.where(PROFILES.c.domain_id == params["DomainIdEquals"])
    if params.get("UserProfileNameContains"):
        needle = params["UserProfileNameContains"].lower()
        statement = statement.where(func.lower(PROFILES.c.name).contains(needle, autoescape=True))
    column = PROFILES.c[
        "last_modified_time" if params.get("SortBy") == "LastModifiedTime" else "creation_time"
    ]
    descending = params.get("SortOrder") == "Descending"
    order = (column.desc(), PROFILES.c.id.desc()) if descending else (column, PROFILES.c.id)
    rows, token = page(call.db, statement.order_by(*order), params, listing="canvas_user_profile")
    return {"UserProfiles": [views.profile_details(row) for row in rows], "NextToken": token}


@operation("sagemaker:UpdateUserProfile", resource=_target)
def update_user_profile(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Changes a profile's UserSettings: Updating, then InService a minute later.

    The given UserSettings merge into the profile's, structure by structure
    (what is not given is kept), and take effect at once for what the profile
    does next (a new ExecutionRole is the role Canvas acts with from then on).
    A profile being deleted is refused with ResourceInUse.
    """
    row = lookup.require_profile(call, params["DomainId"], params["UserProfileName"])
    if row.status in ("Deleting", "Pending", "Updating"):
        raise ResourceInUse(
            f"User profile '{row.name}' is {row.status}; it can be updated once InService."
        )
    check_pass_role(call, params.get("UserSettings"))
    if params.get("UserSettings"):
        row.settings = settings.effective_settings(row.settings, params["UserSettings"])
    lifecycle.move(call, row, "user-profile", "Updating", "InService", lifecycle.PROFILE_CHANGE)
    return {"UserProfileArn": row.arn}


@operation("sagemaker:DeleteUserProfile", resource=_target)
def delete_user_profile(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes a user profile with no apps left: Deleting, then gone a minute later.

    Apps that are not Deleted (or Failed) keep the profile in use:
    ResourceInUse names them, as AWS requires every app deleted first.
    """
    row = lookup.require_profile(call, params["DomainId"], params["UserProfileName"])
    if row.status == "Deleting":
        raise ResourceInUse(f"User profile '{row.name}' is already being deleted.")
    running = [
        f"{app.app_type}/{app.name}"
        for app in lookup.apps_of(call, row.domain_id, row.name)
        if app.status not in lookup.GONE_APP
    ]
    if running:
        raise ResourceInUse(
            f"User profile '{row.name}' still has apps ({', '.join(running)}): delete every app "
            "of a user profile before deleting it."
        )
    lifecycle.move(call, row, "user-profile", "Deleting", lifecycle.GONE, lifecycle.PROFILE_CHANGE)
    return {}
