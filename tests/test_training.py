"""Training jobs on the clock: statuses, data read as the job's role, model, metrics, events."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ServiceError

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SageMakerExecution"
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
MODEL_REF = "${event.detail.ModelArtifacts.S3ModelArtifacts}"
T0 = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
TRAIN = b"label,tenure,spend\n1,3,20.5\n0,40,80.0\n1,1,5.0\n"
READ_WRITE = [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::churn-data"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::churn-data/*"},
    {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::churn-models/*"},
]


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def channel(name: str, uri: str) -> dict[str, Any]:
    return {
        "ChannelName": name,
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}},
        "ContentType": "text/csv",
    }


def job_input(name: str = "churn-xgb-1", **changes: Any) -> dict[str, Any]:
    params = {
        "TrainingJobName": name,
        "RoleArn": ROLE,
        "AlgorithmSpecification": {"TrainingImage": XGBOOST, "TrainingInputMode": "File"},
        "HyperParameters": {"objective": "binary:logistic", "num_round": "50"},
        "InputDataConfig": [
            channel("train", "s3://churn-data/train/"),
            channel("validation", "s3://churn-data/validation/"),
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://churn-models/xgb"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }
    params.update(changes)
    return params


@pytest.fixture
def world() -> World:
    """Data in churn-data, an empty churn-models, a role that may read one and write the other."""
    world = World.create()
    world.add_role("SageMakerExecution", READ_WRITE)
    for bucket in ("churn-data", "churn-models"):
        world.call("s3:CreateBucket", {"Bucket": bucket})
    world.call("s3:PutObject", {"Bucket": "churn-data", "Key": "train/train.csv", "Body": TRAIN})
    world.call(
        "s3:PutObject", {"Bucket": "churn-data", "Key": "validation/v.csv", "Body": TRAIN[:30]}
    )
    return world


def describe(world: World, name: str = "churn-xgb-1") -> dict[str, Any]:
    return world.call("DescribeTrainingJob", {"TrainingJobName": name})


def refused(
    world: World, operation: str, params: dict[str, Any], who: str = "admin"
) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        world.call(operation, params, who)
    return caught.value


def training_events(world: World) -> list[dict[str, Any]]:
    return [e for e in world.events() if e["detail-type"] == "SageMaker Training Job State Change"]


class TestHappyPath:
    def test_a_new_job_is_in_progress_and_starting(self, world: World) -> None:
        """Right after CreateTrainingJob: InProgress / Starting, nothing trained, no model yet."""
        created = world.call("CreateTrainingJob", job_input())
        assert created == {
            "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:training-job/churn-xgb-1"
        }
        job = describe(world)
        assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("InProgress", "Starting")
        assert job["ModelArtifacts"] == {"S3ModelArtifacts": ""}
        assert job["SecondaryStatusTransitions"] == [
            {"Status": "Starting", "StartTime": T0, "StatusMessage": "Starting the training job"}
        ]
        for absent in ("TrainingStartTime", "TrainingEndTime", "FinalMetricDataList"):
            assert absent not in job

    def test_the_statuses_move_with_the_clock_through_awss_secondary_statuses(
        self, world: World
    ) -> None:
        """Starting 3m, Downloading 1m, Training 3m, Uploading 1m, then Completed at 09:08."""
        world.call("CreateTrainingJob", job_input())
        seen = []
        for minute in range(1, 11):
            world.advance(timedelta(minutes=1))
            job = describe(world)
            seen.append((minute, job["TrainingJobStatus"], job["SecondaryStatus"]))
        assert seen == [
            (1, "InProgress", "Starting"),
            (2, "InProgress", "Starting"),
            (3, "InProgress", "Downloading"),
            (4, "InProgress", "Training"),
            (5, "InProgress", "Training"),
            (6, "InProgress", "Training"),
            (7, "InProgress", "Uploading"),
            (8, "Completed", "Completed"),
            (9, "Completed", "Completed"),
            (10, "Completed", "Completed"),
        ]

    def test_a_completed_job_shows_exactly_its_transitions_times_model_and_metrics(
        self, world: World
    ) -> None:
        """The whole Describe of a completed job, as AWS words and times it."""
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(minutes=30))
        job = describe(world)
        model = "s3://churn-models/xgb/churn-xgb-1/output/model.tar.gz"
        assert job["SecondaryStatusTransitions"] == [
            {
                "Status": "Starting",
                "StartTime": at(0),
                "EndTime": at(3),
                "StatusMessage": "Preparing the instances for training",
            },
            {
                "Status": "Downloading",
                "StartTime": at(3),
                "EndTime": at(4),
                "StatusMessage": "Downloading input data",
            },
            {
                "Status": "Training",
                "StartTime": at(4),
                "EndTime": at(7),
                "StatusMessage": "Training image download completed. Training in progress.",
            },
            {
                "Status": "Uploading",
                "StartTime": at(7),
                "EndTime": at(8),
                "StatusMessage": "Uploading generated training model",
            },
            {
                "Status": "Completed",
                "StartTime": at(8),
                "EndTime": at(8),
                "StatusMessage": "Training job completed",
            },
        ]
        assert job["ModelArtifacts"] == {"S3ModelArtifacts": model}
        assert (job["TrainingStartTime"], job["TrainingEndTime"]) == (at(3), at(8))
        assert job["LastModifiedTime"] == at(8)
        assert job["TrainingTimeInSeconds"] == job["BillableTimeInSeconds"] == 300
        assert [m["MetricName"] for m in job["FinalMetricDataList"]] == [
            "train:auc",
            "validation:auc",
        ]
        assert {m["Timestamp"] for m in job["FinalMetricDataList"]} == {at(7)}
        assert all(0.7 <= m["Value"] <= 0.95 for m in job["FinalMetricDataList"])
        assert "FailureReason" not in job
        assert job["StoppingCondition"] == {"MaxRuntimeInSeconds": 3600}

    def test_the_model_archive_is_in_s3_as_a_real_tar_gz(self, world: World) -> None:
        """model.tar.gz under <S3OutputPath>/<job>/output/, holding the algorithm's model file."""
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(minutes=10))
        got = world.call(
            "s3:GetObject", {"Bucket": "churn-models", "Key": "xgb/churn-xgb-1/output/model.tar.gz"}
        )
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(got["Body"]))) as archive:
            assert archive.getnames() == ["xgboost-model"]
            content = json.loads(archive.extractfile("xgboost-model").read())
        assert content["training_job"].endswith(":training-job/churn-xgb-1")
        assert content["final_metrics"].keys() == {"train:auc", "validation:auc"}

    def test_more_data_trains_longer(self, world: World) -> None:
        """Training lasts 3 minutes and one more per MiB read: 2 MiB make it 5 minutes."""
        big = b"1,2,3\n" * (2 * 1024 * 1024 // 6)
        world.call("s3:PutObject", {"Bucket": "churn-data", "Key": "train/big.csv", "Body": big})
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(minutes=30))
        training = describe(world)["SecondaryStatusTransitions"][2]
        assert (training["StartTime"], training["EndTime"]) == (at(4), at(9))

    def test_the_advance_records_each_transition_it_ran(self, world: World) -> None:
        """World.advance says what moved: one line per transition, at its time."""
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(hours=1))
        assert [(run.due, run.note) for run in world.last_timers] == [
            (at(3), "training job churn-xgb-1: InProgress / Downloading"),
            (at(4), "training job churn-xgb-1: InProgress / Training"),
            (at(7), "training job churn-xgb-1: InProgress / Uploading"),
            (
                at(8),
                "training job churn-xgb-1: Completed, model at "
                "s3://churn-models/xgb/churn-xgb-1/output/model.tar.gz",
            ),
        ]


