"""Sharing a model from Studio Classic with Canvas users: Share, List, Describe, Update.

The rules (DG canvas-collaborate, canvas-byom): the sharer is a Studio
Classic user (a JupyterServer app); every recipient is a Canvas user (a
Canvas app) in the sharer's own domain; at most 23 recipients; the model is
a registered version (or a JumpStart model), tabular, not time-series. A
shared model shows Importing for 15 simulated minutes, then Ready. Its
recipients may view it and predict with it, never change it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from mlgov_sim.canvas import acting, items, lifecycle, lookup, models
from mlgov_sim.canvas.acting import Actor
from mlgov_sim.canvas.console import console_action, everything
from mlgov_sim.canvas.tables import CanvasItemRow
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import AccessDeniedException, ResourceNotFound, ValidationException

MAX_RECIPIENTS = 23


@console_action(
    "ShareModel",
    "sagemaker:CreateSharedModel",
    "CanvasShareModelRequest",
    "CanvasShareModelResponse",
    resource=everything,
)
def share_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """A Studio Classic user shares one model version with up to 23 Canvas users of the same domain.

    Give ModelPackageArn (a version in the Model Registry) or JumpStartModelId,
    the Canvas users as Recipients [{DomainId, UserProfileName}], and for a
    registry model what the console asks: TrainingDatasetS3Uri, TargetColumn
    and ProblemType. Refused with ValidationException, naming the rule: a
    recipient in another domain, a recipient without a Canvas app, more than
    23 recipients, a model not in the registry, a non-tabular model
    ("Unsupported data type"), a time-series model. The caller and the
    sharer's execution role need sagemaker:CreateSharedModel. The model is
    Importing for the recipients for 15 minutes, then Ready.
    """
    who = acting.actor(call, params, acting.STUDIO_CLASSIC)
    acting.check(call, who, "sagemaker:CreateSharedModel")
    recipients = _recipients(call, who, params["Recipients"])
    name, detail = _model(call, params)
    row = items.new_item(call, "shared-model", who, name, "Importing", detail, recipients)
    lifecycle.later(call, row, "item", "Ready", lifecycle.IMPORTING)
    return {"SharedModelId": row.item_id, "Status": row.status}


def _recipients(call: Call, who: Actor, given: list[dict[str, str]]) -> list[dict[str, str]]:
    if len(given) > MAX_RECIPIENTS:
        raise ValidationException(
            f"{len(given)} recipients: a model can be shared with at most {MAX_RECIPIENTS} Canvas "
            "users at a time; share it again for the others."
        )
    chosen: list[dict[str, str]] = []
    for recipient in given:
        domain, name = recipient["DomainId"], recipient["UserProfileName"]
        if domain != who.domain_id or lookup.find_profile(call, domain, name) is None:
            _not_in_domain(call, who, domain, name)
        if acting.canvas_app(call, domain, name) is None:
            raise ValidationException(
                f"User profile '{name}' in domain {domain} has no Canvas app: a model can be "
                "shared only with Canvas users (a user profile without a Canvas app cannot be "
                f"entered). Give {name} a Canvas app (CreateApp AppType Canvas), then share again."
            )
        if recipient not in chosen:
            chosen.append({"DomainId": domain, "UserProfileName": name})
    return chosen


def _not_in_domain(call: Call, who: Actor, domain: str, name: str) -> None:
    """Refuse a recipient outside the sharer's domain, saying where it is and what to do."""
    rule = (
        "a Studio Classic user can share a model only with Canvas users in the same SageMaker "
        "domain"
    )
    how = (
        f"To share with {name}, give {name} a user profile in domain {who.domain_id} with a "
        "Canvas app, and name that profile."
    )
    if domain != who.domain_id:
        where = f"is in domain {domain}"
    else:
        elsewhere = [p.domain_id for p in lookup.profiles_named(call, name)]
        where = f"is in domain {elsewhere[0]}" if elsewhere else "does not exist"
    if where == "does not exist":
        raise ValidationException(
            f"Canvas user profile '{name}' does not exist in domain {who.domain_id}: {rule}. " + how
        )
    raise ValidationException(
        f"Canvas user profile '{name}' {where}, not {who.domain_id} (where {who.name} works): "
        f"{rule}. {how}"
    )


