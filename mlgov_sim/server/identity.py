"""Who a signed request acts as: the principal whose access key signed it.

A world whose only principal is `admin` is open: any key acts as admin and
its signature is not checked (there is no secret to check it with), so a
first boto3 script needs no set-up. A world with other principals is closed:
the key must be one of its principals' (`mlgov-sim keys`), and the signature
must be the one that principal's secret makes. Either way the credential must
be scoped to the world's region and to the service the request is for.
"""

from __future__ import annotations

from mlgov_sim.core.keys import AccessKey, derive_key
from mlgov_sim.core.world import ADMIN, World
from mlgov_sim.server.errors import InvalidSignature, UnrecognizedClient, WrongRegion
from mlgov_sim.server.messages import HttpRequest
from mlgov_sim.server.signing import Credential, signature_matches


def world_keys(world: World) -> list[AccessKey]:
    """Every principal's access key, admin's first."""
    seed = world.info().seed
    keys = [derive_key(seed, row.account, row.name) for row in world.principals()]
    return sorted(keys, key=lambda key: (key.principal != ADMIN, key.principal))


class Identities:
    """The world's keys, read once and again whenever an unknown key arrives."""

    def __init__(self, world: World) -> None:
        self.refresh(world)

    def refresh(self, world: World) -> None:
        """Read the world's region and its principals' keys (after a reset or a new principal)."""
        self.region = world.info().region
        self.keys = {key.access_key_id: key for key in world_keys(world)}

    @property
    def open(self) -> bool:
        """Whether any key acts as admin: the world has no principal but admin."""
        return all(key.principal == ADMIN for key in self.keys.values())

    def check_scope(self, credential: Credential, signing_name: str) -> None:
        """The credential is scoped to this world's region and to the request's service."""
        if credential.region != self.region:
            raise WrongRegion(credential.region, self.region)
        if credential.service != signing_name:
            raise InvalidSignature(
                f"Credential should be scoped to correct service: '{signing_name}'. "
            )

    def known(self, credential: Credential) -> bool:
        return self.open or credential.access_key_id in self.keys

    def principal(self, request: HttpRequest, credential: Credential) -> str:
        """The principal the request acts as; UnrecognizedClient or InvalidSignature if none."""
        if self.open:
            return ADMIN
        key = self.keys.get(credential.access_key_id)
        if key is None:
            raise UnrecognizedClient()
        if not signature_matches(request, credential, key.secret_access_key):
            raise InvalidSignature()
        return key.principal
