"""The server of `pledgekit serve` against hostile requests, sent over raw sockets so that no
client tidies them first: it serves the output folder and nothing else, listens on loopback
by default, and holds 200 requests at once."""

from __future__ import annotations

import inspect
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pledgekit.cli.serve import serve as serve_command
from pledgekit.serve.live import LiveSite
from pledgekit.serve.run import serve as run_serve
from pledgekit.serve.server import make_server

SECRET = b"root:x:0:0:the secret outside the output folder\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server on a free loopback port for a small built site, with a secret beside it."""
    tmp_path = tmp_path_factory.mktemp("served")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_bytes(SECRET)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    output = tmp_path / "site"
    (output / "static").mkdir(parents=True)
    (output / "index.html").write_bytes(b"<!doctype html><title>home</title><body>home</body>")
    (output / "404.html").write_bytes(b"<!doctype html><title>gone</title><body>gone</body>")
    (output / "static/site.css").write_bytes(b"body { color: #123456 }\n" * 400)
    (output / ".pledgekit-output").write_bytes(b"generation 1234\n")
    (output / ".env").write_bytes(SECRET)
    (output / "static/escape.css").symlink_to(outside / "passwd")
    (output / "static/away").symlink_to(outside, target_is_directory=True)
    site = LiveSite(output)
    site.built()
    running = make_server(site, "127.0.0.1", 0)
    running.tmp_path = tmp_path  # type: ignore[attr-defined]
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    site.close()
    running.shutdown()
    running.server_close()


def raw(server, request: bytes, timeout: float = 10) -> tuple[int, bytes]:
    """Send the request's bytes as they are; the status and the whole answer."""
    with socket.create_connection(server.server_address[:2], timeout=timeout) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)  # all said: a request cut short ends here
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    if not status_line.startswith(b"HTTP/"):
        return 0, answer  # an HTTP/0.9 answer: the body alone
    return int(status_line.split()[1]), answer