def _model(call: Call, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The shared model's name and what the share records; the model rules checked."""
    arn, jumpstart = params.get("ModelPackageArn"), params.get("JumpStartModelId")
    if bool(arn) == bool(jumpstart):
        raise ValidationException(
            "Share exactly one model: give ModelPackageArn (a Model Registry version) or "
            "JumpStartModelId."
        )
    models.check_not_time_series(params.get("ProblemType"))
    detail = {
        key: params[key]
        for key in (
            "ModelPackageArn",
            "JumpStartModelId",
            "TrainingDatasetS3Uri",
            "ValidationDatasetS3Uri",
            "TargetColumn",
            "ProblemType",
            "Comment",
        )
        if params.get(key) is not None
    }
    if jumpstart:
        models.check_jumpstart(jumpstart)
        return jumpstart, detail
    package = models.registered_version(call, arn, models.SHARE_RULE)
    models.check_tabular(package)
    missing = [
        k for k in ("TrainingDatasetS3Uri", "TargetColumn", "ProblemType") if k not in detail
    ]
    if missing:
        raise ValidationException(
            "Sharing a Model Registry version with Canvas needs what the console asks for: "
            + ", ".join(missing)
            + " missing."
        )
    return f"{package.group_name}/{package.version}", detail


@console_action(
    "ListSharedModels",
    "sagemaker:ListSharedModels",
    "CanvasListSharedModelsRequest",
    "CanvasListSharedModelsResponse",
    resource=everything,
    read_only=True,
)
def list_shared_models(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """The models a user profile has shared (Sent) or received (Received), with their status.

    The acting profile needs a Canvas app or a JupyterServer app; the caller
    and its execution role need sagemaker:ListSharedModels.
    """
    who = _viewer(call, params)
    acting.check(call, who, "sagemaker:ListSharedModels")
    direction = params.get("Direction")
    found = []
    for row in _shared_in(call, who.domain_id):
        sent, received = row.owner == who.name, items.is_recipient(row, who)
        if (direction != "Received" and sent) or (direction != "Sent" and received):
            found.append(summary(row))
    return {"SharedModels": found}


@console_action(
    "DescribeSharedModel",
    "sagemaker:DescribeSharedModel",
    "CanvasSharedModelRequest",
    "CanvasDescribeSharedModelResponse",
    resource=everything,
    read_only=True,
)
def describe_shared_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """One shared model, for its sharer or a recipient: Importing, then Ready."""
    who = _viewer(call, params)
    acting.check(call, who, "sagemaker:DescribeSharedModel")
    row = visible(call, who, params["SharedModelId"])
    return {**summary(row), **row.detail}


@console_action(
    "UpdateSharedModel",
    "sagemaker:UpdateSharedModel",
    "CanvasUpdateSharedModelRequest",
    "CanvasShareModelResponse",
    resource=everything,
)
def update_shared_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Its sharer shares an update (another version, a comment); a recipient is always refused.

    A model shared from Studio Classic is view-and-predict only in Canvas:
    a recipient's change is refused with AccessDeniedException naming the
    rule. The sharer's update is checked as a share is, and the model is
    Importing again.
    """
    who = _viewer(call, params)
    row = visible(call, who, params["SharedModelId"])
    if row.owner != who.name:
        raise AccessDeniedException(
            f"Shared model {row.item_id} was shared with {who.label()} by '{row.owner}': a model "
            "shared from Studio Classic is view-and-predict only in Canvas; its recipients cannot "
            "change it (ask the Studio Classic user to share an update)."
        )
    acting.check(call, who, "sagemaker:UpdateSharedModel")
    if params.get("ModelPackageArn"):
        package = models.registered_version(call, params["ModelPackageArn"], models.SHARE_RULE)
        models.check_tabular(package)
        row.detail = {**row.detail, "ModelPackageArn": package.arn}
        row.name = f"{package.group_name}/{package.version}"
    if params.get("Comment"):
        row.detail = {**row.detail, "Comment": params["Comment"]}
    lifecycle.move(call, row, "item", "Importing", "Ready", lifecycle.IMPORTING)
    return {"SharedModelId": row.item_id, "Status": row.status}


def _viewer(call: Call, params: dict[str, Any]) -> Actor:
    """A Canvas user or a Studio Classic user: either may see what was shared.

    A profile with neither app is told both ways in, not only Studio Classic's:
    a learner setting up a recipient means to make a Canvas user.
    """
    profile = lookup.require_profile(call, params["DomainId"], params["UserProfileName"])
    if acting.canvas_app(call, profile.domain_id, profile.name) is not None:
        return acting.actor(call, params, acting.CANVAS)
    if lookup.live_app(call, profile.domain_id, profile.name, acting.STUDIO_CLASSIC) is None:
        raise ValidationException(
            f"User profile '{profile.name}' in domain {profile.domain_id} has neither a Canvas "
            "app nor a JupyterServer app: shared models are seen by Canvas users (who receive "
            "them) and Studio Classic users (who share them). Create its Canvas app (CreateApp "
            "AppType Canvas) and wait until it is InService."
        )
    return acting.actor(call, params, acting.STUDIO_CLASSIC)


def _shared_in(call: Call, domain_id: str) -> list[CanvasItemRow]:
    statement = (
        select(CanvasItemRow)
        .where(CanvasItemRow.kind == "shared-model", CanvasItemRow.domain_id == domain_id)
        .order_by(CanvasItemRow.id)
    )
    return list(call.session.exec(statement).all())


def visible(call: Call, who: Actor, shared_id: str) -> CanvasItemRow:
    """The shared model, if `who` shared or received it; ResourceNotFound otherwise."""
    row = items.find(call, shared_id, "shared-model")
    if row is None or (row.owner != who.name and not items.is_recipient(row, who)):
        raise ResourceNotFound(f"Shared model {shared_id} is not shared with {who.label()}.")
    return row


def summary(row: CanvasItemRow) -> dict[str, Any]:
    return {
        "SharedModelId": row.item_id,
        "ModelName": row.name,
        "Status": row.status,
        "SharedBy": {"DomainId": row.domain_id, "UserProfileName": row.owner},
        "Recipients": row.recipients,
        "CreationTime": row.creation_time,
        "LastModifiedTime": row.last_modified_time,
    }
