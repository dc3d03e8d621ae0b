"""canvas:RegisterModel: a Canvas user registers a built model as a Model Registry version.

Allowed when the user's effective CanvasAppSettings.ModelRegisterSettings
is ENABLED (a profile's setting over the domain's; ENABLED when neither
sets it). The version is created through the registry's own operations, in
the same call: in the group ModelPackageGroupName (default: the Canvas
model's name; created when missing), PendingManualApproval, for a data
scientist to approve with UpdateModelPackage. Group name and initial
status are the simulator's choice (AWS does not document them).
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.canvas import acting, canvas_models, nested, settings
from mlgov_sim.canvas.console import console_action
from mlgov_sim.canvas.profiles import profile_arn
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.registry.lookup import group_exists

INITIAL_STATUS = "PendingManualApproval"
# The SageMaker AutoML (Autopilot) container Canvas models run in; us-east-1's registry account.
IMAGE = "683313688378.dkr.ecr.{region}.amazonaws.com/sagemaker-sklearn-automl:2.5-1-cpu-py3"


def _group_target(call: Call, params: dict[str, Any]) -> str:
    group = params.get("ModelPackageGroupName") or "*"
    return call.arn(f"model-package/{group}/*")


@console_action(
    "RegisterModel",
    "sagemaker:CreateModelPackage",
    "CanvasRegisterModelRequest",
    "CanvasRegisterModelResponse",
    resource=_group_target,
)
def register_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """A Canvas user registers a Ready Canvas model to the Model Registry, PendingManualApproval.

    Refused with ValidationException when the user's effective
    CanvasAppSettings.ModelRegisterSettings.Status is DISABLED (the message
    says whether the profile or the domain sets it). The caller and the
    execution role need sagemaker:CreateModelPackage (and
    sagemaker:CreateModelPackageGroup for a new group). The version carries
    the model's artifact and CustomerMetadataProperties naming the Canvas
    user, domain and model.
    """
    who = acting.actor(call, params, acting.CANVAS)
    _check_allowed(call, who)
    model = canvas_models.own_model(call, who, params["ModelId"])
    if model.detail.get("Source") != "Built":
        raise ValidationException(
            f"Model {model.item_id} was imported from the Model Registry "
            f"({model.detail.get('ModelPackageArn')}): only models built in Canvas are registered."
        )
    if model.status != "Ready":
        raise ValidationException(
            f"Model {model.item_id} is {model.status}: it can be registered once it is Ready."
        )
    group = params.get("ModelPackageGroupName") or model.name
    group_arn = call.arn(f"model-package-group/{group}")
    if not group_exists(call.db, group_arn):
        acting.check(call, who, "sagemaker:CreateModelPackageGroup", group_arn)
        description = f"Models registered from SageMaker Canvas ({model.name})"
        nested.run(
            call,
            "sagemaker:CreateModelPackageGroup",
            {"ModelPackageGroupName": group, "ModelPackageGroupDescription": description},
        )
    acting.check(
        call,
        who,
        "sagemaker:CreateModelPackage",
        f"{group_arn}/*".replace(":model-package-group/", ":model-package/"),
    )
    created = nested.run(call, "sagemaker:CreateModelPackage", _version(call, who, model, group))
    model.detail = {**model.detail, "ModelPackageArn": created["ModelPackageArn"]}
    call.session.add(model)
    return {"ModelPackageArn": created["ModelPackageArn"], "ModelApprovalStatus": INITIAL_STATUS}


def _check_allowed(call: Call, who: acting.Actor) -> None:
    status = settings.status_of(who.settings, "ModelRegisterSettings")
    if status == settings.ENABLED:
        return
    own = settings.canvas_setting(who.profile.settings, "ModelRegisterSettings").get("Status")
    where = (
        f"on user profile {profile_arn(call, who.domain_id, who.name)}"
        if own
        else f"in the DefaultUserSettings of domain {who.domain_id}"
    )
    raise ValidationException(
        f"Model registration is turned off for {who.label()}: "
        f"CanvasAppSettings.ModelRegisterSettings.Status is DISABLED {where}. A Canvas user can "
        "register models to the Model Registry only when ModelRegisterSettings is ENABLED (a "
        "user profile's setting overrides its domain's)."
    )


def _version(call: Call, who: acting.Actor, model: Any, group: str) -> dict[str, Any]:
    return {
        "ModelPackageGroupName": group,
        "ModelPackageDescription": f"Canvas model {model.name} registered by {who.name}",
        "ModelApprovalStatus": INITIAL_STATUS,
        "InferenceSpecification": {
            "Containers": [
                {
                    "Image": IMAGE.format(region=call.region),
                    "ModelDataUrl": model.detail["ModelArtifactS3Uri"],
                }
            ],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        "CustomerMetadataProperties": {
            "CanvasDomainId": who.domain_id,
            "CanvasUserProfileName": who.name,
            "CanvasModelId": model.item_id,
            "CanvasProblemType": model.detail.get("ProblemType", ""),
        },
    }