class TestDataFailures:
    def assert_failed_without_model(
        self, world: World, reason_start: str, *, trained: bool = False
    ) -> dict[str, Any]:
        """The job ended Failed with `reason_start`, no model in S3 and no model ARN."""
        job = describe(world)
        assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Failed", "Failed")
        assert job["FailureReason"].startswith(reason_start), job["FailureReason"]
        assert job["ModelArtifacts"] == {"S3ModelArtifacts": ""}
        assert ("FinalMetricDataList" in job) == trained  # metrics only if training ran
        listed = world.call("s3:ListObjectsV2", {"Bucket": "churn-models"})
        assert listed["KeyCount"] == 0
        return job

    def test_missing_data_fails_the_job_not_the_call(self, world: World) -> None:
        """An empty prefix: the create succeeds, the job fails at the end of Downloading."""
        params = job_input(InputDataConfig=[channel("train", "s3://churn-data/nothing-here/")])
        assert "TrainingJobArn" in world.call("CreateTrainingJob", params)
        world.advance(timedelta(hours=1))
        job = self.assert_failed_without_model(
            world,
            'ClientError: No S3 objects found under S3 URL "s3://churn-data/nothing-here/" given '
            "in input data source. Please ensure that the bucket exists in the selected region "
            f'(us-east-1), that objects exist under that S3 prefix, and that the role "{ROLE}" '
            'has "s3:ListBucket" permissions on bucket "churn-data".',
        )
        assert [t["Status"] for t in job["SecondaryStatusTransitions"]] == [
            "Starting",
            "Downloading",
            "Failed",
        ]
        failed = job["SecondaryStatusTransitions"][-1]
        assert failed == {
            "Status": "Failed",
            "StartTime": at(4),
            "EndTime": at(4),
            "StatusMessage": "Training job failed",
        }
        assert (job["TrainingStartTime"], job["TrainingEndTime"]) == (at(3), at(4))

    def test_a_missing_bucket_says_so(self, world: World) -> None:
        """A bucket that does not exist: the same AWS message, and S3's reason after it."""
        world.add_role(
            "SageMakerExecution", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
        )
        world.call(
            "CreateTrainingJob", job_input(InputDataConfig=[channel("train", "s3://nope-1/x")])
        )
        world.advance(timedelta(hours=1))
        job = self.assert_failed_without_model(world, "ClientError: No S3 objects found")
        assert job["FailureReason"].endswith(
            "Error message from S3: The specified bucket does not exist"
        )

    def test_a_role_without_s3_get_object_fails_the_job(self, world: World) -> None:
        """The role may list but not read: Data download failed, naming object and refusal."""
        world.add_role("SageMakerExecution", [READ_WRITE[0], READ_WRITE[2]])
        assert "TrainingJobArn" in world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(hours=1))
        job = self.assert_failed_without_model(
            world,
            "ClientError: Data download failed:Failed to download data. Unable to download "
            "object s3://churn-data/train/train.csv (AccessDenied (403): User: "
            f"arn:aws:sts::{ACCOUNT}:assumed-role/SageMakerExecution/SageMaker is not authorized "
            "to perform: s3:GetObject on resource: arn:aws:s3:::churn-data/train/train.csv",
        )
        assert len(job["FailureReason"]) <= 1024

    def test_a_role_without_s3_list_bucket_fails_the_job(self, world: World) -> None:
        """Without s3:ListBucket the prefix cannot be listed: AWS's No S3 objects message."""
        world.add_role("SageMakerExecution", READ_WRITE[1:])
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(hours=1))
        job = self.assert_failed_without_model(world, "ClientError: No S3 objects found")
        assert "not authorized to perform: s3:ListBucket" in job["FailureReason"]

    def test_fixing_the_role_before_the_download_saves_the_job(self, world: World) -> None:
        """Access is checked when the data is read, not when the job is created."""
        world.add_role("SageMakerExecution", [READ_WRITE[0], READ_WRITE[2]])
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(minutes=2))
        world.add_role("SageMakerExecution", READ_WRITE)
        world.advance(timedelta(minutes=10))
        assert describe(world)["TrainingJobStatus"] == "Completed"

    def test_a_role_that_may_not_write_the_model_fails_the_job_at_the_end(
        self, world: World
    ) -> None:
        """Without s3:PutObject on the output path, the job trains, then fails uploading."""
        world.add_role("SageMakerExecution", READ_WRITE[:2])
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(hours=1))
        job = self.assert_failed_without_model(
            world,
            "ClientError: Data upload failed:Unable to upload the model to "
            "s3://churn-models/xgb/churn-xgb-1/output/model.tar.gz (AccessDenied (403):",
            trained=True,
        )
        assert [t["Status"] for t in job["SecondaryStatusTransitions"]][-2:] == [
            "Uploading",
            "Failed",
        ]


