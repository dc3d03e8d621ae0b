"""`mlgov-sim serve`: the world as an AWS endpoint for boto3, the AWS CLI and SDKs."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from mlgov_sim.app import NoWorld, World
from mlgov_sim.cli.errors import InvalidInput
from mlgov_sim.cli.options import db_option
from mlgov_sim.server import DEFAULT_HOST, DEFAULT_PORT, Endpoint
from mlgov_sim.server.endpoint import ADMIN_PREFIX
from mlgov_sim.server.http import EndpointServer

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@db_option
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on; anything but loopback lets other machines in.",
)
@click.option(
    "--port", default=DEFAULT_PORT, show_default=True, help="Port to listen on (0: any free port)."
)
@click.option(
    "--allow-reset",
    is_flag=True,
    help=f"Accept POST {ADMIN_PREFIX}reset, which empties the world back to its set-up.",
)
@click.option("--log", "log_requests", is_flag=True, help="Print each request to stderr.")
def serve(db: str | None, host: str, port: int, allow_reset: bool, log_requests: bool) -> None:
    """Serve a world over HTTP as AWS does, for boto3, the AWS CLI and any AWS SDK.

    SageMaker requests (and, as they are simulated, S3, CloudWatch and
    sagemaker-runtime ones) run as calls in the world, with the same
    validation, IAM, events and audit trail as scenarios. A world whose only
    principal is admin takes any access key as admin; otherwise each
    principal signs with its own key (`mlgov-sim keys`). A --db that holds
    no world yet gets a new one. Ctrl-C stops the server.

    Example:

    \b
        mlgov-sim serve --db churn.db
        aws sagemaker list-model-package-groups \\
            --endpoint-url http://127.0.0.1:8711 --region us-east-1
    """
    world, created = _open_or_create(db)
    endpoint = Endpoint(world, allow_reset=allow_reset)
    try:
        server = EndpointServer(endpoint, host, port, log=log_requests)
    except OSError as error:
        raise InvalidInput(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    _stop_on_signals()  # before the banner: once it is out, a harness may stop the server
    try:
        click.echo(_banner(endpoint, server.url, db, created=created, allow_reset=allow_reset))
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()
        endpoint.world.engine.dispose()  # the last connection out folds the WAL into the file


def _banner(
    endpoint: Endpoint, url: str, db: str | None, *, created: bool, allow_reset: bool
) -> str:
    """What is served where, who may connect, which keys work, and a first command to try."""
    info = endpoint.world.info()
    host = url.split("//", 1)[1].rsplit(":", 1)[0].strip("[]")
    where = db or "memory (gone when the server stops)"
    lines = [
        f"Serving {'a new world in ' if created else 'the world in '}{where}"
        f" (account {info.account}, region {info.region})",
        f"  endpoint  {url}",
    ]
    if host in _LOOPBACK:
        lines.append(
            "            only this machine can connect (--host 0.0.0.0 opens it to others)"
        )
    else:
        lines.append(
            click.style(
                f"            listening on {host}: other machines can reach it", fg="yellow"
            )
        )
    if endpoint.open:
        lines.append("  keys      any access key acts as admin (the world has no other principal)")
    else:
        lines.append(f"  keys      each principal has its own: mlgov-sim keys --db {db}")
    if allow_reset:
        lines.append(f"  reset     POST {url}{ADMIN_PREFIX}reset")
    lines.append(
        f"  try       aws sagemaker list-model-package-groups --endpoint-url {url} "
        f"--region {info.region}"
    )
    lines.append("Ctrl-C stops the server.")
    return "\n".join(lines)


def _stop_on_signals() -> None:
    """Ctrl-C and a harness's SIGTERM both stop the server cleanly.

    SIGINT is reset too: a shell without job control starts background
    commands with it ignored, and `kill -INT` should still stop the server.
    """

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop)


def _open_or_create(db: str | None) -> tuple[World, bool]:
    """The world at `db`, made if the file does not exist yet (memory when no --db)."""
    if db is None:
        return World.create(), True
    if "://" not in db and not Path(db).exists():
        return World.create(db), True
    try:
        return World.open(db), False
    except NoWorld as error:
        raise InvalidInput(
            f"{error}: choose another --db, or a file that does not exist yet"
        ) from error
