"""`mlgov-sim serve`: the world as an AWS endpoint for boto3, the AWS CLI and SDKs."""

from __future__ import annotations

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
    info = world.info()
    where = db or "memory (gone when the server stops)"
    click.echo(
        f"Serving {'a new world in ' if created else 'the world in '}{where}"
        f" (account {info.account}, region {info.region})"
    )
    click.echo(f"  endpoint  {server.url}")
    if host in _LOOPBACK:
        click.echo("            only this machine can connect (--host 0.0.0.0 opens it to others)")
    else:
        click.echo(
            click.style(
                f"            listening on {host}: other machines can reach this world", fg="yellow"
            )
        )
    if endpoint.open:
        click.echo("  keys      any access key acts as admin (the world has no other principal)")
    else:
        click.echo(f"  keys      each principal has its own: mlgov-sim keys --db {db}")
    if allow_reset:
        click.echo(f"  reset     POST {server.url}{ADMIN_PREFIX}reset")
    click.echo(
        f"  try       aws sagemaker list-model-package-groups --endpoint-url {server.url} "
        f"--region {info.region}"
    )
    click.echo("Ctrl-C stops the server.", nl=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()


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
