"""boto3 against a world, in-process: mlgov-sim's answer to moto's `mock_aws`.

    from mlgov_sim.testing import mock_aws      # was: from moto import mock_aws

    @mock_aws
    def test_approval_lambda():
        ...                                      # boto3 calls reach a fresh World

While a mock is active, every boto3/botocore request for a service mlgov-sim
serves (sagemaker, s3, cloudwatch, sagemaker-runtime) is answered by the
same `Endpoint` that `mlgov-sim serve` runs, through botocore's `before-send`
event (as moto does), so nothing leaves the process: the request is signed,
routed, parsed, run as one `World.call` and serialised exactly as over HTTP.
Requests for other services are left alone (they go wherever they would).

The mock exposes its world, so a test can assert on what only the simulator
knows: `mock.world.events()`, `mock.world.audit_log()`, lineage.

The handler is added to botocore's built-in handlers when this module is
imported, so it reaches every client created afterwards; create clients inside
the mock (or after importing this module), as with moto. Environment
credentials are set to admin's key while the mock is active, so code that
reads them acts as admin.

pytest: `pytest_plugins = ["mlgov_sim.testing"]` in a conftest.py gives the
`mlgov_aws` fixture (an active `MockAWS` on a fresh world). `serving()` runs
a world's endpoint on a free local port instead, for clients that need HTTP.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import ContextDecorator, contextmanager
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botocore.auth import _host_from_url
from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HeadersDict
from botocore.handlers import BUILTIN_HANDLERS

from mlgov_sim.app import World
from mlgov_sim.core.keys import AccessKey, derive_key
from mlgov_sim.core.world import ADMIN, DEFAULT_ACCOUNT, DEFAULT_CLOCK, DEFAULT_REGION
from mlgov_sim.server.endpoint import Endpoint
from mlgov_sim.server.http import RunningServer, start_in_thread
from mlgov_sim.server.messages import Headers, HttpRequest
from mlgov_sim.server.services import served

if TYPE_CHECKING:
    import boto3

__all__ = ["MockAWS", "mock_aws", "serving"]

# botocore's event names carry the hyphenised service ID: before-send.sagemaker-runtime.X
_SERVED_IDS = frozenset(service.model.service_id.hyphenize() for service in served())
_ACTIVE: list[MockAWS] = []  # innermost last; the innermost mock answers
_ACTIVE_LOCK = threading.Lock()
_HANDLER_ID = "mlgov-sim-mock"


class MockAWS(ContextDecorator):
    """Routes boto3 requests for the served services into a World while active.

    With no `world`, each activation creates a fresh one in memory (or at
    `db`) in `region` (default: AWS_DEFAULT_REGION, else us-east-1), so a
    decorated test starts from nothing each time.
    """

    def __init__(
        self,
        world: World | None = None,
        *,
        region: str | None = None,
        account: str = DEFAULT_ACCOUNT,
        clock: datetime = DEFAULT_CLOCK,
        db: str | Path | None = None,
        set_credentials: bool = True,
    ) -> None:
        self._given = world
        self._region = region
        self._account = account
        self._clock = clock
        self._db = db
        self._set_credentials = set_credentials
        self._endpoint: Endpoint | None = None
        self._saved_env: dict[str, str | None] = {}

    # -- what a test reads --------------------------------------------------

    @property
    def endpoint(self) -> Endpoint:
        if self._endpoint is None:
            raise RuntimeError("the mock is not active: use it as `with mock_aws() as mock:`")
        return self._endpoint

    @property
    def world(self) -> World:
        """The world the requests reach: read its events, audit log and resources."""
        return self.endpoint.world

    def keys(self, principal: str = ADMIN) -> AccessKey:
        """The access key pair `principal` signs with (admin's works in any world)."""
        seed = self.world.info().seed
        for row in self.world.principals():
            if row.name == principal:
                return derive_key(seed, row.account, row.name)
        raise KeyError(f"the world has no principal named {principal!r}")

    def session(self, principal: str = ADMIN) -> boto3.Session:
        """A boto3 Session acting as `principal`, in the world's region."""
        import boto3

        key = self.keys(principal)
        return boto3.Session(
            aws_access_key_id=key.access_key_id,
            aws_secret_access_key=key.secret_access_key,
            region_name=self.world.info().region,
        )

    def reset(self) -> None:
        """Put the world back as it was when the mock started (set-up kept, resources gone)."""
        self.endpoint.reset()

    # -- activation ---------------------------------------------------------

    def __enter__(self) -> MockAWS:
        world = self._given or World.create(
            self._db,
            account=self._account,
            region=self._region or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION,
            clock=self._clock,
            replace=True,
        )
        self._endpoint = Endpoint(world, allow_reset=True)
        if self._set_credentials:
            admin = self.keys(ADMIN)
            self._set_env("AWS_ACCESS_KEY_ID", admin.access_key_id)
            self._set_env("AWS_SECRET_ACCESS_KEY", admin.secret_access_key)
        _register_on_default_session()
        with _ACTIVE_LOCK:
            _ACTIVE.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        with _ACTIVE_LOCK:
            _ACTIVE.remove(self)
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env = {}

    def _set_env(self, name: str, value: str) -> None:
        self._saved_env.setdefault(name, os.environ.get(name))
        os.environ[name] = value

    # -- answering ----------------------------------------------------------

    def respond(self, request: AWSPreparedRequest) -> AWSResponse:
        """The world's answer to one prepared botocore request."""
        answer = self.endpoint.handle(_as_http_request(request))
        return AWSResponse(
            request.url, answer.status, HeadersDict(answer.headers), _RawBody(answer.body)
        )


@contextmanager
def serving(world: World | None = None, *, allow_reset: bool = False) -> Iterator[RunningServer]:
    """`world` (default: a fresh one in memory) served on 127.0.0.1, a free port, a thread.

    For suites that test something which must talk HTTP (a subprocess, the AWS
    CLI, another SDK): point it at `server.url`.
    """
    endpoint = Endpoint(world or World.create(), allow_reset=allow_reset)
    with start_in_thread(endpoint) as server:
        yield server


def mock_aws(world: World | None = None, **options: Any) -> MockAWS:
    """A `MockAWS`: `with mock_aws() as mock:`, or `@mock_aws` on a test function or class."""
    if callable(world) and not isinstance(world, World):  # bare @mock_aws
        return MockAWS()(world)  # type: ignore[return-value]
    return MockAWS(world, **options)


def _route(event_name: str, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
    """botocore's before-send hook: answer from the active mock, or let the request go."""
    if not _ACTIVE:
        return None
    service_id = event_name.split(".")[1] if event_name.count(".") >= 1 else ""
    if service_id not in _SERVED_IDS:
        return None
    return _ACTIVE[-1].respond(request)


def _as_http_request(request: AWSPreparedRequest) -> HttpRequest:
    """What the socket server would have received for this request."""
    body = request.body
    if body is None:
        data = b""
    elif isinstance(body, bytes | bytearray):
        data = bytes(body)
    elif isinstance(body, str):
        data = body.encode()
    else:  # a file-like upload: read it, and leave it where a retry expects it
        start = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if start is not None and hasattr(body, "seek"):
            body.seek(start)
        data = data.encode() if isinstance(data, str) else data
    url = request.url
    after_scheme = url.split("://", 1)[-1]
    slash = after_scheme.find("/")
    target = after_scheme[slash:] if slash >= 0 else "/"
    headers = Headers([(name, _text(value)) for name, value in request.headers.items()])
    if "host" not in headers:
        headers.add("Host", _host_from_url(url))
    return HttpRequest(request.method, target, headers, data)


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


class _RawBody(BytesIO):
    """What botocore reads a response body from (`stream()` for content, `read()` for streams)."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        chunk = self.read()
        while chunk:
            yield chunk
            chunk = self.read()


def _default_session() -> Any:
    boto3 = sys.modules.get("boto3")
    return getattr(boto3, "DEFAULT_SESSION", None) if boto3 else None


# A boto3 default session made before this import lacks the built-in handler added below.
_EARLIER_SESSION = _default_session()


def _register_on_default_session() -> None:
    """Reach new clients of boto3's default session when it was made before this module."""
    session = _default_session()
    if session is not None and session is _EARLIER_SESSION:
        session.events.register("before-send", _route, unique_id=_HANDLER_ID)


BUILTIN_HANDLERS.append(("before-send", _route))

try:
    import pytest
except ImportError:  # pytest is only needed for the fixture
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture
    def mlgov_aws() -> Iterator[MockAWS]:
        """An active mock on a fresh world: boto3 clients made in the test reach it."""
        with MockAWS() as mock:
            yield mock
