"""`mlgov-sim keys`: the access keys a world's principals sign requests with."""

from __future__ import annotations

import json

import click

from mlgov_sim.cli.saved import db_required, open_saved_world
from mlgov_sim.server import world_keys


@click.command()
@click.option("--db", "db", **db_required)
@click.option("--principal", help="Only this principal's key.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "env", "credentials"]),
    default="text",
    show_default=True,
    help="text for people; json; env: export lines for one principal (admin unless "
    "--principal); credentials: a shared credentials file, a profile per principal.",
)
def keys(db: str, principal: str | None, output_format: str) -> None:
    """Show the access key each principal of a world signs requests with.

    Keys are derived from the world (its seed, account and the principal's
    name), so they never change and need no storing. They choose who acts
    when `mlgov-sim serve` checks a request's SigV4 signature; they are not
    secrets. A world whose only principal is admin accepts any key as admin.

    Example:

    \b
        mlgov-sim keys --db team.db
        mlgov-sim keys --db team.db --format credentials > team-credentials
        AWS_SHARED_CREDENTIALS_FILE=team-credentials aws --profile alice \\
            sagemaker list-model-packages --endpoint-url http://127.0.0.1:8711
    """
    world = open_saved_world(db)
    found = world_keys(world)
    if principal is not None:
        found = [key for key in found if key.principal == principal]
        if not found:
            names = ", ".join(key.principal for key in world_keys(world))
            raise click.ClickException(f"no principal named {principal!r} (the world has {names})")
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "principal": key.principal,
                        "accessKeyId": key.access_key_id,
                        "secretAccessKey": key.secret_access_key,
                    }
                    for key in found
                ],
                indent=2,
            )
        )
    elif output_format == "env":
        key = found[0]
        region = world.info().region
        click.echo(f"export AWS_ACCESS_KEY_ID={key.access_key_id}")
        click.echo(f"export AWS_SECRET_ACCESS_KEY={key.secret_access_key}")
        click.echo(f"export AWS_DEFAULT_REGION={region}")
    elif output_format == "credentials":
        for i, key in enumerate(found):
            if i:
                click.echo()
            click.echo(f"[{key.principal}]")
            click.echo(f"aws_access_key_id = {key.access_key_id}")
            click.echo(f"aws_secret_access_key = {key.secret_access_key}")
    else:
        width = max(len("principal"), *(len(key.principal) for key in found))
        click.echo(f"{'principal':<{width}}  {'access key id':<20}  secret access key")
        for key in found:
            click.echo(
                f"{key.principal:<{width}}  {key.access_key_id:<20}  {key.secret_access_key}"
            )
        if len(world_keys(world)) == 1:
            click.echo("(admin is the only principal: `mlgov-sim serve` takes any key as admin)")
