"""Lineage SageMaker records for training jobs, from "SageMaker Training Job State Change".

The event's detail is the job as DescribeTrainingJob returns it. From the
first event on (a job announces itself when it starts), the job has a trial
component `<job>-aws-training-job` (LineageType TrialComponent, Type
TrainingJob), and its training image and every S3 input channel have an
artifact (Image, DataSet) that ContributedTo it. When the job has Completed,
its model (ModelArtifacts.S3ModelArtifacts) gets an artifact (Model) that the
trial component Produced. A failed or stopped job produces nothing.

Every event is recorded idempotently: artifacts are reused per SourceUri, so
a model package registered with that model's URI as ModelDataUrl joins the
same artifact, and the graph runs dataset -> job -> model -> package.
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.lineage import recording, store
from mlgov_sim.lineage.associations import ensure_link
from mlgov_sim.lineage.store import TRIAL_COMPONENT, Entity

PATTERN = {"source": ["aws.sagemaker"], "detail-type": ["SageMaker Training Job State Change"]}
TRAINING_JOB = "TrainingJob"


def on_training_job(call: Call, event: dict[str, Any]) -> None:
    """Record the job's trial component, inputs and (once Completed) its model."""
    job = event["detail"]
    account, _ = recording.owner(job["TrainingJobArn"], call)
    component, fresh = trial_component(call, account, job)
    image = (job.get("AlgorithmSpecification") or {}).get("TrainingImage")
    inputs = [(image, "Image")] if image else []
    inputs += [(uri, "DataSet") for uri in channel_uris(job)]
    for uri, kind in inputs:
        found = recording.artifact(call, account, uri, kind)
        ensure_link(call, found.entity, component, "ContributedTo", fresh=fresh or found.fresh)
    model = (job.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
    if job.get("TrainingJobStatus") == "Completed" and model:
        found = recording.artifact(call, account, model, "Model")
        ensure_link(call, component, found.entity, "Produced", fresh=fresh or found.fresh)


def channel_uris(job: dict[str, Any]) -> list[str]:
    """The S3 URI of each input channel, in the job's order."""
    uris = []
    for channel in job.get("InputDataConfig") or []:
        s3 = (channel.get("DataSource") or {}).get("S3DataSource") or {}
        if s3.get("S3Uri"):
            uris.append(str(s3["S3Uri"]))
    return uris


def trial_component(call: Call, account: str, job: dict[str, Any]) -> tuple[Entity, bool]:
    """The job's trial component, made on its first event; its status follows the job's."""
    name = f"{job['TrainingJobName']}-aws-training-job"
    arn = call.arn(f"experiment-trial-component/{name}", account=account)
    status = job.get("TrainingJobStatus")
    row = store.find_entity(call.db, arn)
    if row is not None:
        if status and row.status != status:
            before = store.snapshot(row)
            row.status = status
            row.last_modified_time = call.now
            store.save_entity(call.db, before, row)
        return row, False
    who = call.user_context()
    row = Entity(
        account=account,
        region=call.region,
        kind=TRIAL_COMPONENT,
        arn=arn,
        name=name,
        type=TRAINING_JOB,
        source_uri=job["TrainingJobArn"],
        source={"SourceArn": job["TrainingJobArn"], "SourceType": "SageMakerTrainingJob"},
        status=status,
        creation_time=call.now,
        created_by=who,
        last_modified_time=call.now,
        last_modified_by=who,
    )
    store.insert_entity(call.db, row)
    return row, True
