"""Lineage SageMaker records by itself, from events, inside the call that announced them.

Model package events come from the registry. Training job events are
synthetic until the training feature lands: a throwaway operation announces
"SageMaker Training Job State Change" with a detail shaped exactly as
DescribeTrainingJob's response (checked against botocore), which is what
that feature will put on the bus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mlgov_sim.app import OPERATIONS, World
from mlgov_sim.core.apimodel import operation_model
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import InternalFailure
from mlgov_sim.core.ops import operation
from mlgov_sim.core.shapes import conform
from mlgov_sim.lineage import from_registry

PREFIX = "arn:aws:sagemaker:us-east-1:111122223333"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
MODEL_URI = "s3://churn-models/churn-train-7/output/model.tar.gz"
TRAIN_URI = "s3://churn-data/2025-01/train/"
VALIDATION_URI = "s3://churn-data/2025-01/validation/"
ANNOUNCE = "lineagetest:AnnounceTrainingJob"


def inference(model_uri: str = MODEL_URI, image: str = IMAGE) -> dict[str, Any]:
    return {
        "Containers": [{"Image": image, "ModelDataUrl": model_uri}],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv"],
    }


def register(world: World, group: str = "churn", **extra: Any) -> str:
    params = {"ModelPackageGroupName": group, **extra}
    return world.call("CreateModelPackage", params)["ModelPackageArn"]


def artifact_of(world: World, uri: str) -> dict[str, Any]:
    """The one artifact whose SourceUri is `uri`."""
    [summary] = world.call("ListArtifacts", {"SourceUri": uri})["ArtifactSummaries"]
    return summary


def edges_into(world: World, arn: str) -> set[tuple[str, str]]:
    """(source type, association type) of each association into `arn`."""
    out = world.call("ListAssociations", {"DestinationArn": arn})["AssociationSummaries"]
    return {(summary["SourceType"], summary["AssociationType"]) for summary in out}


def approvals(world: World, package_arn: str) -> list[dict[str, Any]]:
    """The Approval actions of a version, oldest first, described."""
    listed = world.call(
        "ListActions",
        {"SourceUri": package_arn, "ActionType": "Approval", "SortOrder": "Ascending"},
    )["ActionSummaries"]
    return [world.call("DescribeAction", {"ActionName": a["ActionArn"]}) for a in listed]


@pytest.fixture
def churn(world: World) -> World:
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
    return world


class TestModelPackages:
    def test_a_new_version_is_recorded(self, churn: World) -> None:
        """Package artifact, image and model-data artifacts, group context, registration action."""
        v1 = register(churn, InferenceSpecification=inference())
        package = artifact_of(churn, v1)
        assert package["ArtifactType"] == "Model"
        assert artifact_of(churn, IMAGE)["ArtifactType"] == "Image"
        assert artifact_of(churn, MODEL_URI)["ArtifactType"] == "Model"
        assert edges_into(churn, package["ArtifactArn"]) == {
            ("Image", "ContributedTo"),
            ("Model", "ContributedTo"),
            ("ModelRegistration", "Produced"),
        }
        [group] = churn.call("ListContexts", {"ContextType": "ModelGroup"})["ContextSummaries"]
        assert group["Source"]["SourceUri"] == f"{PREFIX}:model-package-group/churn"
        assert edges_into(churn, group["ContextArn"]) == {("Model", "AssociatedWith")}
        registration = churn.call("DescribeAction", {"ActionName": "churn-1-registration"})
        assert registration["Source"] == {"SourceUri": v1, "SourceType": "ARN"}
        assert registration["Status"] == "Completed"

    def test_versions_share_the_group_context_and_reused_artifacts(self, churn: World) -> None:
        """A second version reuses the group's context and the image's artifact."""
        register(churn, InferenceSpecification=inference())
        register(churn, InferenceSpecification=inference("s3://churn-models/v2/model.tar.gz"))
        contexts = churn.call("ListContexts", {})["ContextSummaries"]
        assert len(contexts) == 1
        image = artifact_of(churn, IMAGE)["ArtifactArn"]
        out = churn.call("ListAssociations", {"SourceArn": image})["AssociationSummaries"]
        assert len(out) == 2
        assert len(churn.call("ListArtifacts", {"ArtifactType": "Model"})["ArtifactSummaries"]) == 4

    def test_a_version_joins_an_existing_model_artifact(self, churn: World) -> None:
        """ModelDataUrl equal to an artifact's SourceUri attaches the version to that artifact."""
        made = churn.call(
            "CreateArtifact", {"Source": {"SourceUri": MODEL_URI}, "ArtifactType": "Model"}
        )["ArtifactArn"]
        v1 = register(churn, InferenceSpecification=inference())
        assert artifact_of(churn, MODEL_URI)["ArtifactArn"] == made
        out = churn.call("ListAssociations", {"SourceArn": made})["AssociationSummaries"]
        assert [summary["DestinationArn"] for summary in out] == [
            artifact_of(churn, v1)["ArtifactArn"]
        ]

    def test_a_version_without_containers(self, churn: World) -> None:
        """A bare version still gets its artifact, the group context and the registration."""
        v1 = register(churn)
        package = artifact_of(churn, v1)["ArtifactArn"]
        assert edges_into(churn, package) == {("ModelRegistration", "Produced")}
        assert len(churn.call("ListArtifacts", {})["ArtifactSummaries"]) == 1

    def test_an_unversioned_package_has_no_group_context(self, world: World) -> None:
        """An unversioned package is recorded without a context."""
        arn = world.call("CreateModelPackage", {"ModelPackageName": "solo"})["ModelPackageArn"]
        assert artifact_of(world, arn)["ArtifactType"] == "Model"
        assert world.call("ListContexts", {}).get("ContextSummaries", []) == []
        assert world.call("DescribeAction", {"ActionName": "solo-registration"})

    def test_an_approval_says_who_what_and_when(self, churn: World) -> None:
        """UpdateModelPackage's approval becomes an Approval action downstream of the version."""
        churn.add_role("Approver", [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}])
        bob = "arn:aws:sts::111122223333:assumed-role/Approver/bob"
        churn.add_principal("bob", arn=bob, role="Approver")
        v1 = register(churn)
        params = {"ModelPackageArn": v1, "ApprovalDescription": "AUC 0.86"}
        churn.call("UpdateModelPackage", {**params, "ModelApprovalStatus": "Approved"}, "bob")
        [approval] = approvals(churn, v1)
        assert approval["ActionName"] == "churn-1-approval-1"
        assert approval["Status"] == "Completed"
        assert approval["Properties"] == {
            "ModelApprovalStatus": "Approved",
            "ChangedBy": bob,
            "ChangedAt": "2025-01-01T09:00:00Z",
            "ApprovalDescription": "AUC 0.86",
        }
        assert approval["CreatedBy"]["IamIdentity"]["Arn"] == bob
        package = artifact_of(churn, v1)["ArtifactArn"]
        out = churn.call("ListAssociations", {"DestinationArn": approval["ActionArn"]})
        [edge] = out["AssociationSummaries"]
        assert (edge["SourceArn"], edge["AssociationType"]) == (package, "ContributedTo")

    def test_each_change_is_another_approval_action(self, churn: World) -> None:
        """Approve then reject: two actions, the second naming the status it replaced."""
        v1 = register(churn)
        for status in ("Approved", "Rejected"):
            churn.call("UpdateModelPackage", {"ModelPackageArn": v1, "ModelApprovalStatus": status})
        first, second = approvals(churn, v1)
        assert second["ActionName"] == "churn-1-approval-2"
        assert second["Properties"]["ModelApprovalStatus"] == "Rejected"
        assert second["Properties"]["PreviousApprovalStatus"] == "Approved"
        assert "PreviousApprovalStatus" not in first["Properties"]

    def test_other_updates_record_no_approval(self, churn: World) -> None:
        """A metadata or stage change is not an approval."""
        v1 = register(churn)
        churn.call(
            "UpdateModelPackage",
            {"ModelPackageArn": v1, "CustomerMetadataProperties": {"team": "risk"}},
        )
        assert approvals(churn, v1) == []

    def test_registered_approved_is_an_approval(self, churn: World) -> None:
        """A version registered as Approved has its approval recorded at once."""
        v1 = register(churn, ModelApprovalStatus="Approved")
        [approval] = approvals(churn, v1)
        assert approval["Properties"]["ModelApprovalStatus"] == "Approved"
        assert approvals(churn, register(churn)) == []

    def test_the_version_and_its_lineage_share_one_transaction(
        self, churn: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If recording fails, the registration fails with it: no version, no artifact."""

        def broken(call: Call, detail: dict[str, Any], package: Any) -> None:
            raise RuntimeError("recording broke")

        monkeypatch.setattr(from_registry, "record_approval", broken)
        with pytest.raises(InternalFailure):
            register(churn, ModelApprovalStatus="Approved", InferenceSpecification=inference())
        assert churn.call("ListModelPackages", {"ModelPackageGroupName": "churn"}) == {
            "ModelPackageSummaryList": []
        }
        assert churn.call("ListArtifacts", {}) == {"ArtifactSummaries": []}


def training_job(status: str, name: str = "churn-train-7", **extra: Any) -> dict[str, Any]:
    """A DescribeTrainingJob response, as the training job's state-change event carries it."""
    job: dict[str, Any] = {
        "TrainingJobName": name,
        "TrainingJobArn": f"{PREFIX}:training-job/{name}",
        "ModelArtifacts": {"S3ModelArtifacts": MODEL_URI if status == "Completed" else ""},
        "TrainingJobStatus": status,
        "SecondaryStatus": {"InProgress": "Training", "Completed": "Completed"}.get(status, status),
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "RoleArn": "arn:aws:iam::111122223333:role/SageMakerTraining",
        "InputDataConfig": [
            {
                "ChannelName": channel,
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": uri,
                        "S3DataDistributionType": "FullyReplicated",
                    }
                },
                "ContentType": "text/csv",
            }
            for channel, uri in (("train", TRAIN_URI), ("validation", VALIDATION_URI))
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://churn-models/"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "CreationTime": "2025-01-01T09:00:00Z",
        **extra,
    }
    return job


