"""The oracle: every operation in the table checked against botocore's own service model.

botocore's model is loaded here independently of the kernel, and boto3's
Stubber judges the World's responses, so a handler that invents a key, returns
a wrong type or drops a required member fails here. Every operation needs a
sample input in SAMPLES; a new operation without one fails loudly.
"""

from __future__ import annotations

import importlib
import json
from datetime import timedelta
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.client import BaseClient
from botocore.httpsession import URLLib3Session
from botocore.model import OperationModel, ServiceModel, Shape
from botocore.stub import Stubber
from botocore.validate import ParamValidator

from mlgov_sim.app import OPERATIONS, World
from mlgov_sim.core.errors import ServiceError, ValidationException

ACCOUNT = "111122223333"
REGION = "us-east-1"
PREFIX = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}"
GROUP_ARN = f"{PREFIX}:model-package-group/churn"
V1_ARN = f"{PREFIX}:model-package/churn/1"
V2_ARN = f"{PREFIX}:model-package/churn/2"
SOLO_ARN = f"{PREFIX}:model-package/solo"
IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1.0"
TRAIN_URI = "s3://data/churn/train.csv"
OLD_URI = "s3://data/churn/old.csv"
MODEL_URI = "s3://models/churn/model.tar.gz"  # RICH_VERSION's ModelDataUrl
TRAINING_ACTION_ARN = f"{PREFIX}:action/churn-training"
PROJECT_ARN = f"{PREFIX}:context/churn-project"

RICH_VERSION: dict[str, Any] = {
    "ModelPackageGroupName": "churn",
    "ModelPackageDescription": "gradient-boosted churn model",
    "InferenceSpecification": {
        "Containers": [
            {
                "Image": IMAGE,
                "ModelDataUrl": "s3://models/churn/model.tar.gz",
                "Environment": {"MODE": "batch"},
            }
        ],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv"],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
        "SupportedTransformInstanceTypes": ["ml.m5.large"],
    },
    "ValidationSpecification": {
        "ValidationRole": f"arn:aws:iam::{ACCOUNT}:role/validator",
        "ValidationProfiles": [
            {
                "ProfileName": "smoke",
                "TransformJobDefinition": {
                    "TransformInput": {
                        "DataSource": {
                            "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/in"}
                        }
                    },
                    "TransformOutput": {"S3OutputPath": "s3://data/out"},
                    "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
                },
            }
        ],
    },
    "MetadataProperties": {"CommitId": "abc123", "Repository": "git://churn"},
    "ModelMetrics": {
        "ModelQuality": {
            "Statistics": {"ContentType": "application/json", "S3Uri": "s3://m/stats.json"}
        },
        "Bias": {"Report": {"ContentType": "application/json", "S3Uri": "s3://m/bias.json"}},
    },
    "DriftCheckBaselines": {
        "ModelQuality": {
            "Constraints": {"ContentType": "application/json", "S3Uri": "s3://m/c.json"}
        }
    },
    "CustomerMetadataProperties": {"team": "risk", "ticket": "ML-42"},
    "ModelLifeCycle": {"Stage": "Development", "StageStatus": "InProgress"},
    "ModelCard": {"ModelCardContent": '{"model_overview": {}}', "ModelCardStatus": "Draft"},
    "SecurityConfig": {"KmsKeyId": "alias/models"},
    "Domain": "MACHINE_LEARNING",
    "Task": "CLASSIFICATION",
    "SamplePayloadUrl": "s3://m/payload.csv",
    "SkipModelValidation": "None",
    "ClientToken": "rich-1",
}

# Calls that prepare the world every sample runs in.
SHARE_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AddPermModelPackageGroup",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": ["sagemaker:DescribeModelPackageGroup"],
                "Resource": GROUP_ARN,
            }
        ],
    }
)

