"""ARNs of models, endpoint configs and endpoints, and SageMaker's refusals naming them.

ARNs carry the name lower-cased, as AWS's do (`MyEndpoint` is
`endpoint/myendpoint`); names are unique regardless of case. A missing
resource is a ValidationException quoting its ARN, in AWS's words.
"""

from __future__ import annotations

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.deploy.store import CONFIGS, ENDPOINTS, MODELS, Config, Endpoint, Model


def model_arn(call: Call, name: str) -> str:
    return call.arn(f"model/{name.lower()}")


def config_arn(call: Call, name: str) -> str:
    return call.arn(f"endpoint-config/{name.lower()}")


def endpoint_arn(call: Call, name: str) -> str:
    return call.arn(f"endpoint/{name.lower()}")


def require_model(call: Call, name: str) -> Model:
    """The caller's model `name`; ValidationException 'Could not find model "<arn>".' if none."""
    found = MODELS.find_by_name(call.db, call.account, call.region, name)
    if found is None:
        raise ValidationException(f'Could not find model "{model_arn(call, name)}".')
    return found


def require_config(call: Call, name: str) -> Config:
    """The caller's endpoint config `name`, or AWS's 'Could not find endpoint configuration'."""
    found = CONFIGS.find_by_name(call.db, call.account, call.region, name)
    if found is None:
        raise ValidationException(
            f'Could not find endpoint configuration "{config_arn(call, name)}".'
        )
    return found


def require_endpoint(call: Call, name: str) -> Endpoint:
    """The caller's endpoint `name`, or AWS's 'Could not find endpoint "<arn>".'."""
    found = ENDPOINTS.find_by_name(call.db, call.account, call.region, name)
    if found is None:
        raise ValidationException(f'Could not find endpoint "{endpoint_arn(call, name)}".')
    return found
