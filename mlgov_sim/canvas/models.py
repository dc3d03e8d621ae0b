"""Which models Canvas takes: registered versions, tabular, not time-series.

The rules are the console's (DG canvas-byom, canvas-collaborate): a model
built outside SageMaker must be registered in the Model Registry first;
only tabular models can be shared ("Unsupported data type" otherwise); a
time-series model cannot be shared. A registry version's data type is read
from its Domain and Task (CreateModelPackage); a JumpStart model's from its
ID's family.
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.registry.lookup import require_package

NON_TABULAR_DOMAINS = ("COMPUTER_VISION", "NATURAL_LANGUAGE_PROCESSING")
NON_TABULAR_TASKS = (
    "IMAGE_CLASSIFICATION",
    "OBJECT_DETECTION",
    "TEXT_GENERATION",
    "IMAGE_SEGMENTATION",
    "FILL_MASK",
)
TABULAR_JUMPSTART = (
    "lightgbm-",
    "catboost-",
    "xgboost-",
    "sklearn-",
    "autogluon-",
    "tabtransformer-",
)
TIME_SERIES = "TimeSeriesForecasting"

SHARE_RULE = (
    "Studio Classic shares with Canvas only models registered in the Model Registry "
    "(or Autopilot and JumpStart models)"
)
IMPORT_RULE = (
    "a model built outside SageMaker must be registered in the Model Registry before it can be "
    "imported into Canvas"
)


def registered_version(call: Call, arn: str, rule: str) -> Any:
    """The registry's version at `arn`; ValidationException naming `rule` when there is none."""
    try:
        package = require_package(call, arn)
    except ValidationException:
        raise ValidationException(
            f"Model package {arn} is not in the Model Registry: {rule}."
        ) from None
    if not package.versioned:
        raise ValidationException(
            f"Model package {arn} is not a model version in a model package group: {rule}."
        )
    return package


def check_tabular(package: Any) -> None:
    """Refuse a registry version whose Domain or Task is not tabular: "Unsupported data type"."""
    domain, task = package.spec.get("Domain"), package.spec.get("Task")
    if domain in NON_TABULAR_DOMAINS or task in NON_TABULAR_TASKS:
        kind = " / ".join(value for value in (domain, task) if value)
        raise ValidationException(
            f"Unsupported data type: model package {package.arn} is a {kind} model; only tabular "
            "models can be shared with Canvas."
        )


def check_jumpstart(model_id: str) -> None:
    """Refuse a JumpStart model that is not of a tabular family: "Unsupported data type"."""
    if not model_id.startswith(TABULAR_JUMPSTART):
        raise ValidationException(
            f"Unsupported data type: JumpStart model {model_id} is not a tabular model; only "
            "tabular models can be shared with Canvas."
        )


def check_not_time_series(problem_type: str | None) -> None:
    if problem_type == TIME_SERIES:
        raise ValidationException(
            "Time-series forecasting models cannot be shared with Canvas: only tabular "
            "classification and regression models can (ProblemType TimeSeriesForecasting)."
        )