SETUP: list[tuple[str, dict[str, Any]]] = [
    (
        "sagemaker:CreateModelPackageGroup",
        {
            "ModelPackageGroupName": "churn",
            "ModelPackageGroupDescription": "churn models",
            "Tags": [{"Key": "owner", "Value": "risk"}],
        },
    ),
    ("sagemaker:CreateModelPackage", RICH_VERSION),
    ("sagemaker:CreateModelPackage", {"ModelPackageGroupName": "churn"}),
    (
        "sagemaker:UpdateModelPackage",
        {
            "ModelPackageArn": V1_ARN,
            "ModelApprovalStatus": "Approved",
            "ApprovalDescription": "passed review",
        },
    ),
    ("sagemaker:CreateModelPackageGroup", {"ModelPackageGroupName": "empty"}),
    (
        "sagemaker:CreateModelPackage",
        {
            "ModelPackageName": "solo",
            "InferenceSpecification": {"Containers": [{"Image": IMAGE}]},
            "Tags": [{"Key": "kind", "Value": "unversioned"}],
        },
    ),
    (
        "sagemaker:PutModelPackageGroupPolicy",
        {
            "ModelPackageGroupName": "churn",
            "ResourcePolicy": SHARE_POLICY,
        },
    ),
    # Lineage: the version above was recorded by SageMaker (package, image and model-data
    # artifacts, group context, registration and approval actions); these are made by hand.
    (
        "sagemaker:CreateArtifact",
        {
            "ArtifactName": "train-data",
            "Source": {"SourceUri": TRAIN_URI},
            "ArtifactType": "DataSet",
            "Properties": {"rows": "1000", "pii": "no"},
        },
    ),
    ("sagemaker:CreateArtifact", {"Source": {"SourceUri": OLD_URI}, "ArtifactType": "DataSet"}),
    (
        "sagemaker:CreateAction",
        {
            "ActionName": "churn-training",
            "Source": {"SourceUri": f"{PREFIX}:training-job/churn-train", "SourceType": "ARN"},
            "ActionType": "TrainingJob",
            "Status": "InProgress",
            "Properties": {"epochs": "10"},
        },
    ),
    (
        "sagemaker:CreateAction",
        {"ActionName": "retired-step", "Source": {"SourceUri": "s3://x"}, "ActionType": "Step"},
    ),
    (
        "sagemaker:CreateContext",
        {
            "ContextName": "churn-project",
            "Source": {"SourceUri": "git://churn"},
            "ContextType": "Project",
            "Properties": {"team": "risk"},
        },
    ),
    (
        "sagemaker:CreateContext",
        {
            "ContextName": "old-project",
            "Source": {"SourceUri": "git://old"},
            "ContextType": "Project",
        },
    ),
]


