"""The HTTP plumbing every stand-in API of the tests shares: a scripted answer, a handler that
sends an answer whole and keeps quiet, and a server on a port of 127.0.0.1 that starts, gives
its address and stops."""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


@dataclass
class Answer:
    """A scripted answer, served once in place of the real one."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class StandInHandler(BaseHTTPRequestHandler):
    """A request handler that answers with a status, a body and its headers, as APIs do."""

    def send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        """The answer, with its Date (a scripted one if `headers` has it) and Content-Length."""
        self.send_response_only(status)
        self.send_header("Date", headers.pop("Date", None) or self.date_time_string())
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # A client that stopped reading (a bounded read, a sync killed while it waited) is gone.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def send_answer(self, answer: Answer) -> None:
        self.send(answer.status, answer.body, dict(answer.headers))

    def send_json(self, status: int, body: Any) -> None:
        self.send(status, json.dumps(body).encode(), {"Content-Type": "application/json"})

    def log_message(self, *arguments: object) -> None:
        pass  # quiet tests


class LocalServer:
    """A threading HTTP server of `handler` on a free port of 127.0.0.1."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> str:
        """Serves in a thread of its own; gives the address."""
        # A short poll, so that stop() returns at once.
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self.address

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class ServedStandIn:
    """A stand-in API served by the handler it makes: start() serves it and gives `base`, its
    address (with `path`, where the API lives below the host); stop() ends it; `with` does both."""

    path = ""
    base = ""
    _server: LocalServer | None = None

    def handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    def start(self) -> str:
        self._server = LocalServer(self.handler())
        self.base = self._server.start() + self.path
        return self.base

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exception: object) -> None:
        self.stop()