class TestCreateRules:
    def test_a_name_in_use_is_resource_in_use_whatever_its_case(self, world: World) -> None:
        """Names are unique in the account and Region whatever their case: the ARN is lower-case."""
        world.call("CreateTrainingJob", job_input("Churn-XGB-1"))
        error = refused(world, "CreateTrainingJob", job_input("churn-xgb-1"))
        assert (error.code, error.message) == (
            "ResourceInUse",
            "Training job names must be unique within an AWS account and region, and a training "
            f"job with this name already exists (arn:aws:sagemaker:us-east-1:{ACCOUNT}:"
            "training-job/churn-xgb-1)",
        )
        assert describe(world, "CHURN-xgb-1")["TrainingJobName"] == "Churn-XGB-1"

    def test_a_role_the_world_lacks_cannot_be_assumed(self, world: World) -> None:
        """AWS's 'Could not assume role', at the call."""
        error = refused(world, "CreateTrainingJob", job_input(RoleArn=f"{ROLE}Typo"))
        assert error.code == "ValidationException"
        assert error.message == (
            f"Could not assume role {ROLE}Typo. Please ensure that the role exists and allows "
            "principal 'sagemaker.amazonaws.com' to assume the role."
        )

    def test_passing_the_role_needs_iam_pass_role(self, world: World) -> None:
        """A data scientist may create jobs only with a role they may pass."""
        world.add_role(
            "DataScientist", [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]
        )
        world.add_principal(
            "alice",
            arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/DataScientist/alice",
            role="DataScientist",
        )
        error = refused(world, "CreateTrainingJob", job_input(), "alice")
        assert error.code == "AccessDeniedException"
        assert f"is not authorized to perform: iam:PassRole on resource: {ROLE}" in error.message
        world.add_role(
            "DataScientist",
            [
                {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"},
                {
                    "Effect": "Allow",
                    "Action": "iam:PassRole",
                    "Resource": ROLE,
                    "Condition": {
                        "StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}
                    },
                },
            ],
        )
        assert "TrainingJobArn" in world.call("CreateTrainingJob", job_input(), "alice")

    @pytest.mark.parametrize(
        ("region", "image", "algorithm"),
        [
            ("us-east-1", XGBOOST, "xgboost"),
            ("us-east-1", "811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", "xgboost"),
            ("us-east-1", "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1", "ll"),
            ("us-east-1", "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1", "kmeans"),
            (
                "us-west-2",
                "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.5-1",
                "xgboost",
            ),
            ("us-west-2", "174872318107.dkr.ecr.us-west-2.amazonaws.com/linear-learner:1", "ll"),
            ("us-west-2", "174872318107.dkr.ecr.us-west-2.amazonaws.com/kmeans:1", "kmeans"),
            (
                "eu-west-1",
                "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                "xgboost",
            ),
            ("eu-west-1", "438346466558.dkr.ecr.eu-west-1.amazonaws.com/linear-learner:1", "ll"),
            ("eu-west-1", "438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1", "kmeans"),
        ],
    )
    def test_built_in_images_are_recognised_in_their_regions(
        self, region: str, image: str, algorithm: str
    ) -> None:
        """Each algorithm's real regional image is accepted, and its model file follows it."""
        world = World.create(region=region)
        world.add_role(
            "SageMakerExecution", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
        )
        where = (
            {}
            if region == "us-east-1"
            else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        )
        world.call("s3:CreateBucket", {"Bucket": "data-1", **where})
        world.call("s3:PutObject", {"Bucket": "data-1", "Key": "t.csv", "Body": TRAIN})
        params = job_input(
            AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"},
            InputDataConfig=[channel("train", "s3://data-1/t.csv")],
            OutputDataConfig={"S3OutputPath": "s3://data-1/out"},
            HyperParameters={"k": "3", "feature_dim": "2", "predictor_type": "regressor"},
        )
        arn = world.call("CreateTrainingJob", params)["TrainingJobArn"]
        assert f":{region}:" in arn
        world.advance(timedelta(minutes=15))
        job = describe(world)
        assert job["TrainingJobStatus"] == "Completed", job.get("FailureReason")
        archive = world.call(
            "s3:GetObject", {"Bucket": "data-1", "Key": "out/churn-xgb-1/output/model.tar.gz"}
        )["Body"]
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(archive))) as opened:
            names = opened.getnames()
        assert names == (["xgboost-model"] if algorithm == "xgboost" else ["model_algo-1"])

    def test_an_image_from_another_region_is_refused_naming_the_right_one(
        self, world: World
    ) -> None:
        """The us-west-2 image in a us-east-1 world: refused, with the image to use instead."""
        image = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
        params = job_input(
            AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"}
        )
        error = refused(world, "CreateTrainingJob", params)
        assert error.code == "ValidationException"
        assert "is in us-west-2, but the training job runs in us-east-1" in error.message
        assert XGBOOST in error.message

    def test_an_image_from_the_wrong_registry_account_is_refused(self, world: World) -> None:
        """A look-alike repository in someone else's registry is no built-in algorithm."""
        image = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
        params = job_input(
            AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"}
        )
        assert (
            "in us-east-1 that is account 683313688378"
            in refused(world, "CreateTrainingJob", params).message
        )

    def test_a_custom_image_is_refused_saying_what_can_be_trained(self, world: World) -> None:
        """mlgov-sim cannot run your container: it says so and lists the built-in images."""
        image = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest"
        params = job_input(
            AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"}
        )
        message = refused(world, "CreateTrainingJob", params).message
        assert message.startswith(
            "mlgov-sim trains only the built-in algorithms XGBoost, Linear Learner and K-Means"
        )
        assert "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1" in message

    def test_algorithm_name_names_a_built_in_algorithm(self, world: World) -> None:
        """AlgorithmName kmeans works; an unknown name is refused; both or neither are refused."""
        spec = {"AlgorithmName": "kmeans", "TrainingInputMode": "File"}
        world.call("CreateTrainingJob", job_input("km-1", AlgorithmSpecification=spec))
        world.advance(timedelta(minutes=15))
        assert [m["MetricName"] for m in describe(world, "km-1")["FinalMetricDataList"]] == [
            "train:msd"
        ]
        unknown = {"AlgorithmName": "my-algo", "TrainingInputMode": "File"}
        assert (
            "knows no algorithm resource 'my-algo'"
            in refused(
                world, "CreateTrainingJob", job_input("x-1", AlgorithmSpecification=unknown)
            ).message
        )
        both = {**spec, "TrainingImage": XGBOOST}
        assert (
            "Exactly one of"
            in refused(
                world, "CreateTrainingJob", job_input("x-2", AlgorithmSpecification=both)
            ).message
        )
        neither = job_input("x-3")
        del neither["AlgorithmSpecification"]
        assert (
            "AlgorithmSpecification is missing"
            in refused(world, "CreateTrainingJob", neither).message
        )

    def test_only_s3_prefix_channels_are_simulated(self, world: World) -> None:
        """A manifest file is refused at the call, naming the channel."""
        manifest = channel("train", "s3://churn-data/manifest.json")
        manifest["DataSource"]["S3DataSource"]["S3DataType"] = "ManifestFile"
        message = refused(world, "CreateTrainingJob", job_input(InputDataConfig=[manifest])).message
        assert message.startswith("Channel 'train': S3DataType ManifestFile is not simulated")

    def test_a_refused_create_leaves_no_job_and_no_timer(self, world: World) -> None:
        """Nothing of a refused call remains: no job, nothing scheduled, no event."""
        refused(world, "CreateTrainingJob", job_input(RoleArn=f"{ROLE}Typo"))
        world.advance(timedelta(hours=1))
        assert world.last_timers == []
        assert training_events(world) == []
        assert refused(
            world, "DescribeTrainingJob", {"TrainingJobName": "churn-xgb-1"}
        ).message == ("Requested resource not found.")