def _artifact_arns(setup: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """Each artifact's ARN after `setup`, by SourceUri: IDs are derived, so every run agrees."""
    world = World.create()
    for operation, params in setup:
        world.call(operation, params)
    listed = world.call("ListArtifacts", {"MaxResults": 100})["ArtifactSummaries"]
    return {summary["Source"]["SourceUri"]: summary["ArtifactArn"] for summary in listed}


ARTIFACTS = _artifact_arns(SETUP)
TRAIN_ARN, OLD_ARN, V1_ARTIFACT = ARTIFACTS[TRAIN_URI], ARTIFACTS[OLD_URI], ARTIFACTS[V1_ARN]
SETUP += [
    ("sagemaker:AddAssociation", {"SourceArn": TRAIN_ARN, "DestinationArn": TRAINING_ACTION_ARN}),
    (
        "sagemaker:AddAssociation",
        {
            "SourceArn": TRAINING_ACTION_ARN,
            "DestinationArn": ARTIFACTS[MODEL_URI],
            "AssociationType": "Produced",
        },
    ),
    (
        "sagemaker:AddAssociation",
        {
            "SourceArn": TRAINING_ACTION_ARN,
            "DestinationArn": PROJECT_ARN,
            "AssociationType": "AssociatedWith",
        },
    ),
]

# One representative, successful input per operation, run in the SETUP world.
POLICY_SAMPLE = {"ModelPackageGroupName": "churn"}
SAMPLES: dict[str, dict[str, Any]] = {
    "sagemaker:AddTags": {"ResourceArn": GROUP_ARN, "Tags": [{"Key": "cost", "Value": "ml"}]},
    "sagemaker:BatchDescribeModelPackage": {
        "ModelPackageArnList": [V1_ARN, SOLO_ARN, f"{PREFIX}:model-package/churn/99"]
    },
    "sagemaker:CreateModelPackage": {**RICH_VERSION, "ClientToken": "rich-2"},
    "sagemaker:CreateModelPackageGroup": {
        "ModelPackageGroupName": "fraud",
        "ModelPackageGroupDescription": "fraud models",
        "Tags": [{"Key": "owner", "Value": "fraud"}],
    },
    "sagemaker:DeleteModelPackage": {"ModelPackageName": "churn/2"},
    "sagemaker:DeleteModelPackageGroup": {"ModelPackageGroupName": "empty"},
    "sagemaker:DeleteTags": {"ResourceArn": GROUP_ARN, "TagKeys": ["owner"]},
    "sagemaker:DescribeModelPackage": {"ModelPackageName": V1_ARN},
    "sagemaker:DescribeModelPackageGroup": {"ModelPackageGroupName": "churn"},
    "sagemaker:ListModelPackageGroups": {"MaxResults": 1, "SortBy": "Name"},
    "sagemaker:ListModelPackages": {"ModelPackageType": "Both", "MaxResults": 2},
    "sagemaker:ListTags": {"ResourceArn": GROUP_ARN},
    "sagemaker:PutModelPackageGroupPolicy": {**POLICY_SAMPLE, "ResourcePolicy": SHARE_POLICY},
    "sagemaker:GetModelPackageGroupPolicy": POLICY_SAMPLE,
    "sagemaker:DeleteModelPackageGroupPolicy": POLICY_SAMPLE,
    "sagemaker:UpdateModelPackage": {
        "ModelPackageArn": V1_ARN,
        "ModelApprovalStatus": "Rejected",
        "ApprovalDescription": "drift",
        "CustomerMetadataProperties": {"reviewer": "kim"},
        "CustomerMetadataPropertiesToRemove": ["ticket"],
        "ModelLifeCycle": {"Stage": "Production", "StageStatus": "Approved"},
    },
    # Lineage
    "sagemaker:CreateArtifact": {
        "ArtifactName": "eval-data",
        "Source": {
            "SourceUri": "s3://data/churn/eval.csv",
            "SourceTypes": [
                {"SourceIdType": "S3ETag", "Value": "9b2cf535f27731c974343645a3985328"}
            ],
        },
        "ArtifactType": "DataSet",
        "Properties": {"rows": "200"},
        "MetadataProperties": {"CommitId": "abc123", "Repository": "git://churn"},
        "Tags": [{"Key": "owner", "Value": "risk"}],
    },
    "sagemaker:DescribeArtifact": {"ArtifactArn": TRAIN_ARN},
    "sagemaker:ListArtifacts": {
        "ArtifactType": "DataSet",
        "SortBy": "CreationTime",
        "SortOrder": "Ascending",
        "MaxResults": 1,
    },
    "sagemaker:UpdateArtifact": {
        "ArtifactArn": TRAIN_ARN,
        "ArtifactName": "training-data",
        "Properties": {"rows": "1200"},
        "PropertiesToRemove": ["pii"],
    },
    "sagemaker:DeleteArtifact": {"ArtifactArn": OLD_ARN},
    "sagemaker:CreateAction": {
        "ActionName": "churn-evaluation",
        "Source": {"SourceUri": "s3://eval/report.json", "SourceType": "S3", "SourceId": "v1"},
        "ActionType": "ModelEvaluation",
        "Description": "hold-out evaluation",
        "Status": "Completed",
        "Properties": {"auc": "0.86"},
        "MetadataProperties": {"GeneratedBy": "ci"},
        "Tags": [{"Key": "owner", "Value": "risk"}],
    },
    "sagemaker:DescribeAction": {"ActionName": "churn-training"},
    "sagemaker:ListActions": {"ActionType": "Approval", "SortBy": "Name"},
    "sagemaker:UpdateAction": {
        "ActionName": "churn-training",
        "Description": "nightly retraining",
        "Status": "Completed",
        "Properties": {"epochs": "12"},
        "PropertiesToRemove": ["none"],
    },
    "sagemaker:DeleteAction": {"ActionName": "retired-step"},
    "sagemaker:CreateContext": {
        "ContextName": "churn_experiments",
        "Source": {"SourceUri": "git://churn/experiments", "SourceType": "Git"},
        "ContextType": "Project",
        "Description": "churn experiments",
        "Properties": {"team": "risk"},
        "Tags": [{"Key": "owner", "Value": "risk"}],
    },
    "sagemaker:DescribeContext": {"ContextName": PROJECT_ARN},
    "sagemaker:ListContexts": {"ContextType": "ModelGroup"},
    "sagemaker:UpdateContext": {
        "ContextName": "churn-project",
        "Description": "the churn project",
        "Properties": {"stage": "production"},
    },
    "sagemaker:DeleteContext": {"ContextName": "old-project"},
    "sagemaker:AddAssociation": {
        "SourceArn": TRAIN_ARN,
        "DestinationArn": PROJECT_ARN,
        "AssociationType": "AssociatedWith",
    },
    "sagemaker:DeleteAssociation": {
        "SourceArn": TRAINING_ACTION_ARN,
        "DestinationArn": PROJECT_ARN,
    },
    "sagemaker:ListAssociations": {
        "DestinationArn": V1_ARTIFACT,
        "SortBy": "SourceType",
        "SortOrder": "Ascending",
    },
    "sagemaker:QueryLineage": {
        "StartArns": [V1_ARTIFACT],
        "Direction": "Ascendants",
        "IncludeEdges": True,
        "MaxDepth": 10,
        "MaxResults": 50,
    },
}

# Further calls whose responses Stubber judges: the other shapes a response can take.
EXTRA_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("sagemaker:DescribeModelPackage", {"ModelPackageName": "solo"}),
    ("sagemaker:DescribeModelPackage", {"ModelPackageName": "churn/2"}),
    ("sagemaker:ListModelPackages", {"ModelPackageGroupName": "churn"}),
    ("sagemaker:ListModelPackages", {}),
    ("sagemaker:ListModelPackageGroups", {}),
    ("sagemaker:BatchDescribeModelPackage", {"ModelPackageArnList": [V1_ARN, V2_ARN]}),
    ("sagemaker:ListTags", {"ResourceArn": SOLO_ARN}),
    ("sagemaker:CreateModelPackage", {"ModelPackageName": "solo-2"}),
    ("sagemaker:DescribeArtifact", {"ArtifactArn": V1_ARTIFACT}),
    ("sagemaker:DescribeAction", {"ActionName": "churn-1-approval-1"}),
    ("sagemaker:DescribeContext", {"ContextName": "churn-aws-model-package-group"}),
    ("sagemaker:ListArtifacts", {"SourceUri": TRAIN_URI}),
    ("sagemaker:ListAssociations", {"SourceType": "Action"}),
    (
        "sagemaker:QueryLineage",
        {
            "StartArns": [TRAIN_ARN],
            "Direction": "Both",
            "Filters": {
                "Types": ["Model", "Approval"],
                "LineageTypes": ["Artifact", "Action"],
                "CreatedAfter": "2024-01-01T00:00:00Z",
                "CreatedBefore": "2030-01-01T00:00:00Z",
                "ModifiedAfter": "2024-01-01T00:00:00Z",
                "ModifiedBefore": "2030-01-01T00:00:00Z",
                "Properties": {"ModelApprovalStatus": "Approved"},
            },
            "IncludeEdges": True,
        },
    ),
    ("sagemaker:QueryLineage", {"StartArns": [TRAIN_ARN], "MaxResults": 1}),
]

