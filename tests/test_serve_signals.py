"""`pledgekit serve` stops at once on Ctrl-C (SIGINT) or SIGTERM: within half a second of the
signal, with its port free, no traceback, and a build in progress abandoned."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import FIXTURES, REPOSITORY
from test_serve import Served

NOW = "2026-11-26T12:00:00+01:00"
# Seconds from the signal to the process's end: half a second, as promised. When the suite
# runs on every core (pytest-xdist), another test's build competes for the CPU and the same
# stop was seen to take 0.57-0.82 s; the allowance there still catches a serve that waits for
# a build or a request to finish (seconds).
PROMPT = 0.5 if os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") == "1" else 1.5
SERVE = [sys.executable, "-m", "pledgekit", "serve"]


def port_of(address: str) -> int:
    return int(address.rstrip("/").rsplit(":", 1)[1])


def listen_on(port: int) -> None:
    """Listen on the port as another server would (SO_REUSEADDR, as `serve` itself does):
    this fails while any process still listens on it."""
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))
        again.listen()


def stopped_in(process: subprocess.Popen, how: int) -> float:
    """Seconds from sending `how` to the process's end."""
    sent = time.monotonic()
    process.send_signal(how)
    process.wait(timeout=10)
    return time.monotonic() - sent


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def site(tmp_path) -> Path:
    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    return source


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_within_half_a_second_and_frees_its_port(site, how):
    served = Served(site)
    try:
        assert served.get("campaigns/live-lamp/")[0] == 200  # it answers
        stream = served.events()  # an open event stream does not hold it up
        stream.next_event()
        seconds = stopped_in(served.process, how)
        assert served.process.returncode == 0
        assert seconds < PROMPT, f"stopped {seconds:.3f} s after the signal"
        served.wait_for(r"^Stopped\.$")
        while not served.lines.empty():
            served.printed.append(served.lines.get())
        assert not [line for line in served.printed if "Traceback" in line], served.printed
        listen_on(port_of(served.address))  # the port is free
    finally:
        served.stop()


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_a_build_abandons_it(tmp_path, how):
    """Signalled while its first build renders 40 campaigns in two worker processes: it ends
    as promptly, the workers too, and leaves the folder it was run in as it was."""
    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    for number in range(8):
        for campaign in sorted((FIXTURES / "states" / "campaigns").iterdir()):
            shutil.copytree(campaign, source / "campaigns" / f"{campaign.name}-{number}")
    earlier = tmp_path / "output"  # what an earlier `pledgekit build` left: serve never touches it
    earlier.mkdir()
    (earlier / "index.html").write_text("<h1>Built before</h1>\n")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    process = subprocess.Popen(
        [*SERVE, "--source", str(source), "--port", "0", "--now", NOW, "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY), "TMPDIR": str(scratch)},
        start_new_session=True,  # its workers are its own, and ours to check
    )
    try:
        assert process.stdout is not None
        printed = [process.stdout.readline()]
        assert printed[0].startswith(f"Building {source} to serve at http://127.0.0.1:")
        time.sleep(0.3)  # into the rendering
        seconds = stopped_in(process, how)
        printed += process.stdout.readlines()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert not any(line.startswith("Serving") for line in printed), printed  # it was building
    assert printed[-1] == "Stopped.\n" and process.returncode == 0, printed
    assert not [line for line in printed if "Traceback" in line], "".join(printed)
    assert seconds < PROMPT, f"stopped {seconds:.3f} s after the signal"
    with pytest.raises(ProcessLookupError):  # no worker outlives it
        os.killpg(process.pid, 0)
    assert list(scratch.iterdir()) == []  # the half-built site went with its temporary folder
    assert snapshot(earlier) == {
        "index.html": hashlib.sha256(b"<h1>Built before</h1>\n").hexdigest()
    }
