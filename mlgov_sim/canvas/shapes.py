"""Input and output shapes of the `canvas:` console actions, as botocore Shapes.

The console has no API model, so these are the simulator's own, written in
botocore's JSON form and resolved next to SageMaker's shapes: members that
are the real API's (DomainId, UserProfileName, ModelPackageArn, S3Uri...)
keep SageMaker's patterns and limits, so validation and conform work on
console actions as on every other operation.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import botocore.session
from botocore.model import Shape, ShapeResolver

_STRING = {"type": "string"}
_TIME = {"type": "timestamp"}


def _structure(members: dict[str, str], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "structure",
        "required": list(required),
        "members": {name: {"shape": shape} for name, shape in members.items()},
    }


_ACTOR = {"DomainId": "DomainId", "UserProfileName": "UserProfileName"}
_ACTOR_REQUIRED = ("DomainId", "UserProfileName")

CANVAS_SHAPES: dict[str, Any] = {
    "CanvasId": {"type": "string", "min": 1, "max": 64, "pattern": "[a-z]+-[a-z0-9]+"},
    "CanvasName": {"type": "string", "min": 1, "max": 63, "pattern": "[a-zA-Z0-9](-*[a-zA-Z0-9])*"},
    "CanvasText": {"type": "string", "max": 1024},
    "CanvasColumn": {"type": "string", "min": 1, "max": 256},
    "CanvasColumns": {"type": "list", "member": {"shape": "CanvasColumn"}},
    "CanvasCount": {"type": "integer"},
    "CanvasStatus": _STRING,
    "CanvasTime": _TIME,
    "CanvasJumpStartModelId": {"type": "string", "min": 1, "max": 256},
    "CanvasProblemType": {
        "type": "string",
        "enum": [
            "BinaryClassification",
            "MulticlassClassification",
            "Regression",
            "TimeSeriesForecasting",
        ],
    },
    "CanvasBuildType": {"type": "string", "enum": ["Quick", "Standard"]},
    "CanvasDirection": {"type": "string", "enum": ["Sent", "Received"]},
    "CanvasModelSource": {"type": "string", "enum": ["Built", "Imported", "Shared"]},
    "CanvasUser": _structure(_ACTOR, _ACTOR_REQUIRED),
    "CanvasUsers": {"type": "list", "member": {"shape": "CanvasUser"}, "min": 1},
    "CanvasShareModelRequest": _structure(
        {
            **_ACTOR,
            "ModelPackageArn": "ModelPackageArn",
            "JumpStartModelId": "CanvasJumpStartModelId",
            "Recipients": "CanvasUsers",
            "TrainingDatasetS3Uri": "S3Uri",
            "ValidationDatasetS3Uri": "S3Uri",
            "TargetColumn": "CanvasColumn",
            "ProblemType": "CanvasProblemType",
            "Comment": "CanvasText",
        },
        (*_ACTOR_REQUIRED, "Recipients"),
    ),
    "CanvasShareModelResponse": _structure({"SharedModelId": "CanvasId", "Status": "CanvasStatus"}),
    "CanvasListSharedModelsRequest": _structure(
        {**_ACTOR, "Direction": "CanvasDirection"}, _ACTOR_REQUIRED
    ),
    "CanvasSharedModelSummary": _structure(
        {
            "SharedModelId": "CanvasId",
            "ModelName": "CanvasText",
            "Status": "CanvasStatus",
            "SharedBy": "CanvasUser",
            "Recipients": "CanvasUsers",
            "CreationTime": "CanvasTime",
            "LastModifiedTime": "CanvasTime",
        }
    ),
    "CanvasSharedModelSummaries": {
        "type": "list",
        "member": {"shape": "CanvasSharedModelSummary"},
    },
    "CanvasListSharedModelsResponse": _structure({"SharedModels": "CanvasSharedModelSummaries"}),
    "CanvasSharedModelRequest": _structure(
        {**_ACTOR, "SharedModelId": "CanvasId"}, (*_ACTOR_REQUIRED, "SharedModelId")
    ),
    "CanvasDescribeSharedModelResponse": _structure(
        {
            "SharedModelId": "CanvasId",
            "ModelName": "CanvasText",
            "Status": "CanvasStatus",
            "SharedBy": "CanvasUser",
            "Recipients": "CanvasUsers",
            "ModelPackageArn": "ModelPackageArn",
            "JumpStartModelId": "CanvasJumpStartModelId",
            "TrainingDatasetS3Uri": "S3Uri",
            "ValidationDatasetS3Uri": "S3Uri",
            "TargetColumn": "CanvasColumn",
            "ProblemType": "CanvasProblemType",
            "Comment": "CanvasText",
            "CreationTime": "CanvasTime",
            "LastModifiedTime": "CanvasTime",
        }
    ),
    "CanvasUpdateSharedModelRequest": _structure(
        {
            **_ACTOR,
            "SharedModelId": "CanvasId",
            "ModelPackageArn": "ModelPackageArn",
            "Comment": "CanvasText",
        },
        (*_ACTOR_REQUIRED, "SharedModelId"),
    ),
    "CanvasImportModelRequest": _structure(
        {
            **_ACTOR,
            "ModelName": "CanvasName",
            "ModelPackageArn": "ModelPackageArn",
            "ModelDataUrl": "Url",
        },
        (*_ACTOR_REQUIRED, "ModelName"),
    ),
    "CanvasModelResponse": _structure({"ModelId": "CanvasId", "Status": "CanvasStatus"}),
    "CanvasImportDatasetRequest": _structure(
        {**_ACTOR, "DatasetName": "CanvasName", "S3Uri": "S3Uri"},
        (*_ACTOR_REQUIRED, "DatasetName", "S3Uri"),
    ),
    "CanvasImportDatasetResponse": _structure(
        {"DatasetId": "CanvasId", "RowCount": "CanvasCount", "Columns": "CanvasColumns"}
    ),
    "CanvasBuildModelRequest": _structure(
        {
            **_ACTOR,
            "ModelName": "CanvasName",
            "DatasetName": "CanvasName",
            "TargetColumn": "CanvasColumn",
            "ProblemType": "CanvasProblemType",
            "BuildType": "CanvasBuildType",
        },
        (*_ACTOR_REQUIRED, "ModelName", "DatasetName", "TargetColumn"),
    ),
    "CanvasModelRequest": _structure(
        {**_ACTOR, "ModelId": "CanvasId"}, (*_ACTOR_REQUIRED, "ModelId")
    ),
    "CanvasDescribeModelResponse": _structure(
        {
            "ModelId": "CanvasId",
            "ModelName": "CanvasText",
            "Source": "CanvasModelSource",
            "Status": "CanvasStatus",
            "FailureReason": "CanvasText",
            "DatasetName": "CanvasName",
            "TargetColumn": "CanvasColumn",
            "ProblemType": "CanvasProblemType",
            "ModelPackageArn": "ModelPackageArn",
            "ModelArtifactS3Uri": "S3Uri",
            "CreationTime": "CanvasTime",
            "LastModifiedTime": "CanvasTime",
        }
    ),
    "CanvasListModelsRequest": _structure(_ACTOR, _ACTOR_REQUIRED),
    "CanvasModelSummary": _structure(
        {
            "ModelId": "CanvasId",
            "ModelName": "CanvasText",
            "Source": "CanvasModelSource",
            "Status": "CanvasStatus",
            "ModelPackageArn": "ModelPackageArn",
            "CreationTime": "CanvasTime",
        }
    ),
    "CanvasModelSummaries": {"type": "list", "member": {"shape": "CanvasModelSummary"}},
    "CanvasListModelsResponse": _structure({"Models": "CanvasModelSummaries"}),
    "CanvasPredictRequest": _structure(
        {**_ACTOR, "ModelId": "CanvasId", "DatasetName": "CanvasName"},
        (*_ACTOR_REQUIRED, "ModelId", "DatasetName"),
    ),
    "CanvasPredictResponse": _structure(
        {"PredictionId": "CanvasId", "OutputS3Uri": "S3Uri", "RowCount": "CanvasCount"}
    ),
    "CanvasRegisterModelRequest": _structure(
        {**_ACTOR, "ModelId": "CanvasId", "ModelPackageGroupName": "EntityName"},
        (*_ACTOR_REQUIRED, "ModelId"),
    ),
    "CanvasRegisterModelResponse": _structure(
        {"ModelPackageArn": "ModelPackageArn", "ModelApprovalStatus": "ModelApprovalStatus"}
    ),
}


@cache
def _resolver() -> ShapeResolver:
    loader = botocore.session.get_session().get_component("data_loader")
    sagemaker = loader.load_service_model("sagemaker", "service-2")["shapes"]
    return ShapeResolver({**sagemaker, **CANVAS_SHAPES})


def shape(name: str) -> Shape:
    """The console shape (or SageMaker shape) called `name`."""
    return _resolver().get_shape_by_name(name)