class TestStop:
    def test_stop_moves_through_stopping_to_stopped_without_a_model(self, world: World) -> None:
        """Stopped while Training: Stopping now, Stopped a minute later; no model is written."""
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(minutes=5))
        assert world.call("StopTrainingJob", {"TrainingJobName": "churn-xgb-1"}) == {}
        job = describe(world)
        assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Stopping", "Stopping")
        world.advance(timedelta(hours=1))
        job = describe(world)
        assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Stopped", "Stopped")
        assert job["SecondaryStatusTransitions"][-3:] == [
            {
                "Status": "Training",
                "StartTime": at(4),
                "EndTime": at(5),
                "StatusMessage": "Training image download completed. Training in progress.",
            },
            {
                "Status": "Stopping",
                "StartTime": at(5),
                "EndTime": at(6),
                "StatusMessage": "Stopping the training job",
            },
            {
                "Status": "Stopped",
                "StartTime": at(6),
                "EndTime": at(6),
                "StatusMessage": "Training job stopped",
            },
        ]
        assert job["ModelArtifacts"] == {"S3ModelArtifacts": ""}
        assert world.call("s3:ListObjectsV2", {"Bucket": "churn-models"})["KeyCount"] == 0
        assert job["TrainingEndTime"] == at(6)

    def test_stopping_a_job_that_is_not_in_progress_is_refused(self, world: World) -> None:
        """AWS's words: the request was rejected because of the job's status."""
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(hours=1))
        error = refused(world, "StopTrainingJob", {"TrainingJobName": "churn-xgb-1"})
        assert (error.code, error.message) == (
            "ValidationException",
            "The request was rejected because the training job is in status Completed.",
        )

    def test_stopping_an_unknown_job_is_not_found(self, world: World) -> None:
        """A name the account does not have: Requested resource not found."""
        assert refused(world, "StopTrainingJob", {"TrainingJobName": "ghost"}).message == (
            "Requested resource not found."
        )


