"""canvas:Predict: batch predictions on a Ready model, written to S3 as the execution role.

Rule (study guide 2.4.1): a Canvas user needs S3 access to save results.
Results go to `<S3ArtifactPath>/Canvas/<UserProfileName>/inference/...`
(default bucket `sagemaker-<region>-<account>`); a role without
s3:PutObject there is refused with S3's AccessDenied naming the rule. A
model shared with the user predicts like its own: view and predict is what
a recipient may do.
"""

from __future__ import annotations

import hashlib
from typing import Any

from mlgov_sim import storage
from mlgov_sim.canvas import acting, canvas_models, items, settings, sharing
from mlgov_sim.canvas.console import SIGN_IN, console_action
from mlgov_sim.canvas.tables import CanvasItemRow
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import NoSuchBucket, ValidationException

WRITE_RULE = "a Canvas user needs S3 access to save its results"


@console_action("Predict", SIGN_IN, "CanvasPredictRequest", "CanvasPredictResponse")
def predict(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Batch prediction on an imported dataset with a Ready model, results written to S3.

    ModelId is one of the user's own models or a shared model it received
    (SharedModelId). The results are written as the execution role to
    `<S3ArtifactPath>/Canvas/<UserProfileName>/inference/<ModelId>/<PredictionId>.csv`;
    without s3:PutObject there the call is refused with AccessDenied naming
    the rule. A model still Importing or Building is refused with
    ValidationException.
    """
    who = acting.actor(call, params, acting.CANVAS)
    model = _model(call, who, params["ModelId"])
    if model.status != "Ready":
        raise ValidationException(
            f"Model {model.item_id} is {model.status}: predictions can be made once it is Ready."
        )
    dataset = items.dataset(call, who, params["DatasetName"])
    prediction_id = f"pred-{call.new_hex('canvas-prediction', 12)}"
    root = settings.artifact_root(who.settings, call.region, call.account, who.name)
    uri = f"{root}/inference/{model.item_id}/{prediction_id}.csv"
    bucket, key = storage.split_uri(uri)
    workspace = storage.object_arn(*storage.split_uri(f"{root}/*"))
    rule = (
        f"{WRITE_RULE}, and the execution role of {who.label()} ({who.role}) may not write {uri} "
        f"(allow s3:PutObject on {workspace} to that role, or give the user profile an execution "
        "role that may)"
    )
    acting.check(call, who, "s3:PutObject", storage.object_arn(bucket, key), rule=rule)
    body, rows = _results(model, dataset)
    try:
        storage.write(call.db, bucket, key, body, call.now, content_type="text/csv")
    except NoSuchBucket as error:
        raise NoSuchBucket(
            f"{error.message} ({bucket}): {WRITE_RULE} to an existing bucket."
        ) from None
    detail = {"ModelId": model.item_id, "DatasetName": dataset.name, "OutputS3Uri": uri}
    items.new_item(call, "prediction", who, prediction_id, "Completed", detail)
    return {"PredictionId": prediction_id, "OutputS3Uri": uri, "RowCount": rows}


def _model(call: Call, who: acting.Actor, model_id: str) -> CanvasItemRow:
    if model_id.startswith(items.PREFIX["shared-model"] + "-"):
        return sharing.visible(call, who, model_id)
    return canvas_models.own_model(call, who, model_id)


def _results(model: CanvasItemRow, dataset: CanvasItemRow) -> tuple[bytes, int]:
    """The dataset's rows with a deterministic prediction column (a stand-in for inference)."""
    lines = [line for line in str(dataset.detail.get("Body", "")).splitlines() if line.strip()]
    header, rows = (lines[0], lines[1:]) if lines else ("", [])
    out = [f"{header},prediction" if header else "prediction"]
    for row in rows:
        digest = hashlib.sha256(f"{model.item_id}\0{row}".encode()).digest()
        out.append(f"{row},{digest[0] % 2}")
    return ("\n".join(out) + "\n").encode(), len(rows)
