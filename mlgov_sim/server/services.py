"""The services the endpoint speaks for, and the wire protocol botocore uses for each.

The protocol is the one the installed botocore resolves (`resolved_protocol`):
SageMaker's JSON 1.1, CloudWatch's JSON 1.0 (its model also lists CBOR and
query; botocore 1.43+ picks JSON), S3's REST-XML and sagemaker-runtime's
REST-JSON. A JSON request names its service by the `X-Amz-Target` prefix; a
REST request by the service its SigV4 credential is scoped to (`s3`,
`sagemaker` for the runtime).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from botocore.model import ServiceModel

from mlgov_sim.core.apimodel import service_model
from mlgov_sim.core.ops import BOTOCORE_SERVICES

# The protocols this package parses and serialises.
SERVED_PROTOCOLS = ("json", "rest-json", "rest-xml")


@dataclass(frozen=True)
class Service:
    """One served AWS service, as botocore models it."""

    name: str  # botocore's name, and the operation table's prefix: "sagemaker"
    model: ServiceModel

    @property
    def protocol(self) -> str:
        return str(self.model.resolved_protocol)

    @property
    def signing_name(self) -> str:
        return str(self.model.signing_name)

    @property
    def target_prefix(self) -> str | None:
        return self.model.metadata.get("targetPrefix")

    @property
    def json_version(self) -> str:
        return str(self.model.metadata.get("jsonVersion", "1.0"))

    @property
    def query_compatible(self) -> bool:
        """CloudWatch's JSON keeps its query-era error codes in `x-amzn-query-error`."""
        return "awsQueryCompatible" in self.model.metadata


@cache
def served() -> tuple[Service, ...]:
    """Every service the operation table may hold operations of."""
    return tuple(Service(name, service_model(name)) for name in BOTOCORE_SERVICES)


def by_target_prefix(prefix: str) -> Service | None:
    """The JSON service whose `X-Amz-Target` starts with `prefix` (`SageMaker`)."""
    for service in served():
        if service.protocol == "json" and service.target_prefix == prefix:
            return service
    return None


def rest_services(signing_name: str | None) -> list[Service]:
    """The REST services signed as `signing_name` (all of them when it is unknown)."""
    return [
        service
        for service in served()
        if service.protocol.startswith("rest-")
        and (signing_name is None or service.signing_name == signing_name)
    ]


def by_name(name: str) -> Service:
    return next(service for service in served() if service.name == name)