@pytest.fixture
def announce(world: World) -> Iterator[Callable[[dict[str, Any]], None]]:
    """Announce a training job state change through a call, as the training feature will."""
    pending: list[dict[str, Any]] = []

    def handler(call: Call, params: dict[str, Any]) -> None:
        """Announces a training job's state change (a test stand-in for the training feature)."""
        job = pending.pop()
        call.emit(
            "aws.sagemaker", "SageMaker Training Job State Change", job, [job["TrainingJobArn"]]
        )

    operation(ANNOUNCE)(handler)

    def emit(job: dict[str, Any]) -> None:
        pending.append(job)
        world.call(ANNOUNCE)

    yield emit
    OPERATIONS.pop(ANNOUNCE)


TC_ARN = f"{PREFIX}:experiment-trial-component/churn-train-7-aws-training-job"


class TestTrainingJobs:
    def test_the_synthetic_detail_is_describe_training_jobs_shape(self) -> None:
        """The events used here hold only DescribeTrainingJob's members, with its required ones."""
        shape = operation_model("sagemaker", "DescribeTrainingJob").output_shape
        for status in ("InProgress", "Completed", "Failed"):
            job = training_job(status)
            conform(shape, job)
            assert set(shape.required_members) <= set(job)

    def test_a_started_job_records_its_inputs(
        self, world: World, announce: Callable[[dict[str, Any]], None]
    ) -> None:
        """A job that starts has a trial component its image and channels contributed to."""
        announce(training_job("InProgress"))
        assert artifact_of(world, TRAIN_URI)["ArtifactType"] == "DataSet"
        assert artifact_of(world, VALIDATION_URI)["ArtifactType"] == "DataSet"
        assert artifact_of(world, IMAGE)["ArtifactType"] == "Image"
        assert edges_into(world, TC_ARN) == {
            ("DataSet", "ContributedTo"),
            ("Image", "ContributedTo"),
        }
        out = world.call("ListAssociations", {"DestinationArn": TC_ARN})["AssociationSummaries"]
        assert len(out) == 3
        assert {summary["DestinationType"] for summary in out} == {"TrainingJob"}
        assert world.call("ListArtifacts", {"ArtifactType": "Model"}) == {"ArtifactSummaries": []}

    def test_events_are_recorded_once(
        self, world: World, announce: Callable[[dict[str, Any]], None]
    ) -> None:
        """The same job announced again adds no entity and no association."""
        announce(training_job("InProgress"))
        announce(training_job("InProgress"))
        assert len(world.call("ListArtifacts", {})["ArtifactSummaries"]) == 3
        assert len(world.call("ListAssociations", {})["AssociationSummaries"]) == 3

    def test_a_completed_job_produced_its_model(
        self, world: World, announce: Callable[[dict[str, Any]], None]
    ) -> None:
        """When the job completes, its model artifact is Produced by the trial component."""
        announce(training_job("InProgress"))
        announce(training_job("Completed"))
        model = artifact_of(world, MODEL_URI)
        assert model["ArtifactType"] == "Model"
        assert edges_into(world, model["ArtifactArn"]) == {("TrainingJob", "Produced")}
        vertex = world.call(
            "QueryLineage", {"StartArns": [model["ArtifactArn"]], "Direction": "Ascendants"}
        )["Vertices"][0]
        assert vertex == {"Arn": TC_ARN, "Type": "TrainingJob", "LineageType": "TrialComponent"}

    def test_a_failed_job_produced_nothing(
        self, world: World, announce: Callable[[dict[str, Any]], None]
    ) -> None:
        """A failed job keeps its inputs on the graph and has no model artifact."""
        announce(training_job("InProgress"))
        announce(training_job("Failed", FailureReason="ClientError: no data"))
        assert world.call("ListArtifacts", {"ArtifactType": "Model"}) == {"ArtifactSummaries": []}
        assert world.call("QueryLineage", {"StartArns": [TC_ARN], "Direction": "Descendants"}) == {
            "Vertices": [],
            "Edges": [],
        }

    def test_dataset_to_approval_in_one_graph(
        self, world: World, announce: Callable[[dict[str, Any]], None]
    ) -> None:
        """dataset -> job -> model -> version -> approval, through the shared model artifact."""
        announce(training_job("Completed"))
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        v1 = register(world, InferenceSpecification=inference())
        world.call("UpdateModelPackage", {"ModelPackageArn": v1, "ModelApprovalStatus": "Approved"})
        train = artifact_of(world, TRAIN_URI)["ArtifactArn"]
        out = world.call(
            "QueryLineage",
            {
                "StartArns": [train],
                "Direction": "Descendants",
                "IncludeEdges": True,
                "Filters": {"Types": ["Approval"]},
            },
        )
        package = artifact_of(world, v1)["ArtifactArn"]
        model = artifact_of(world, MODEL_URI)["ArtifactArn"]
        approval = f"{PREFIX}:action/churn-1-approval-1"
        assert [v["Arn"] for v in out["Vertices"]] == [TC_ARN, model, package, approval]
        assert {
            (e["SourceArn"], e["DestinationArn"], e["AssociationType"]) for e in out["Edges"]
        } == {
            (train, TC_ARN, "ContributedTo"),
            (TC_ARN, model, "Produced"),
            (model, package, "ContributedTo"),
            (package, approval, "ContributedTo"),
        }
