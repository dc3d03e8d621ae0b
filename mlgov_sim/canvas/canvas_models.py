"""Canvas models: ImportModel (a registered version), BuildModel (from a dataset), DescribeModel.

Rule (DG canvas-byom): a model built outside SageMaker must be registered
in the Model Registry before it can be imported into Canvas. An imported
model is Importing for 15 minutes, a quick build Building for 10 (a
standard build 2 hours); then Ready. A build writes its model artifact
under `<S3ArtifactPath>/Canvas/<user>/Training/` as the execution role;
a role that may not write there fails the build (FailureReason).
"""

from __future__ import annotations

from typing import Any

from mlgov_sim import storage
from mlgov_sim.canvas import acting, items, lifecycle, models, settings
from mlgov_sim.canvas.console import SIGN_IN, console_action
from mlgov_sim.canvas.tables import CanvasItemRow
from mlgov_sim.core.authorize import check_role
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ResourceNotFound, ServiceError, ValidationException

WRITE_RULE = "a Canvas user needs S3 access to write its artifacts"


@console_action(
    "ImportModel",
    "sagemaker:DescribeModelPackage",
    "CanvasImportModelRequest",
    "CanvasModelResponse",
    resource=lambda call, params: params.get("ModelPackageArn"),
)
def import_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """A Canvas user imports a model: only a model version registered in the Model Registry.

    ModelPackageArn must be a version in a model package group; a
    ModelDataUrl (a model built outside SageMaker, in S3) or anything not in
    the registry is refused with ValidationException naming the rule: register
    it first. The caller and the execution role need
    sagemaker:DescribeModelPackage on the version. Importing for 15 minutes,
    then Ready for predictions.
    """
    who = acting.actor(call, params, acting.CANVAS)
    arn = params.get("ModelPackageArn")
    if not arn:
        source = params.get("ModelDataUrl") or "a model given without ModelPackageArn"
        raise ValidationException(
            f"Cannot import {source}: {models.IMPORT_RULE}. Register it as a version of a model "
            "package group (CreateModelPackage), then import that version's ModelPackageArn."
        )
    package = models.registered_version(call, arn, models.IMPORT_RULE)
    acting.check(call, who, "sagemaker:DescribeModelPackage", package.arn)
    models.check_tabular(package)
    detail = {"Source": "Imported", "ModelPackageArn": package.arn}
    row = items.new_item(call, "model", who, params["ModelName"], "Importing", detail)
    lifecycle.later(call, row, "item", "Ready", lifecycle.IMPORTING)
    return {"ModelId": row.item_id, "Status": row.status}


@console_action("BuildModel", SIGN_IN, "CanvasBuildModelRequest", "CanvasModelResponse")
def build_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """A Canvas user builds a model from an imported dataset: Building, then Ready.

    TargetColumn must be one of the dataset's columns. ProblemType defaults
    to BinaryClassification when the target has two values, Regression when
    it is numeric, MulticlassClassification otherwise. BuildType Quick (10
    minutes, the default) or Standard (2 hours). When it ends, the model
    artifact is written as the execution role (s3:PutObject) under
    `<S3ArtifactPath>/Canvas/<UserProfileName>/Training/`; a role that may
    not write there fails the model, with a FailureReason naming the rule.
    """
    who = acting.actor(call, params, acting.CANVAS)
    dataset = items.dataset(call, who, params["DatasetName"])
    target = params["TargetColumn"]
    columns = dataset.detail.get("Columns") or []
    if target not in columns:
        raise ValidationException(
            f"Target column '{target}' is not a column of dataset '{dataset.name}' "
            f"({', '.join(columns)})."
        )
    problem = params.get("ProblemType") or infer_problem_type(dataset.detail, target)
    root = settings.artifact_root(who.settings, call.region, call.account, who.name)
    detail = {
        "Source": "Built",
        "DatasetName": dataset.name,
        "TargetColumn": target,
        "ProblemType": problem,
        "Role": who.role,
        "ModelArtifactS3Uri": f"{root}/Training/{params['ModelName']}/output/model.tar.gz",
    }
    row = items.new_item(call, "model", who, params["ModelName"], "Building", detail)
    quick = params.get("BuildType", "Quick") == "Quick"
    lifecycle.later(
        call, row, "item", "Ready", lifecycle.QUICK_BUILD if quick else lifecycle.STANDARD_BUILD
    )
    return {"ModelId": row.item_id, "Status": row.status}


def infer_problem_type(dataset: dict[str, Any], target: str) -> str:
    """Canvas's pick for `target`: two values binary, numbers regression, else multiclass."""
    lines = [line for line in str(dataset.get("Body", "")).splitlines() if line.strip()]
    index = (dataset.get("Columns") or []).index(target)
    values = {line.split(",")[index].strip() for line in lines[1:] if len(line.split(",")) > index}
    if len(values) <= 2:
        return "BinaryClassification"
    try:
        [float(value) for value in values]
    except ValueError:
        return "MulticlassClassification"
    return "Regression"


def write_artifact(call: Call, row: CanvasItemRow) -> str | None:
    """When a build ends: write its artifact as the role, or fail the model (the reason why)."""
    uri = row.detail.get("ModelArtifactS3Uri")
    if row.detail.get("Source") != "Built" or not uri:
        return None
    try:
        bucket, key = storage.split_uri(uri)
        check_role(call.db, row.detail["Role"], "s3:PutObject", storage.object_arn(bucket, key))
        body = f"mlgov-sim: stands for the Canvas model {row.name}\n".encode()
        storage.write(call.db, bucket, key, body, call.now, content_type="application/x-tar")
    except (ServiceError, ValueError) as error:
        message = getattr(error, "message", str(error))
        return f"{WRITE_RULE}: the model artifact could not be written to {uri} ({message})"
    return None


@console_action(
    "DescribeModel",
    SIGN_IN,
    "CanvasModelRequest",
    "CanvasDescribeModelResponse",
    read_only=True,
)
def describe_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """A Canvas user's own model (built or imported): status, source, target, registration."""
    who = acting.actor(call, params, acting.CANVAS)
    row = own_model(call, who, params["ModelId"])
    detail = {k: v for k, v in row.detail.items() if k != "Role"}
    return {
        "ModelId": row.item_id,
        "ModelName": row.name,
        "Status": row.status,
        **detail,
        "CreationTime": row.creation_time,
        "LastModifiedTime": row.last_modified_time,
    }


@console_action(
    "ListModels", SIGN_IN, "CanvasListModelsRequest", "CanvasListModelsResponse", read_only=True
)
def list_models(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """A Canvas user's models, built and imported (shared ones: canvas:ListSharedModels)."""
    who = acting.actor(call, params, acting.CANVAS)
    return {
        "Models": [
            {
                "ModelId": row.item_id,
                "ModelName": row.name,
                "Source": row.detail.get("Source"),
                "Status": row.status,
                "ModelPackageArn": row.detail.get("ModelPackageArn"),
                "CreationTime": row.creation_time,
            }
            for row in items.owned(call, who, "model")
        ]
    }


def own_model(call: Call, who: acting.Actor, model_id: str) -> CanvasItemRow:
    row = items.find(call, model_id, "model")
    if row is None or row.owner != who.name or row.domain_id != who.domain_id:
        raise ResourceNotFound(f"{who.label()} has no Canvas model {model_id}.")
    return row


lifecycle.on_ready("model", write_artifact)
