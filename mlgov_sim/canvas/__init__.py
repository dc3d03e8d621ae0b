"""SageMaker domains, user profiles and apps, and the Canvas rules of the console.

The public API (Create/Describe/List/Delete Domain, UserProfile, App and
UpdateUserProfile) moves on the simulated clock (canvas.lifecycle). What
Canvas and Studio Classic do in the console has no public API: those are
`canvas:` console actions, each authorised as the IAM action AWS really
checks, for the person at the console and for the acting user profile's
execution role (canvas.acting).

Importing the package registers the operations, their timed transitions
and domains, user profiles and apps as taggable resources.
"""

from mlgov_sim.canvas import (
    apps,
    canvas_models,
    datasets,
    domains,
    lifecycle,
    predict,
    profiles,
    register,
    sharing,
)
from mlgov_sim.canvas.lookup import app_exists, domain_exists, profile_exists
from mlgov_sim.core.tagging import register_taggable

register_taggable("domain", domain_exists)
register_taggable("user-profile", profile_exists)
register_taggable("app", app_exists)

__all__ = [
    "apps",
    "canvas_models",
    "datasets",
    "domains",
    "lifecycle",
    "predict",
    "profiles",
    "register",
    "sharing",
]
