"""canvas:ImportDataset: a Canvas user reads a CSV dataset from S3 with the execution role.

Rule (study guide 2.4.1; DG canvas-byom): a Canvas user needs S3 access to
read datasets. The role needs s3:GetObject on the object; a refusal is S3's
AccessDenied, a missing object S3's NoSuchKey (NoSuchBucket), each naming
the rule. The first row names the columns.
"""

from __future__ import annotations

from typing import Any

from mlgov_sim import storage
from mlgov_sim.canvas import acting, items
from mlgov_sim.canvas.console import SIGN_IN, console_action
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import NoSuchBucket, NoSuchKey, ValidationException

READ_RULE = "a Canvas user needs S3 access to read datasets"


@console_action(
    "ImportDataset", SIGN_IN, "CanvasImportDatasetRequest", "CanvasImportDatasetResponse"
)
def import_dataset(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """A Canvas user imports a CSV dataset from S3, read as the execution role (s3:GetObject).

    Refused with S3's AccessDenied when the user profile's execution role
    (its own, else the domain's default) may not s3:GetObject the object, and
    with NoSuchKey or NoSuchBucket when it is missing; each message names the
    rule that a Canvas user needs S3 access to read datasets. The first row is
    the header. The caller needs sagemaker:CreatePresignedDomainUrl on the
    user profile (opening Canvas as it).
    """
    who = acting.actor(call, params, acting.CANVAS)
    uri = params["S3Uri"]
    try:
        bucket, key = storage.split_uri(uri)
    except ValueError as error:
        raise ValidationException(f"S3Uri: {error}; give s3://bucket/key.") from None
    arn = storage.object_arn(bucket, key)
    role_says = (
        f"{READ_RULE}, and the execution role of {who.label()} ({who.role}) may not read {uri} "
        f"(allow s3:GetObject on {arn} to that role, or give the user profile an execution role "
        "that may)"
    )
    acting.check(call, who, "s3:GetObject", arn, rule=role_says)
    try:
        body = storage.read(call.db, bucket, key).body
    except (NoSuchKey, NoSuchBucket) as error:
        raise type(error)(
            f"{error.message} ({uri}): {READ_RULE}, and there is no object to read there."
        ) from None
    text = body.decode("utf-8", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    columns = [column.strip() for column in lines[0].split(",")] if lines else []
    detail = {"S3Uri": uri, "Columns": columns, "RowCount": max(len(lines) - 1, 0), "Body": text}
    row = items.new_item(call, "dataset", who, params["DatasetName"], "Ready", detail)
    return {"DatasetId": row.item_id, "RowCount": detail["RowCount"], "Columns": columns}