def get(server, target: bytes) -> tuple[int, bytes]:
    return raw(server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")


@pytest.mark.parametrize(
    "target",
    [
        b"/../../etc/passwd",
        b"/../secret.txt",
        b"/%2e%2e/%2e%2e/etc/passwd",
        b"/%2e%2e/secret.txt",
        b"/%2E%2E/secret.txt",
        b"/..%2fsecret.txt",
        b"/..%2f..%2fetc/passwd",
        b"/static/..%2f..%2fsecret.txt",
        b"/static/..%5c..%5csecret.txt",
        b"/static/..\\..\\secret.txt",
        b"/%252e%252e/secret.txt",  # encoded twice
        b"/.%2e/secret.txt",
        b"/static/%2e%2e/%2e%2e/secret.txt",
        b"//etc/passwd",
        b"/./../secret.txt",
        b"http://127.0.0.1/../secret.txt",
        b"http://127.0.0.1/%2e%2e/secret.txt",
        b"http://evil.example/../../etc/passwd",
        b"/index.html%00",
        b"/index.html%00.css",
        b"/%00/../secret.txt",
        b"/static/escape.css",  # a link inside the output pointing outside it
        b"/static/away/passwd",
        b"/.pledgekit-output",  # hidden files
        b"/.env",
        b"/static/../.env",
        b"/%2eenv",
        b"/" + b"a" * 10_000,
        b"/" + b"../" * 3_000 + b"secret.txt",
        b"*",
        b"secret.txt",
    ],
)
def test_nothing_outside_the_output_folder_nor_hidden_is_served(server, target):
    status, answer = get(server, target)
    assert SECRET not in answer and b"root:" not in answer
    assert b"generation 1234" not in answer
    assert status in (400, 403, 404, 414, 431), (target[:80], status, answer[:200])


def test_a_malformed_request_line_is_refused_and_the_server_goes_on(server):
    for request in (
        b"GET /../secret.txt\r\n\r\n",  # HTTP/0.9: no version, the body alone back
        b"GET /%2e%2e/secret.txt\r\n\r\n",
        b"GET /static/escape.css\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/1.1 extra\r\n\r\n",
        b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40,  # TLS spoken to HTTP
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
    ):
        status, answer = raw(server, request)
        assert SECRET not in answer, request[:40]
        refused = b"gone" in answer or b"Error code: 400" in answer  # HTTP/0.9: no status line
        assert 400 <= status < 500 or (status == 0 and refused), (request[:40], answer)
    assert get(server, b"/")[0] == 200


def test_the_site_itself_is_served(server):
    status, answer = get(server, b"/")
    assert status == 200 and b"home" in answer
    status, answer = get(server, b"/static/site.css")
    assert status == 200 and answer.endswith(b"body { color: #123456 }\n" * 400)
    assert get(server, b"/static/../index.html")[0] == 200  # climbs, but stays inside


def test_it_listens_on_loopback_by_default(server):
    assert server.server_address[0] == "127.0.0.1"
    assert server.socket.getsockname()[0] == "127.0.0.1"
    host = next(option for option in serve_command.params if option.name == "host")
    assert host.default == "127.0.0.1"
    assert "host" in inspect.signature(run_serve).parameters  # no default of its own elsewhere


def test_200_requests_at_once_all_get_the_right_bytes(server):
    expected = (server.tmp_path / "site/static/site.css").read_bytes()
    count = 200
    ready = threading.Barrier(count)

    def one(number: int) -> tuple[int, bytes]:
        connection = socket.create_connection(server.server_address[:2], timeout=30)
        try:
            ready.wait(timeout=30)  # all connected at once before any asks
            connection.sendall(
                f"GET /static/site.css?n={number} HTTP/1.1\r\nHost: x\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        finally:
            connection.close()
        head, _, body = answer.partition(b"\r\n\r\n")
        return int(head.split()[1]), body

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(one, range(count), timeout=60))
    seconds = time.monotonic() - started
    statuses = [status for status, _ in results]
    assert statuses == [200] * count
    assert all(body == expected for _, body in results)
    assert seconds < 30, seconds
    print(f"{count} concurrent requests in {seconds:.2f} s, no error")


def test_the_listen_queue_holds_a_burst_of_connections(server):
    """Connections that arrive faster than they are accepted wait in the queue, not refused."""
    assert server.request_queue_size >= 200
    connections = [
        socket.create_connection(server.server_address[:2], timeout=30) for _ in range(200)
    ]
    try:
        for connection in connections:
            connection.sendall(b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        for connection in connections:
            assert connection.recv(64).startswith(b"HTTP/1.0 200")
    finally:
        for connection in connections:
            connection.close()


def test_the_server_socket_is_bound_where_asked_and_nowhere_else(tmp_path):
    site = LiveSite(Path(tmp_path))
    running = make_server(site, "127.0.0.1", 0)
    try:
        assert running.socket.family == socket.AF_INET
        assert running.socket.getsockname()[0] == "127.0.0.1"
    finally:
        running.server_close()


@pytest.mark.parametrize(
    ("options", "host", "warned"),
    [
        ((), "127.0.0.1", False),
        (("--host", "::1"), "::1", False),
        (("--host", "localhost"), "localhost", False),
        (("--host", "0.0.0.0"), "0.0.0.0", True),
        (("--host", "::"), "::", True),
    ],
)
def test_the_command_listens_on_loopback_unless_told_and_warns_when_told(
    monkeypatch, options, host, warned
):
    from click.testing import CliRunner

    from pledgekit.cli import main
    from pledgekit.serve import run

    asked = []
    monkeypatch.setattr(run, "serve", lambda source, host, port, **rest: asked.append(host))
    result = CliRunner().invoke(main, ["serve", *options])
    assert result.exit_code == 0, result.output
    assert asked == [host]
    assert ("Warning: listening on" in result.output) is warned
