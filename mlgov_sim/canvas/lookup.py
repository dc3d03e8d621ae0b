"""Finding domains, user profiles and apps, with SageMaker's ResourceNotFound when they are missing.

Unlike the Model Registry (ValidationException "... does not exist."),
domains, user profiles and apps answer a missing resource with
ResourceNotFound; the wording is the simulator's (docs/fidelity.md).
"""

from __future__ import annotations

from sqlmodel import select

from mlgov_sim.canvas.tables import AppRow, DomainRow, UserProfileRow
from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ResourceNotFound

GONE_APP = ("Deleted", "Failed")  # apps that no longer count: they do not keep a profile in use


def find_domain(call: Call, domain_id: str) -> DomainRow | None:
    row = call.session.exec(select(DomainRow).where(DomainRow.domain_id == domain_id)).first()
    if row is None or row.account != call.account or row.region != call.region:
        return None
    return row


def require_domain(call: Call, domain_id: str) -> DomainRow:
    """The caller's domain, or ResourceNotFound."""
    row = find_domain(call, domain_id)
    if row is None:
        raise ResourceNotFound(f"Domain {domain_id} does not exist in this account and Region.")
    return row


def find_profile(call: Call, domain_id: str, name: str) -> UserProfileRow | None:
    statement = select(UserProfileRow).where(
        UserProfileRow.domain_id == domain_id, UserProfileRow.name == name
    )
    return call.session.exec(statement).first()


def require_profile(call: Call, domain_id: str, name: str) -> UserProfileRow:
    """The user profile `name` of the caller's domain, or ResourceNotFound."""
    require_domain(call, domain_id)
    row = find_profile(call, domain_id, name)
    if row is None:
        raise ResourceNotFound(f"User profile '{name}' does not exist in domain {domain_id}.")
    return row


def profiles_named(call: Call, name: str) -> list[UserProfileRow]:
    """Every user profile called `name` in the caller's account and Region, in any domain."""
    statement = select(UserProfileRow).where(
        UserProfileRow.name == name,
        UserProfileRow.account == call.account,
        UserProfileRow.region == call.region,
    )
    return list(call.session.exec(statement).all())


def apps_of(call: Call, domain_id: str, profile: str) -> list[AppRow]:
    """Every app of a user profile, deleted ones included, oldest first."""
    statement = (
        select(AppRow)
        .where(AppRow.domain_id == domain_id, AppRow.user_profile == profile)
        .order_by(AppRow.id)
    )
    return list(call.session.exec(statement).all())


def live_app(call: Call, domain_id: str, profile: str, app_type: str) -> AppRow | None:
    """The profile's app of `app_type` that is not Deleted or Failed (Pending counts)."""
    for app in apps_of(call, domain_id, profile):
        if app.app_type == app_type and app.status not in GONE_APP:
            return app
    return None


def find_app(call: Call, domain_id: str, profile: str, app_type: str, name: str) -> AppRow | None:
    """The app of that type and name, the latest when a deleted one was created again."""
    found = None
    for app in apps_of(call, domain_id, profile):
        if app.app_type == app_type and app.name == name:
            found = app
    return found


def domain_exists(db: Database, arn: str) -> bool:
    return db.execute(select(DomainRow.id).where(DomainRow.arn == arn)).first() is not None


def profile_exists(db: Database, arn: str) -> bool:
    statement = select(UserProfileRow.id).where(UserProfileRow.arn == arn)
    return db.execute(statement).first() is not None


def app_exists(db: Database, arn: str) -> bool:
    statement = select(AppRow.id).where(AppRow.arn == arn, AppRow.status != "Deleted")
    return db.execute(statement).first() is not None
