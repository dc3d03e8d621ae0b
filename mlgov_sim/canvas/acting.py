"""Who acts in a console action, and with which role.

A console action names the acting user profile (DomainId and
UserProfileName): the person calling is the one signed in to Studio or
Canvas as that profile. The kernel authorises the caller for the action's
IAM action (registered in canvas.console); Canvas and Studio then act with
the profile's execution role (its own UserSettings.ExecutionRole, else the
domain's default), which must allow the same IAM action (and the S3
actions a dataset or a prediction needs): `check` does that, as AWS does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlgov_sim.canvas import lookup, profiles, settings
from mlgov_sim.canvas.tables import AppRow, UserProfileRow
from mlgov_sim.core.authorize import check_role
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ResourceInUse, ServiceError, ValidationException

CANVAS, STUDIO_CLASSIC = "Canvas", "JupyterServer"
_WHAT = {CANVAS: "a Canvas user", STUDIO_CLASSIC: "a Studio Classic user"}
_HOW = {
    CANVAS: "create its Canvas app (CreateApp AppType Canvas) and wait until it is InService",
    STUDIO_CLASSIC: "create its JupyterServer app (CreateApp AppType JupyterServer) and wait "
    "until it is InService",
}


@dataclass
class Actor:
    """The acting user profile, its effective settings and its execution role."""

    profile: UserProfileRow
    settings: dict[str, Any]
    role: str

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def domain_id(self) -> str:
        return self.profile.domain_id

    def label(self) -> str:
        return f"user profile '{self.name}' in domain {self.domain_id}"


def profile_arn(call: Call, params: dict[str, Any]) -> str:
    """The acting profile's ARN: what the kernel authorises the caller on."""
    return profiles.profile_arn(call, params["DomainId"], params["UserProfileName"])


def actor(call: Call, params: dict[str, Any], app_type: str) -> Actor:
    """The acting profile, which must have an InService app of `app_type` and a role to act with."""
    profile = lookup.require_profile(call, params["DomainId"], params["UserProfileName"])
    if profile.status not in ("InService", "Updating"):
        raise ResourceInUse(f"User profile '{profile.name}' is {profile.status}.")
    app = lookup.live_app(call, profile.domain_id, profile.name, app_type)
    if app is None or app.status != "InService":
        state = "has no" if app is None else f"has a {app.status} (not yet InService)"
        raise ValidationException(
            f"User profile '{profile.name}' in domain {profile.domain_id} {state} {app_type} app: "
            f"this action is for {_WHAT[app_type]}; {_HOW[app_type]}."
        )
    effective = profiles.effective(call, profile)
    role = settings.execution_role(effective)
    if not role:
        raise ValidationException(
            f"User profile '{profile.name}' has no execution role: set UserSettings.ExecutionRole "
            f"on it or DefaultUserSettings.ExecutionRole on domain {profile.domain_id}."
        )
    return Actor(profile, effective, role)


def check(call: Call, who: Actor, action: str, resource: str = "*", *, rule: str = "") -> None:
    """Refuse unless `who`'s execution role may do `action` on `resource`, naming `rule`."""
    try:
        check_role(call.db, who.role, action, resource)
    except ServiceError as error:
        lead = rule or f"Canvas acts with the execution role of {who.label()}"
        raise type(error)(f"{lead}: {error.message}") from None


def canvas_app(call: Call, domain_id: str, name: str) -> AppRow | None:
    """The profile's Canvas app that is not Deleted or Failed: what makes it a Canvas user."""
    return lookup.live_app(call, domain_id, name, CANVAS)
