"""botocore's service models: the oracle for names, shapes, enums and limits."""

from __future__ import annotations

from functools import cache

import botocore.session
from botocore.model import OperationModel, ServiceModel


@cache
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


@cache
def service_model(service: str) -> ServiceModel:
    """The service model botocore ships for `service` (`sagemaker`, `s3`, `cloudwatch`)."""
    return _session().get_service_model(service)


def operation_model(service: str, name: str) -> OperationModel:
    """botocore's model of one operation; raises if the name is not a real one."""
    return service_model(service).operation_model(name)


def botocore_version() -> str:
    """The installed botocore, named in reports and docs about fidelity."""
    return botocore.__version__
