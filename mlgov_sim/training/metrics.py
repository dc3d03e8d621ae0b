"""Final metrics of a simulated training job: plausible, and the same for the same data.

Nothing is trained, so the metrics are derived: each value is placed in a
plausible range for its metric by a hash of the training data (the bytes of
every object each channel read) and the metric's name, nudged towards better
for more rows of data. The same data and hyperparameters give the same
metrics in every world; changed data gives different ones.

The names are those the algorithms emit: `<channel>:<metric>` for XGBoost's
eval metrics (`validation:auc`), Linear Learner's `objective_loss` and
classification metrics, K-Means' `msd`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

# metric -> (worst, best) of its plausible range; best may be below worst (a loss).
_RANGES: dict[str, tuple[float, float]] = {
    "auc": (0.70, 0.95),
    "aucpr": (0.55, 0.90),
    "map": (0.55, 0.90),
    "ndcg": (0.60, 0.92),
    "logloss": (0.60, 0.20),
    "error": (0.25, 0.05),
    "mlogloss": (1.20, 0.35),
    "merror": (0.40, 0.08),
    "rmse": (3.00, 0.80),
    "mae": (2.40, 0.60),
    "objective_loss": (0.70, 0.25),
    "binary_classification_accuracy": (0.70, 0.95),
    "binary_f_beta": (0.60, 0.92),
    "multiclass_accuracy": (0.55, 0.90),
    "mse": (9.00, 0.60),
    "absolute_loss": (2.40, 0.60),
    "msd": (4.00, 0.50),
    "ssd": (400.0, 50.0),
}
_XGBOOST_DEFAULTS = {"binary": ["auc"], "multi": ["mlogloss"], "rank": ["ndcg"]}


@dataclass(frozen=True)
class Channel:
    """What a channel's data came to: its name, bytes and rows (lines)."""

    name: str
    digest: str
    size: int
    rows: int


def metric_names(algorithm: str, hyperparameters: dict[str, str], channels: list[str]) -> list[str]:
    """The `<channel>:<metric>` names `algorithm` reports for these channels and settings."""
    if algorithm == "xgboost":
        eval_metrics = [m.strip() for m in hyperparameters.get("eval_metric", "").split(",")]
        eval_metrics = [m for m in eval_metrics if m in _RANGES]
        if not eval_metrics:
            family = hyperparameters.get("objective", "reg:squarederror").split(":")[0]
            eval_metrics = _XGBOOST_DEFAULTS.get(family, ["rmse"])
        return [f"{c}:{m}" for c in ("train", "validation") if c in channels for m in eval_metrics]
    if algorithm == "linear-learner":
        names = ["train:objective_loss"]
        kind = hyperparameters.get("predictor_type", "binary_classifier")
        scored = {
            "binary_classifier": ["binary_classification_accuracy", "binary_f_beta"],
            "multiclass_classifier": ["multiclass_accuracy"],
            "regressor": ["mse", "absolute_loss"],
        }.get(kind, [])
        for channel in ("validation", "test"):
            if channel in channels:
                names += [f"{channel}:objective_loss"] + [f"{channel}:{m}" for m in scored]
        return names
    names = ["train:msd"]  # kmeans
    if "test" in channels:
        names += ["test:msd", "test:ssd"]
    return names


def final_metrics(
    algorithm: str, hyperparameters: dict[str, str], channels: list[Channel]
) -> dict[str, float]:
    """Each metric's final value, by name, in the order the algorithm reports them."""
    by_name = {c.name: c for c in channels}
    data = hashlib.sha256(
        "|".join(f"{c.name}={c.digest}" for c in sorted(channels, key=lambda c: c.name)).encode()
    ).hexdigest()
    settings = ",".join(f"{k}={v}" for k, v in sorted(hyperparameters.items()))
    rows = by_name["train"].rows if "train" in by_name else sum(c.rows for c in channels)
    # More data, better model: up to a fifth of the range's way towards its best.
    experience = min(0.2, 0.05 * math.log10(rows + 1))
    values: dict[str, float] = {}
    for name in metric_names(algorithm, hyperparameters, list(by_name)):
        channel, _, metric = name.partition(":")
        worst, best = _RANGES[metric]
        share = _unit(f"{data}|{settings}|{metric}")
        quality = 0.15 + 0.6 * share + experience  # never perfect, never hopeless
        if channel == "train":
            quality = min(0.98, quality + 0.05)  # a model fits its training data a little better
        values[name] = round(worst + (best - worst) * quality, 6)
    return values


def metric_data(values: dict[str, float], at: Any) -> list[dict[str, Any]]:
    """FinalMetricDataList entries, all stamped `at` (when training ended)."""
    return [{"MetricName": name, "Value": value, "Timestamp": at} for name, value in values.items()]


def _unit(text: str) -> float:
    """A number in [0, 1) derived from `text`."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) / float(1 << 48)