class TestEvents:
    def test_every_status_change_is_announced_with_the_job_as_describe_shows_it(
        self, world: World
    ) -> None:
        """One event per status change, at its time, from aws.sagemaker, for the job's ARN."""
        world.call("CreateTrainingJob", job_input(Tags=[{"Key": "team", "Value": "churn"}]))
        world.advance(timedelta(hours=1))
        events = training_events(world)
        assert [(e["time"], e["detail"]["SecondaryStatus"]) for e in events] == [
            ("2025-01-01T09:00:00Z", "Starting"),
            ("2025-01-01T09:03:00Z", "Downloading"),
            ("2025-01-01T09:04:00Z", "Training"),
            ("2025-01-01T09:07:00Z", "Uploading"),
            ("2025-01-01T09:08:00Z", "Completed"),
        ]
        last = events[-1]
        arn = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:training-job/churn-xgb-1"
        assert (last["source"], last["resources"], last["account"]) == (
            "aws.sagemaker",
            [arn],
            ACCOUNT,
        )
        detail = last["detail"]
        assert detail["TrainingJobArn"] == arn
        assert detail["TrainingJobStatus"] == "Completed"
        assert detail["ModelArtifacts"]["S3ModelArtifacts"].endswith("/output/model.tar.gz")
        assert detail["CreationTime"] == int(T0.timestamp() * 1000)  # epoch ms, as AWS sends
        assert detail["SecondaryStatusTransitions"][0]["StartTime"] == int(T0.timestamp() * 1000)
        assert detail["Tags"] == {"team": "churn"}
        assert detail["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == (
            "s3://churn-data/train/"
        )

    def test_a_failed_jobs_event_carries_its_failure_reason(self, world: World) -> None:
        """The Failed event holds FailureReason, as AWS documents."""
        world.call(
            "CreateTrainingJob", job_input(InputDataConfig=[channel("train", "s3://churn-data/x/")])
        )
        world.advance(timedelta(hours=1))
        last = training_events(world)[-1]["detail"]
        assert last["TrainingJobStatus"] == "Failed"
        assert last["FailureReason"].startswith("ClientError: No S3 objects found")

    def test_an_automation_can_react_to_completion(self, world: World) -> None:
        """Events from the clock reach automations, as a call's do."""
        world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        world.add_automation(
            "register-on-completion",
            {
                "source": ["aws.sagemaker"],
                "detail-type": ["SageMaker Training Job State Change"],
                "detail": {"TrainingJobStatus": ["Completed"]},
            },
            [
                {
                    "operation": "sagemaker:CreateModelPackage",
                    "params": {
                        "ModelPackageGroupName": "churn",
                        "InferenceSpecification": {
                            "Containers": [
                                {
                                    "Image": XGBOOST,
                                    "ModelDataUrl": MODEL_REF,
                                }
                            ],
                            "SupportedContentTypes": ["text/csv"],
                            "SupportedResponseMIMETypes": ["text/csv"],
                        },
                    },
                }
            ],
        )
        world.call("CreateTrainingJob", job_input())
        world.advance(timedelta(hours=1))
        (completed,) = [run for run in world.last_timers if run.reactions]
        assert completed.reactions[0].calls[0].error is None
        version = world.call("DescribeModelPackage", {"ModelPackageName": "churn/1"})
        assert version["InferenceSpecification"]["Containers"][0]["ModelDataUrl"] == (
            "s3://churn-models/xgb/churn-xgb-1/output/model.tar.gz"
        )
        assert version["CreationTime"] == at(8)


