"""Final metrics: plausible per algorithm, the same for the same data, different for other data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from test_training import job_input

from mlgov_sim.app import World
from mlgov_sim.training.metrics import Channel, final_metrics, metric_names


def trained(body: bytes, **changes: Any) -> dict[str, Any]:
    """A fresh world that trains on `body` (train and validation) and describes the result."""
    world = World.create()
    world.add_role("SageMakerExecution", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])
    for bucket in ("churn-data", "churn-models"):
        world.call("s3:CreateBucket", {"Bucket": bucket})
    for key in ("train/a.csv", "validation/b.csv"):
        world.call("s3:PutObject", {"Bucket": "churn-data", "Key": key, "Body": body})
    world.call("CreateTrainingJob", job_input(**changes))
    world.advance(timedelta(minutes=20))
    return world.call("DescribeTrainingJob", {"TrainingJobName": "churn-xgb-1"})


def values(job: dict[str, Any]) -> dict[str, float]:
    return {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]}


class TestDerivation:
    def test_the_same_data_gives_the_same_metrics_in_another_world(self) -> None:
        """Metrics come from the data, not from the world or the order of things."""
        assert values(trained(b"1,2\n0,3\n")) == values(trained(b"1,2\n0,3\n"))

    def test_other_data_gives_other_metrics(self) -> None:
        """A changed dataset changes the result: what a data incident drill relies on."""
        assert values(trained(b"1,2\n0,3\n")) != values(trained(b"1,2\n0,4\n"))

    def test_other_hyperparameters_give_other_metrics(self) -> None:
        """Tuning changes the outcome too."""
        base = {"objective": "binary:logistic", "num_round": "50"}
        tuned = {**base, "max_depth": "8"}
        assert values(trained(b"1,2\n", HyperParameters=base)) != values(
            trained(b"1,2\n", HyperParameters=tuned)
        )

    def test_training_metrics_are_a_little_better_than_validation(self) -> None:
        """A model fits its training data better: train:auc above validation:auc."""
        found = values(trained(b"1,2\n0,3\n"))
        assert found["train:auc"] > found["validation:auc"]

    def test_values_stay_in_plausible_ranges_for_many_datasets(self) -> None:
        """Whatever the data, AUC stays within 0.70..0.95 and logloss within 0.20..0.60."""
        for n in range(40):
            channels = [
                Channel("train", f"d{n}", 100, n * 50),
                Channel("validation", f"v{n}", 10, 5),
            ]
            found = final_metrics(
                "xgboost", {"objective": "binary:logistic", "eval_metric": "auc,logloss"}, channels
            )
            assert all(0.70 <= found[k] <= 0.95 for k in found if k.endswith(":auc"))
            assert all(0.20 <= found[k] <= 0.60 for k in found if k.endswith(":logloss"))


class TestNames:
    @pytest.mark.parametrize(
        ("algorithm", "hyperparameters", "channels", "expected"),
        [
            ("xgboost", {"objective": "binary:logistic"}, ["train", "validation"],
             ["train:auc", "validation:auc"]),
            ("xgboost", {"objective": "reg:squarederror"}, ["train"], ["train:rmse"]),
            ("xgboost", {"objective": "multi:softmax"}, ["train", "validation"],
             ["train:mlogloss", "validation:mlogloss"]),
            ("xgboost", {"objective": "binary:logistic", "eval_metric": "error,logloss"},
             ["train"], ["train:error", "train:logloss"]),
            ("linear-learner", {"predictor_type": "binary_classifier"}, ["train", "validation"],
             ["train:objective_loss", "validation:objective_loss",
              "validation:binary_classification_accuracy", "validation:binary_f_beta"]),
            ("linear-learner", {"predictor_type": "regressor"}, ["train", "test"],
             ["train:objective_loss", "test:objective_loss", "test:mse", "test:absolute_loss"]),
            ("kmeans", {"k": "3"}, ["train"], ["train:msd"]),
            ("kmeans", {"k": "3"}, ["train", "test"], ["train:msd", "test:msd", "test:ssd"]),
        ],
    )  # fmt: skip
    def test_each_algorithm_reports_its_own_metrics(
        self,
        algorithm: str,
        hyperparameters: dict[str, str],
        channels: list[str],
        expected: list[str],
    ) -> None:
        """The names each algorithm emits, per objective and channel."""
        assert metric_names(algorithm, hyperparameters, channels) == expected


class TestResponseShape:
    @pytest.mark.parametrize("body", [b"1,2\n", None])
    def test_completed_and_failed_describes_are_botocore_outputs(self, body: bytes | None) -> None:
        """Stubber accepts the Describe of a completed job and of a failed one."""
        job = trained(body) if body else _failed()
        client = boto3.client(
            "sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        stubber = Stubber(client)
        stubber.add_response("describe_training_job", job)
        with stubber:
            client.describe_training_job(TrainingJobName="churn-xgb-1")


def _failed() -> dict[str, Any]:
    world = World.create()
    world.add_role("SageMakerExecution", [])
    world.call("CreateTrainingJob", job_input())
    world.advance(timedelta(minutes=20))
    job = world.call("DescribeTrainingJob", {"TrainingJobName": "churn-xgb-1"})
    assert job["TrainingJobStatus"] == "Failed"
    return job
