"""SageMaker domains: CreateDomain, DescribeDomain, ListDomains, DeleteDomain.

A domain holds user profiles; its DefaultUserSettings are what a profile
gets where it sets nothing itself (canvas.settings).
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlmodel import select

from mlgov_sim.canvas import lifecycle, lookup, profiles, views
from mlgov_sim.canvas.tables import DomainRow, UserProfileRow
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ResourceInUse
from mlgov_sim.core.ids import derive_hex
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import set_tags

DOMAINS = DomainRow.__table__  # type: ignore[attr-defined]


def domain_arn(call: Call, domain_id: str) -> str:
    return call.arn(f"domain/{domain_id}")


def new_domain_id(call: Call, name: str) -> str:
    """`d-` and 12 hex digits derived from the world's seed and the name, unused in the world.

    Derived from the name rather than the world's counter, so a domain's ID
    does not change when other resources are created before it.
    """
    for number in itertools.count():
        kind = f"domain:{call.account}:{call.region}:{name}"
        candidate = "d-" + derive_hex(call.world.seed, kind, number, 12)
        taken = select(DomainRow.id).where(DomainRow.domain_id == candidate)
        if call.session.exec(taken).first() is None:
            return candidate
    raise AssertionError("unreachable")


def _target(call: Call, params: dict[str, Any]) -> str:
    return domain_arn(call, params["DomainId"])


@operation("sagemaker:CreateDomain", resource=lambda call, _: call.arn("domain/*"))
def create_domain(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates a domain: Pending, then InService five simulated minutes later.

    DomainId is `d-` and 12 lower-case letters and digits, derived from the
    world's seed and the domain's name. DefaultUserSettings (ExecutionRole, CanvasAppSettings...)
    are the defaults of every user profile in the domain; a profile's own
    UserSettings override them, structure by structure. Networking (VPC,
    subnets, security groups) and the EFS volume are recorded, not simulated.
    Naming an ExecutionRole needs iam:PassRole on it.
    """
    profiles.check_pass_role(call, params.get("DefaultUserSettings"))
    domain_id = new_domain_id(call, params["DomainName"])
    arn = domain_arn(call, domain_id)
    call.target_arn = arn
    spec = {k: v for k, v in params.items() if k not in ("DomainName", "Tags")}
    row = DomainRow(
        account=call.account,
        region=call.region,
        domain_id=domain_id,
        name=params["DomainName"],
        arn=arn,
        status="Pending",
        home_efs_id="fs-" + call.new_hex("efs", 17),
        spec=spec,
        creation_time=call.now,
        last_modified_time=call.now,
    )
    call.session.add(row)
    lifecycle.later(call, row, "domain", "InService", lifecycle.DOMAIN_CREATE)
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
    return {
        "DomainArn": arn,
        "DomainId": domain_id,
        "Url": views.domain_url(domain_id, call.region),
    }


@operation("sagemaker:DescribeDomain", resource=_target)
def describe_domain(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes a domain: its status, settings and DefaultUserSettings.

    A domain the account does not have (or one whose deletion has finished)
    is refused with ResourceNotFound.
    """
    return views.describe_domain(lookup.require_domain(call, params["DomainId"]))


@operation("sagemaker:ListDomains", resource=lambda call, _: call.arn("domain/*"))
def list_domains(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's domains in the Region, oldest first, with pagination."""
    call.flush()
    statement = (
        select(*DOMAINS.c)
        .where(DOMAINS.c.account == call.account, DOMAINS.c.region == call.region)
        .order_by(DOMAINS.c.id)
    )
    rows, token = page(call.db, statement, params, listing="canvas_domain")
    return {"Domains": [views.domain_details(row) for row in rows], "NextToken": token}


@operation("sagemaker:DeleteDomain", resource=_target)
def delete_domain(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes a domain with no user profiles left: Deleting, then gone three minutes later.

    A domain that still holds user profiles is refused with ResourceInUse, as
    AWS requires them (and their apps) deleted first. RetentionPolicy is
    accepted and changes nothing: there is no EFS volume to keep.
    """
    row = lookup.require_domain(call, params["DomainId"])
    if row.status == "Deleting":
        raise ResourceInUse(f"Domain {row.domain_id} is already being deleted.")
    statement = select(UserProfileRow.name).where(UserProfileRow.domain_id == row.domain_id)
    names = sorted(call.session.exec(statement).all())
    if names:
        raise ResourceInUse(
            f"Domain {row.domain_id} still has user profiles ({', '.join(names)}): delete every "
            "user profile (and its apps) before deleting the domain."
        )
    lifecycle.move(call, row, "domain", "Deleting", lifecycle.GONE, lifecycle.DOMAIN_DELETE)
    return {}