# The S3 stand-in: a bucket with data, read and written by the samples.
S3_DATA = {"Bucket": "oracle-data", "Key": "data/train.csv"}
SETUP += [
    ("s3:CreateBucket", {"Bucket": "oracle-data"}),
    ("s3:PutObject", {**S3_DATA, "Body": b"label,x\n1,0.5\n", "ContentType": "text/csv"}),
    ("s3:PutObject", {"Bucket": "oracle-data", "Key": "data/more/part.csv", "Body": "0,1\n"}),
]
SAMPLES.update(
    {
        "s3:CreateBucket": {"Bucket": "oracle-new", "ACL": "private"},
        "s3:ListBuckets": {"MaxBuckets": 10, "Prefix": "oracle-"},
        "s3:PutObject": {
            "Bucket": "oracle-data",
            "Key": "uploads/report.json",
            "Body": b"{}",
            "ContentType": "application/json",
            "Metadata": {"owner": "risk"},
            "CacheControl": "no-cache",
        },
        "s3:GetObject": S3_DATA,
        "s3:HeadObject": S3_DATA,
        "s3:ListObjectsV2": {
            "Bucket": "oracle-data",
            "Prefix": "data/",
            "Delimiter": "/",
            "MaxKeys": 5,
            "FetchOwner": True,
        },
        "s3:DeleteObject": S3_DATA,
    }
)
EXTRA_CALLS += [
    ("s3:ListBuckets", {}),
    ("s3:ListObjectsV2", {"Bucket": "oracle-data", "MaxKeys": 1}),
    ("s3:ListObjectsV2", {"Bucket": "oracle-data", "Prefix": "nothing/"}),
]

# Training: a role for SageMaker to assume (added before SETUP runs), and a job reading the data.
ROLES: list[tuple[str, list[dict[str, Any]]]] = [
    ("SageMakerExecution", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]),
]
TRAINING_JOB: dict[str, Any] = {
    "TrainingJobName": "oracle-job",
    "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/SageMakerExecution",
    "AlgorithmSpecification": {
        "TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        "TrainingInputMode": "File",
    },
    "HyperParameters": {"objective": "binary:logistic", "num_round": "20"},
    "InputDataConfig": [
        {
            "ChannelName": "train",
            "DataSource": {
                "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://oracle-data/data/"}
            },
            "ContentType": "text/csv",
        }
    ],
    "OutputDataConfig": {"S3OutputPath": "s3://oracle-data/models"},
    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
}
SETUP += [("sagemaker:CreateTrainingJob", TRAINING_JOB)]
SAMPLES.update(
    {
        "sagemaker:CreateTrainingJob": {
            **TRAINING_JOB,
            "TrainingJobName": "oracle-job-2",
            "Tags": [{"Key": "team", "Value": "risk"}],
        },
        "sagemaker:DescribeTrainingJob": {"TrainingJobName": "oracle-job"},
        "sagemaker:ListTrainingJobs": {"MaxResults": 5, "SortBy": "Name", "NameContains": "oracle"},
        "sagemaker:StopTrainingJob": {"TrainingJobName": "oracle-job"},
    }
)
EXTRA_CALLS += [("sagemaker:ListTrainingJobs", {})]

# Features landed later bring their samples in a module of their own,
# tests/oracle_<feature>.py, with any of ROLES, SETUP, SAMPLES and EXTRA_CALLS
# (added to the lists above, modules in ORDER then name), so no two features
# edit this file at once. A SETUP entry ("advance", {"seconds": N}) moves the
# clock, for resources that need time to be ready (an endpoint InService).
ADVANCE = "advance"


