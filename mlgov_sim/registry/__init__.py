"""The Model Registry: model package groups, numbered versions, approval, lifecycle, metadata.

Importing the package registers its operations in the kernel's table, the
ARNs it can tag, where its resource policies live, and the IAM condition keys
its operations set.
"""

from mlgov_sim.core.authorize import register_resource_policy
from mlgov_sim.core.ops import add_condition_keys
from mlgov_sim.core.tagging import register_taggable
from mlgov_sim.registry import groups, packages, policies, updates
from mlgov_sim.registry.lookup import group_exists, package_exists, tags_owner

register_taggable("model-package-group", group_exists)
register_taggable("model-package", package_exists, tags_owner)
register_resource_policy("model-package-group", policies.policy_for)
register_resource_policy("model-package", policies.policy_for)
for _name in ("sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"):
    add_condition_keys(_name, policies.lifecycle_condition_keys)

__all__ = ["groups", "packages", "policies", "updates"]
