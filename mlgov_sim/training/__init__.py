"""Simulated training jobs of SageMaker's built-in algorithms XGBoost, Linear Learner and K-Means.

A job reads its data from the S3 stand-in and writes its model there, as its
role, while the simulated clock moves (the kernel's scheduler runs its
transitions inside `advance`). Each status change is announced as "SageMaker
Training Job State Change", which is how lineage learns of jobs.

Importing the package registers the operations, the job's timed transitions
and training jobs as taggable resources.
"""

from mlgov_sim.core.tagging import register_taggable
from mlgov_sim.training import jobs, lifecycle

register_taggable("training-job", jobs.job_exists)

__all__ = ["jobs", "lifecycle"]