def _feature_samples() -> list[ModuleType]:
    modules = [
        importlib.import_module(path.stem) for path in Path(__file__).parent.glob("oracle_*.py")
    ]
    return sorted(modules, key=lambda module: (getattr(module, "ORDER", 50), module.__name__))


for _module in _feature_samples():
    ROLES += getattr(_module, "ROLES", [])
    SETUP += getattr(_module, "SETUP", [])
    SAMPLES.update(getattr(_module, "SAMPLES", {}))
    EXTRA_CALLS += getattr(_module, "EXTRA_CALLS", [])


@cache
def botocore_model(service: str) -> ServiceModel:
    """botocore's own model of `service`, loaded without the kernel's help."""
    return botocore.session.get_session().get_service_model(service)


def botocore_operation(name: str) -> OperationModel:
    op = OPERATIONS[name]
    return botocore_model(op.service).operation_model(op.name)


BOTOCORE_OPS = sorted(name for name, op in OPERATIONS.items() if not op.console_only)


def camel(member: str) -> str:
    return member[:1].lower() + member[1:]


def sample(name: str) -> dict[str, Any]:
    """The sample input of `name`; a missing one fails the test with what to add."""
    if name not in SAMPLES:
        pytest.fail(
            f"{name} has no sample input: add a successful one to SAMPLES in tests/test_oracle.py "
            "(and any calls it needs to SETUP)"
        )
    return dict(SAMPLES[name])


def top_level_members(name: str) -> dict[str, Shape]:
    shape = botocore_operation(name).input_shape
    return dict(shape.members) if shape is not None else {}


REQUIRED_CASES = [
    (name, member)
    for name in BOTOCORE_OPS
    if botocore_operation(name).input_shape is not None
    for member in botocore_operation(name).input_shape.required_members
]
ENUM_CASES = [
    (name, member)
    for name in BOTOCORE_OPS
    for member, shape in top_level_members(name).items()
    if shape.type_name == "string" and shape.enum
]


def populated() -> World:
    """A world holding the ROLES and the SETUP resources."""
    world = World.create()
    for role, policies in ROLES:
        world.add_role(role, policies)
    for operation, params in SETUP:
        if operation == ADVANCE:
            world.advance(timedelta(seconds=params["seconds"]))
        else:
            world.call(operation, params)
    return world


@cache
def client(service: str) -> BaseClient:
    """A real boto3 client; only ever used under a Stubber, so it never sends anything."""
    return boto3.client(
        service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )


def method_name(name: str) -> str:
    op = OPERATIONS[name]
    methods = {api: method for method, api in client(op.service).meta.method_to_api_mapping.items()}
    return methods[op.name]


def refusal(world: World, name: str, params: dict[str, Any]) -> str:
    with pytest.raises(ValidationException) as caught:
        world.call(name, params)
    return caught.value.message


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to send an HTTP request fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(URLLib3Session, "send", refuse)


class TestTable:
    def test_every_operation_has_a_sample(self) -> None:
        """Every operation in the table has a sample input here, and no sample is stale."""
        assert sorted(set(OPERATIONS) - set(SAMPLES)) == []
        assert sorted(set(SAMPLES) - set(OPERATIONS)) == []

    def test_registry_operations_are_in_the_table(self) -> None:
        """The registry's operations are all in the assembled table."""
        assert {
            "sagemaker:CreateModelPackageGroup",
            "sagemaker:CreateModelPackage",
            "sagemaker:UpdateModelPackage",
            "sagemaker:ListModelPackages",
            "sagemaker:AddTags",
        } <= set(OPERATIONS)

    @pytest.mark.parametrize("name", BOTOCORE_OPS)
    def test_name_exists_in_botocore(self, name: str) -> None:
        """The operation is a real one in botocore's model, with botocore's shapes."""
        op = OPERATIONS[name]
        model = botocore_model(op.service)
        assert op.name in model.operation_names
        truth = model.operation_model(op.name)
        assert (op.input_shape.name if op.input_shape else None) == (
            truth.input_shape.name if truth.input_shape else None
        )
        assert (op.output_shape.name if op.output_shape else None) == (
            truth.output_shape.name if truth.output_shape else None
        )

    @pytest.mark.parametrize("name", BOTOCORE_OPS)
    def test_sample_passes_botocores_client_validation(self, name: str) -> None:
        """Each sample is an input boto3 itself would send."""
        shape = botocore_operation(name).input_shape
        report = ParamValidator().validate(sample(name), shape)
        assert not report.has_errors(), report.generate_report()


