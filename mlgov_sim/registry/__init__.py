"""The Model Registry: model package groups, numbered versions, approval, lifecycle, metadata.

Importing the package registers its operations in the kernel's table.
"""

from mlgov_sim.core.tagging import register_taggable
from mlgov_sim.registry import groups, packages, updates
from mlgov_sim.registry.lookup import group_exists, package_exists, tags_owner

register_taggable("model-package-group", group_exists)
register_taggable("model-package", package_exists, tags_owner)

__all__ = ["groups", "packages", "updates"]