class TestList:
    def test_list_filters_sorts_and_pages(self, world: World) -> None:
        """NameContains (any case), StatusEquals, SortBy/SortOrder and NextToken."""
        for name in ("b-job", "A-job", "c-other"):
            world.call("CreateTrainingJob", job_input(name))
            world.advance(timedelta(minutes=1))
        world.call("StopTrainingJob", {"TrainingJobName": "c-other"})

        def names(**params: Any) -> list[str]:
            listed = world.call("ListTrainingJobs", params)["TrainingJobSummaries"]
            return [s["TrainingJobName"] for s in listed]

        assert names() == ["b-job", "A-job", "c-other"]
        assert names(SortBy="Name") == ["A-job", "b-job", "c-other"]
        assert names(SortBy="CreationTime", SortOrder="Descending") == ["c-other", "A-job", "b-job"]
        assert names(NameContains="JOB") == ["b-job", "A-job"]
        assert names(StatusEquals="Stopping") == ["c-other"]
        assert names(CreationTimeAfter=at(0)) == ["A-job", "c-other"]
        first = world.call("ListTrainingJobs", {"MaxResults": 2})
        assert len(first["TrainingJobSummaries"]) == 2
        rest = world.call("ListTrainingJobs", {"MaxResults": 2, "NextToken": first["NextToken"]})
        assert [s["TrainingJobName"] for s in rest["TrainingJobSummaries"]] == ["c-other"]
        summary = first["TrainingJobSummaries"][0]
        assert set(summary) == {
            "TrainingJobName",
            "TrainingJobArn",
            "CreationTime",
            "LastModifiedTime",
            "TrainingJobStatus",
            "SecondaryStatus",
        }