class TestInputRefusals:
    @pytest.mark.parametrize(("name", "member"), REQUIRED_CASES)
    def test_missing_required_member_is_refused(self, world: World, name: str, member: str) -> None:
        """Leaving out a required member is refused in AWS's words, naming the member."""
        params = sample(name)
        params.pop(member, None)
        message = refusal(world, name, params)
        assert f"Value null at '{camel(member)}'" in message
        assert "Member must not be null" in message

    @pytest.mark.parametrize("name", BOTOCORE_OPS)
    def test_unknown_member_is_refused_as_botocore_refuses_it(
        self, world: World, name: str
    ) -> None:
        """An unknown member is refused with botocore's own ParamValidationError text."""
        params = {**sample(name), "NoSuchMember": "x"}
        report = ParamValidator().validate(params, botocore_operation(name).input_shape)
        assert report.has_errors()
        assert refusal(world, name, params) == (
            "Parameter validation failed:\n" + report.generate_report()
        )

    @pytest.mark.parametrize(("name", "member"), ENUM_CASES)
    def test_bad_enum_value_lists_botocores_values(
        self, world: World, name: str, member: str
    ) -> None:
        """A value outside a top-level enum is refused, listing botocore's values in its order."""
        enum = top_level_members(name)[member].enum
        params = {**sample(name), member: "NotAnEnumValue"}
        assert refusal(world, name, params) == (
            f"1 validation error detected: Value 'NotAnEnumValue' at '{camel(member)}' "
            f"failed to satisfy constraint: Member must satisfy enum value set: "
            f"[{', '.join(enum)}]"
        )

    @pytest.mark.parametrize(("name", "member"), ENUM_CASES)
    def test_every_enum_value_passes_validation(self, world: World, name: str, member: str) -> None:
        """No botocore enum value is refused by validation (the handler may still object)."""
        for value in top_level_members(name)[member].enum:
            try:
                world.call(name, {**sample(name), member: value})
            except ServiceError as error:  # e.g. the sample's resource does not exist here
                assert "enum value set" not in error.message

    @pytest.mark.parametrize(
        ("params", "bad"),
        [
            ({"MaxResults": "10"}, "MaxResults"),
            ({"SortBy": 3}, "SortBy"),
            ({"CreationTimeAfter": "not a time"}, "CreationTimeAfter"),
            ({"CreationTimeBefore": [1]}, "CreationTimeBefore"),
            ({"ModelPackageGroupName": {"name": "churn"}}, "ModelPackageGroupName"),
        ],
    )
    def test_wrong_type_is_refused_as_botocore_refuses_it(
        self, world: World, params: dict[str, Any], bad: str
    ) -> None:
        """A wrongly typed member is refused with botocore's own ParamValidationError text."""
        shape = botocore_operation("sagemaker:ListModelPackages").input_shape
        report = ParamValidator().validate(params, shape)
        assert report.has_errors()
        message = refusal(world, "sagemaker:ListModelPackages", params)
        assert message == "Parameter validation failed:\n" + report.generate_report()
        assert f"parameter {bad}," in message

    def test_nested_wrong_types_are_refused_as_botocore_refuses_them(self, world: World) -> None:
        """Type errors inside lists, maps and structures carry botocore's paths and wording."""
        params = {
            "ModelPackageGroupName": "churn",
            "CustomerMetadataProperties": {"team": 1},
            "InferenceSpecification": {"Containers": [{"Image": IMAGE, "Bad": 1}]},
            "Tags": "owner",
        }
        report = ParamValidator().validate(
            params, botocore_operation("sagemaker:CreateModelPackage").input_shape
        )
        message = refusal(world, "sagemaker:CreateModelPackage", params)
        assert sorted(message.split("\n")[1:]) == sorted(report.generate_report().split("\n"))

    def test_nested_required_member_uses_a_dotted_path(self, world: World) -> None:
        """A required member inside a structure is named by its lowerCamel dotted path."""
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        message = refusal(
            world,
            "CreateModelPackage",
            {"ModelPackageGroupName": "churn", "InferenceSpecification": {}},
        )
        assert message == (
            "1 validation error detected: Value null at 'inferenceSpecification.containers' "
            "failed to satisfy constraint: Member must not be null"
        )

    def test_several_failures_are_counted_and_joined(self, world: World) -> None:
        """Several server-side failures are reported together, counted, joined by '; '."""
        message = refusal(
            world, "ListModelPackages", {"SortBy": "Size", "SortOrder": "Up", "MaxResults": 0}
        )
        assert message.startswith("3 validation errors detected: ")
        assert message.count("; Value ") == 2


def _limits(operation: str, member: str) -> dict[str, Any]:
    return dict(top_level_members(operation)[member].metadata)


