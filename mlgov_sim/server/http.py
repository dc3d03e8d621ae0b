"""The socket side: a threaded HTTP/1.1 server handing each request to an `Endpoint`.

HTTP/1.1 with Content-Length on every response keeps boto3's pooled
connections open between calls. Each connection gets a thread; the endpoint
queues their calls for the world.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from mlgov_sim.server.endpoint import Endpoint
from mlgov_sim.server.messages import Headers, HttpRequest

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8711


class EndpointServer(ThreadingHTTPServer):
    """An HTTP server whose handler threads share one `Endpoint`."""

    daemon_threads = True
    request_queue_size = 128  # 50 clients connecting at once must not be turned away

    def __init__(
        self, endpoint: Endpoint, host: str = DEFAULT_HOST, port: int = 0, *, log: bool = False
    ) -> None:
        self.endpoint = endpoint
        self.log = log
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the second waits
    # for the client's delayed ACK (40 ms a call).
    disable_nagle_algorithm = True
    server: EndpointServer

    def _serve(self) -> None:
        request = HttpRequest(
            method=self.command,
            target=self.path,
            headers=Headers(list(self.headers.items())),
            body=self._read_body(),
        )
        response = self.server.endpoint.handle(request)
        self.send_response(response.status)
        length = str(len(response.body))
        for name, value in response.headers.items():
            if name.lower() == "content-length":  # an output member (S3's ContentLength)
                if self.command == "HEAD":  # HEAD tells the length GET would send
                    length = value
                continue
            self.send_header(name, value)
        self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _serve

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


@dataclass
class RunningServer:
    """A server answering in a background thread (tests, benchmarks, the mock's neighbours)."""

    server: EndpointServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def endpoint(self) -> Endpoint:
        return self.server.endpoint

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_in_thread(endpoint: Endpoint, host: str = DEFAULT_HOST, port: int = 0) -> RunningServer:
    """Serve `endpoint` from a daemon thread (port 0: any free port; see `.url`)."""
    server = EndpointServer(endpoint, host, port)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},  # stop() waits up to this long: tests start many servers
        name="mlgov-sim-server",
        daemon=True,
    )
    thread.start()
    return RunningServer(server, thread)
