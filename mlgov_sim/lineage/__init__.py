"""ML Lineage Tracking: artifacts, actions, contexts, associations, QueryLineage.

Importing the package registers its operations in the kernel's table, the
ARNs it can tag, and the listeners through which it records, inside the
same transaction, the lineage SageMaker keeps by itself: model package
versions and their approvals, training jobs, endpoints. The registry,
training and deploy features never call lineage; they announce events, and
lineage listens.
"""

from mlgov_sim.core.listeners import listen
from mlgov_sim.core.tagging import register_taggable
from mlgov_sim.lineage import (
    actions,
    artifacts,
    associations,
    common,
    contexts,
    from_deploy,
    from_registry,
    from_training,
    query,
    store,
)

for _resource, _kind in (
    ("artifact", store.ARTIFACT),
    ("action", store.ACTION),
    ("context", store.CONTEXT),
):
    register_taggable(_resource, common.exists_as(_kind))
listen(from_registry.PATTERN, from_registry.on_model_package)
listen(from_training.PATTERN, from_training.on_training_job)
listen(from_deploy.MODEL_PATTERN, from_deploy.on_model)
listen(from_deploy.CONFIG_PATTERN, from_deploy.on_config)
listen(from_deploy.ENDPOINT_PATTERN, from_deploy.on_endpoint_in_service)

__all__ = ["actions", "artifacts", "associations", "contexts", "query"]