class TestLimits:
    def test_group_name_pattern_is_botocores(self, world: World) -> None:
        """A group name breaking botocore's EntityName pattern is refused, quoting the pattern."""
        pattern = _limits("sagemaker:CreateModelPackageGroup", "ModelPackageGroupName")["pattern"]
        assert refusal(world, "CreateModelPackageGroup", {"ModelPackageGroupName": "churn_v2"}) == (
            "1 validation error detected: Value 'churn_v2' at 'modelPackageGroupName' failed to "
            f"satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
        )

    @pytest.mark.parametrize("name", ["-churn", "churn-", "ch urn", "churn.v2", "チャーン"])
    def test_group_name_pattern_refuses(self, world: World, name: str) -> None:
        """Leading/trailing hyphens, spaces, dots and non-ASCII letters break the pattern."""
        message = refusal(world, "CreateModelPackageGroup", {"ModelPackageGroupName": name})
        assert "Member must satisfy regular expression pattern" in message

    def test_group_name_max_length_is_botocores(self, world: World) -> None:
        """A group name may have botocore's max (63) characters but not one more."""
        limit = _limits("sagemaker:CreateModelPackageGroup", "ModelPackageGroupName")["max"]
        assert limit == 63
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "a" * limit})
        message = refusal(
            world, "CreateModelPackageGroup", {"ModelPackageGroupName": "b" * (limit + 1)}
        )
        assert message.startswith(
            f"1 validation error detected: Value '{'b' * (limit + 1)}' at 'modelPackageGroupName' "
            "failed to satisfy constraint: "
        )
        assert f"Member must have length less than or equal to {limit}" in message

    def test_group_reference_accepts_an_arn(self, world: World) -> None:
        """Where botocore's ArnOrName allows it, a group is named by its ARN."""
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        out = world.call("DescribeModelPackageGroup", {"ModelPackageGroupName": GROUP_ARN})
        assert out["ModelPackageGroupArn"] == GROUP_ARN

    @pytest.mark.parametrize(
        "operation", ["sagemaker:ListModelPackages", "sagemaker:ListModelPackageGroups"]
    )
    def test_max_results_range_is_botocores(self, world: World, operation: str) -> None:
        """MaxResults takes botocore's 1..100 and refuses 0 and 101 with AWS's wording."""
        limits = _limits(operation, "MaxResults")
        low, high = limits["min"], limits["max"]
        assert (low, high) == (1, 100)
        world.call(operation, {"MaxResults": low})
        world.call(operation, {"MaxResults": high})
        assert refusal(world, operation, {"MaxResults": low - 1}) == (
            f"1 validation error detected: Value '{low - 1}' at 'maxResults' failed to satisfy "
            f"constraint: Member must have value greater than or equal to {low}"
        )
        assert refusal(world, operation, {"MaxResults": high + 1}) == (
            f"1 validation error detected: Value '{high + 1}' at 'maxResults' failed to satisfy "
            f"constraint: Member must have value less than or equal to {high}"
        )

    def test_name_contains_pattern_is_botocores(self, world: World) -> None:
        """NameContains follows botocore's pattern: letters, digits and hyphens only."""
        pattern = _limits("sagemaker:ListModelPackageGroups", "NameContains")["pattern"]
        assert refusal(world, "ListModelPackageGroups", {"NameContains": "a_b"}) == (
            "1 validation error detected: Value 'a_b' at 'nameContains' failed to satisfy "
            f"constraint: Member must satisfy regular expression pattern: {pattern}"
        )

    def test_client_token_limits_are_botocores(self, world: World) -> None:
        """ClientToken takes botocore's 1..36 characters of [a-zA-Z0-9-]."""
        limits = _limits("sagemaker:CreateModelPackage", "ClientToken")
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        ok = {"ModelPackageGroupName": "churn", "ClientToken": "t" * limits["max"]}
        world.call("CreateModelPackage", ok)
        too_long = {**ok, "ClientToken": "t" * (limits["max"] + 1)}
        assert f"Member must have length less than or equal to {limits['max']}" in refusal(
            world, "CreateModelPackage", too_long
        )
        assert refusal(world, "CreateModelPackage", {**ok, "ClientToken": "a.b"}) == (
            "1 validation error detected: Value 'a.b' at 'clientToken' failed to satisfy "
            f"constraint: Member must satisfy regular expression pattern: {limits['pattern']}"
        )


def _metadata_shape() -> Shape:
    return top_level_members("sagemaker:CreateModelPackage")["CustomerMetadataProperties"]


def _declared(shape: Shape) -> str:
    meta = shape.metadata
    return (
        f"Member must have length less than or equal to {meta['max']}, "
        f"Member must have length greater than or equal to {meta['min']}, "
        f"Member must satisfy regular expression pattern: {meta['pattern']}"
    )


