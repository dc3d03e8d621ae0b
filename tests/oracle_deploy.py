"""Oracle samples for deploy: models, endpoint configs, endpoints, InvokeEndpoint.

Picked up by tests/test_oracle.py (ORDER 60: after the registry's built-in
samples, whose group `churn` has version 1 Approved). Version 3 is added here
with an inference specification and approved, for a second model.
"""

from __future__ import annotations

from typing import Any

ORDER = 60
ACCOUNT = "111122223333"
PREFIX = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SageMakerExecution"
IMAGE = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn:1.0"
V1_ARN = f"{PREFIX}:model-package/churn/1"
V3_ARN = f"{PREFIX}:model-package/churn/3"


def _variant(model: str, instances: int = 2) -> dict[str, Any]:
    return {
        "VariantName": "AllTraffic",
        "ModelName": model,
        "InstanceType": "ml.m5.large",
        "InitialInstanceCount": instances,
        "InitialVariantWeight": 1.0,
    }


CANARY: dict[str, Any] = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CANARY",
            "WaitIntervalInSeconds": 600,
            "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1},
        },
        "TerminationWaitInSeconds": 300,
        "MaximumExecutionTimeoutInSeconds": 3600,
    }
}

SETUP: list[tuple[str, dict[str, Any]]] = [
    (
        "sagemaker:CreateModelPackage",
        {
            "ModelPackageGroupName": "churn",
            "InferenceSpecification": {
                "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://models/churn/v3.tar.gz"}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
        },
    ),
    (
        "sagemaker:UpdateModelPackage",
        {"ModelPackageArn": V3_ARN, "ModelApprovalStatus": "Approved"},
    ),
    (
        "sagemaker:CreateModel",
        {
            "ModelName": "oracle-v1",
            "Containers": [{"ModelPackageName": V1_ARN}],
            "ExecutionRoleArn": ROLE,
        },
    ),
    (
        "sagemaker:CreateModel",
        {"ModelName": "oracle-v3", "Containers": [{"ModelPackageName": V3_ARN}]},
    ),
    ("sagemaker:CreateModel", {"ModelName": "oracle-spare", "PrimaryContainer": {"Image": IMAGE}}),
    (
        "sagemaker:CreateEndpointConfig",
        {"EndpointConfigName": "oracle-v1-config", "ProductionVariants": [_variant("oracle-v1")]},
    ),
    (
        "sagemaker:CreateEndpointConfig",
        {"EndpointConfigName": "oracle-v3-config", "ProductionVariants": [_variant("oracle-v3")]},
    ),
    (
        "sagemaker:CreateEndpointConfig",
        {
            "EndpointConfigName": "oracle-spare-config",
            "ProductionVariants": [_variant("oracle-v1")],
        },
    ),
    (
        "sagemaker:CreateEndpoint",
        {"EndpointName": "oracle-endpoint", "EndpointConfigName": "oracle-v1-config"},
    ),
    (
        "sagemaker:CreateEndpoint",
        {
            "EndpointName": "oracle-updating",
            "EndpointConfigName": "oracle-v1-config",
            "DeploymentConfig": CANARY,
        },
    ),
    ("advance", {"seconds": 240}),  # InService; the training job is still InProgress
    (
        "sagemaker:UpdateEndpoint",
        {
            "EndpointName": "oracle-updating",
            "EndpointConfigName": "oracle-v3-config",
            "RetainDeploymentConfig": True,
        },
    ),
]

SAMPLES: dict[str, dict[str, Any]] = {
    "sagemaker:CreateModel": {
        "ModelName": "oracle-image",
        "PrimaryContainer": {
            "Image": IMAGE,
            "ModelDataUrl": "s3://models/churn/model.tar.gz",
            "Environment": {"MODE": "online"},
        },
        "ExecutionRoleArn": ROLE,
        "EnableNetworkIsolation": True,
        "Tags": [{"Key": "team", "Value": "risk"}],
    },
    "sagemaker:DescribeModel": {"ModelName": "oracle-v1"},
    "sagemaker:ListModels": {"SortBy": "Name", "SortOrder": "Ascending", "MaxResults": 2},
    "sagemaker:DeleteModel": {"ModelName": "oracle-spare"},
    "sagemaker:CreateEndpointConfig": {
        "EndpointConfigName": "oracle-new-config",
        "ProductionVariants": [_variant("oracle-v3", 4)],
        "Tags": [{"Key": "team", "Value": "risk"}],
    },
    "sagemaker:DescribeEndpointConfig": {"EndpointConfigName": "oracle-v1-config"},
    "sagemaker:ListEndpointConfigs": {"NameContains": "oracle", "MaxResults": 2},
    "sagemaker:DeleteEndpointConfig": {"EndpointConfigName": "oracle-spare-config"},
    "sagemaker:CreateEndpoint": {
        "EndpointName": "oracle-new",
        "EndpointConfigName": "oracle-v3-config",
        "DeploymentConfig": CANARY,
        "Tags": [{"Key": "team", "Value": "risk"}],
    },
    "sagemaker:DescribeEndpoint": {"EndpointName": "oracle-endpoint"},
    "sagemaker:ListEndpoints": {"StatusEquals": "InService", "SortBy": "Name"},
    "sagemaker:UpdateEndpoint": {
        "EndpointName": "oracle-endpoint",
        "EndpointConfigName": "oracle-v3-config",
        "DeploymentConfig": {
            "BlueGreenUpdatePolicy": {
                "TrafficRoutingConfiguration": {
                    "Type": "LINEAR",
                    "WaitIntervalInSeconds": 300,
                    "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 50},
                },
                "TerminationWaitInSeconds": 120,
                "MaximumExecutionTimeoutInSeconds": 1800,
            }
        },
    },
    "sagemaker:DeleteEndpoint": {"EndpointName": "oracle-endpoint"},
    "sagemaker-runtime:InvokeEndpoint": {
        "EndpointName": "oracle-endpoint",
        "Body": b"0.5,12,3\n0.1,40,1\n",
        "ContentType": "text/csv",
        "Accept": "text/csv",
    },
}

EXTRA_CALLS: list[tuple[str, dict[str, Any]]] = [
    (
        "sagemaker-runtime:InvokeEndpoint",
        {
            "EndpointName": "oracle-updating",
            "Body": b'{"instances": [[1, 2], [3, 4]]}',
            "ContentType": "application/json",
            "TargetVariant": "AllTraffic",
        },
    ),
    ("sagemaker:DescribeEndpoint", {"EndpointName": "oracle-updating"}),  # mid-deployment
    ("sagemaker:DescribeModel", {"ModelName": "oracle-spare"}),
    ("sagemaker:ListEndpoints", {}),
    ("sagemaker:ListModels", {}),
    ("sagemaker:ListEndpointConfigs", {}),
    (
        "sagemaker:UpdateEndpoint",
        {
            "EndpointName": "oracle-endpoint",
            "EndpointConfigName": "oracle-v3-config",
            "DeploymentConfig": {
                "RollingUpdatePolicy": {
                    "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1},
                    "WaitIntervalInSeconds": 60,
                    "RollbackMaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 100},
                }
            },
        },
    ),
]
