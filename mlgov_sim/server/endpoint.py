"""The endpoint: one HTTP request in, one `World.call`, one HTTP response out.

    read the SigV4 credential -> route to an operation -> check the credential's
    scope -> find the principal (and check the signature) -> parse the input
    -> World.call -> serialise the output, or the refusal

Everything a refusal can be is a `ServiceError`, serialised in one place. Calls
are serialised by one lock per endpoint: a `World` keeps its row between calls
and SQLite takes one writer at a time, so concurrent requests queue for the
world instead of failing with "database is locked" (see docs/clients.md).
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
import uuid
from typing import Any

from mlgov_sim.core.errors import InternalFailure, ServiceError
from mlgov_sim.core.world import World
from mlgov_sim.server.identity import Identities
from mlgov_sim.server.messages import HttpRequest, HttpResponse
from mlgov_sim.server.parsing import parse_request
from mlgov_sim.server.reset import Setup
from mlgov_sim.server.routing import route
from mlgov_sim.server.serializing import serialize_error, serialize_output
from mlgov_sim.server.services import Service, by_target_prefix, rest_services
from mlgov_sim.server.signing import Credential, read_authorization
from mlgov_sim.server.sqlite import serve_in_wal_mode

# Requests for the simulator itself, not for an AWS service.
ADMIN_PREFIX = "/_mlgov-sim/"


class Endpoint:
    """Serves AWS requests from one world; safe to call from many threads at once."""

    def __init__(self, world: World, *, allow_reset: bool = False) -> None:
        serve_in_wal_mode(world.engine)
        self.world = world
        self.allow_reset = allow_reset
        self._lock = threading.Lock()
        self._identities = Identities(world)
        self._setup = Setup.of(world) if allow_reset else None

    @property
    def open(self) -> bool:
        """Whether any access key acts as admin (the world has no other principal)."""
        return self._identities.open

    def handle(self, request: HttpRequest) -> HttpResponse:
        """The response to one request; never raises."""
        request_id = str(uuid.uuid4())
        if request.path.startswith(ADMIN_PREFIX):
            return self._admin(request)
        credential: Credential | None = None
        service: Service | None = None
        try:
            credential = read_authorization(request)
            found = route(request, credential.service)
            service = found.service
            principal = self._principal(request, credential, service)
            params = parse_request(found, request)
            with self._lock:
                output = self.world.call(found.full_name, params, principal)
            return serialize_output(found, output, request_id)
        except ServiceError as error:
            service = service or _service_of(request, credential)
            return serialize_error(service, error, request_id, head=request.method == "HEAD")
        except Exception as error:  # a defect here must still answer as AWS would
            traceback.print_exc(file=sys.stderr)  # and be seen by whoever runs the server
            failure = InternalFailure(f"{type(error).__name__}: {error}")
            return serialize_error(service, failure, request_id)

    def _principal(self, request: HttpRequest, credential: Credential, service: Service) -> str:
        identities = self._identities
        identities.check_scope(credential, service.signing_name)
        if not identities.known(credential):
            with self._lock:  # a principal may have been added since: read the keys again
                identities.refresh(self.world)
        return identities.principal(request, credential)

    def reset(self) -> None:
        """Put the world back as it was set up (only when the endpoint was made to allow it)."""
        if self._setup is None:
            raise PermissionError("this endpoint was not started with reset allowed")
        with self._lock:
            self.world = self._setup.rebuild(self.world)
            serve_in_wal_mode(self.world.engine)
            self._identities.refresh(self.world)

    def _admin(self, request: HttpRequest) -> HttpResponse:
        if request.path == ADMIN_PREFIX + "health" and request.method == "GET":
            info = self.world.info()
            return _json(200, {"status": "ok", "account": info.account, "region": info.region})
        if request.path == ADMIN_PREFIX + "reset" and request.method == "POST":
            if not self.allow_reset:
                return _json(403, {"message": "reset is off: start the server with --allow-reset"})
            self.reset()
            return _json(200, {"status": "reset"})
        return _json(
            404, {"message": f"no such mlgov-sim request: {request.method} {request.path}"}
        )


def _service_of(request: HttpRequest, credential: Credential | None) -> Service | None:
    """The service a refused request was meant for, so its refusal is in the right protocol."""
    target = request.headers.get("x-amz-target")
    if target:
        return by_target_prefix(target.rpartition(".")[0])
    candidates = rest_services(credential.service if credential else "s3")
    return candidates[0] if len(candidates) == 1 else None


def _json(status: int, body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(status, {"Content-Type": "application/json"}, json.dumps(body).encode())