class TestCustomerMetadataLimits:
    @pytest.fixture
    def group(self, world: World) -> World:
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        return world

    def create(self, world: World, metadata: dict[str, Any]) -> str:
        return refusal(
            world,
            "CreateModelPackage",
            {"ModelPackageGroupName": "churn", "CustomerMetadataProperties": metadata},
        )

    def test_longest_key_and_value_are_accepted(self, group: World) -> None:
        """Keys of botocore's max length (128) and values of its max (256) are accepted."""
        shape = _metadata_shape()
        key, value = "k" * shape.key.metadata["max"], "v" * shape.value.metadata["max"]
        out = group.call(
            "CreateModelPackage",
            {
                "ModelPackageGroupName": "churn",
                "CustomerMetadataProperties": {key: value, "a b:c/d=e+f-g@h_i.j": "ok"},
            },
        )
        described = group.call("DescribeModelPackage", {"ModelPackageName": out["ModelPackageArn"]})
        assert described["CustomerMetadataProperties"][key] == value

    def test_too_long_key_is_refused_with_the_key_shapes_constraints(self, group: World) -> None:
        """A key over 128 characters is refused as AWS refuses map keys: whole map, all rules."""
        key = "k" * (_metadata_shape().key.metadata["max"] + 1)
        assert self.create(group, {key: "v"}) == (
            f"1 validation error detected: Value '{{{key}=v}}' at 'customerMetadataProperties' "
            f"failed to satisfy constraint: Map keys must satisfy constraint: "
            f"[{_declared(_metadata_shape().key)}]"
        )

    def test_key_with_a_forbidden_character_is_refused(self, group: World) -> None:
        """A key outside botocore's character class is refused."""
        message = self.create(group, {"team#1": "risk"})
        assert message == (
            "1 validation error detected: Value '{team#1=risk}' at 'customerMetadataProperties' "
            "failed to satisfy constraint: Map keys must satisfy constraint: "
            f"[{_declared(_metadata_shape().key)}]"
        )

    def test_several_bad_keys_give_one_error(self, group: World) -> None:
        """Two bad keys in one map are one validation error, as the constraint is the map's."""
        assert self.create(group, {"a#": "x", "b#": "y"}).startswith(
            "1 validation error detected: Value '{a#=x, b#=y}'"
        )

    def test_too_long_value_is_refused(self, group: World) -> None:
        """A value over 256 characters is refused with the value shape's constraints."""
        value = "v" * (_metadata_shape().value.metadata["max"] + 1)
        assert self.create(group, {"team": value}) == (
            f"1 validation error detected: Value '{{team={value}}}' at "
            "'customerMetadataProperties' failed to satisfy constraint: Map value must satisfy "
            f"constraint: [{_declared(_metadata_shape().value)}]"
        )

    def test_empty_map_is_refused(self, group: World) -> None:
        """An empty map breaks botocore's minimum of one entry."""
        assert self.create(group, {}) == (
            "1 validation error detected: Value '{}' at 'customerMetadataProperties' failed to "
            "satisfy constraint: Member must have length greater than or equal to 1"
        )

    def test_too_many_entries_are_refused(self, group: World) -> None:
        """More entries than botocore's maximum (50) are refused."""
        limit = _metadata_shape().metadata["max"]
        message = self.create(group, {f"k{i}": "v" for i in range(limit + 1)})
        assert message.endswith(
            f"at 'customerMetadataProperties' failed to satisfy constraint: "
            f"Member must have length less than or equal to {limit}"
        )


class TestResponsesAreBotocoreOutputs:
    @pytest.mark.parametrize("name", BOTOCORE_OPS)
    def test_sample_response_passes_stubber(self, name: str) -> None:
        """The World's response to the sample is one boto3 would return, key for key."""
        self._check(name, sample(name))

    @pytest.mark.parametrize(("name", "params"), EXTRA_CALLS)
    def test_other_response_forms_pass_stubber(self, name: str, params: dict[str, Any]) -> None:
        """Other forms of the responses (unversioned, minimal, unpaged) are valid outputs too."""
        self._check(name, params)

    def _check(self, name: str, params: dict[str, Any]) -> None:
        world = populated()
        response = world.call(name, params)
        service_client = client(OPERATIONS[name].service)
        stubber = Stubber(service_client)
        stubber.add_response(method_name(name), response)  # validates against the output shape
        with stubber:
            returned = getattr(service_client, method_name(name))(**params)
        stubber.assert_no_pending_responses()
        returned.pop("ResponseMetadata", None)
        assert returned == response

    def test_stubber_would_catch_an_invented_key(self) -> None:
        """The check has teeth: Stubber refuses a response with a key the shape lacks."""
        stubber = Stubber(client("sagemaker"))
        with pytest.raises(Exception, match="Unknown parameter"):
            stubber.add_response(
                "describe_model_package_group",
                {
                    "ModelPackageGroupName": "churn",
                    "ModelPackageGroupArn": GROUP_ARN,
                    "CreationTime": "2025-01-01T09:00:00Z",
                    "ModelPackageGroupStatus": "Completed",
                    "Invented": True,
                },
            )
