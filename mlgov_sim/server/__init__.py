"""The AWS endpoint: boto3, the AWS CLI and any SDK talk to a world as they talk to AWS.

    messages     the HTTP request and response, whoever carried them
    signing      SigV4: read the Authorization header, recompute the signature
    identity     which principal an access key is; region and service scope
    services     the served services and the protocol botocore uses for each
    routing      which operation a request names (X-Amz-Target, REST URIs)
    parsing      the request's input, from where the model says it travels
    serializing  the output or the refusal, as botocore's parser expects it
    endpoint     the chain above around one `World.call`
    http         the threaded HTTP/1.1 server (`mlgov-sim serve`)
    reset        putting the world back as it was set up (`--allow-reset`)

`mlgov_sim.testing` uses the same `Endpoint` without a socket.
"""

from mlgov_sim.server.endpoint import Endpoint
from mlgov_sim.server.http import DEFAULT_HOST, DEFAULT_PORT, RunningServer, start_in_thread
from mlgov_sim.server.identity import world_keys

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "Endpoint",
    "RunningServer",
    "start_in_thread",
    "world_keys",
]
