"""`pledgekit serve` as a creator runs it: a real process on a free loopback port, pages fetched
over HTTP, files edited on disk, the reload signal read from the event stream, Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import FIXTURES, REPOSITORY

NOW = "2026-11-26T12:00:00+01:00"
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy


class Served:
    """A running `pledgekit serve` and what it printed."""

    def __init__(self, source: Path, *options: str, environment: dict[str, str] | None = None):
        environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), **(environment or {})}
        command = [sys.executable, "-m", "pledgekit", "serve", "--source", str(source)]
        self.process = subprocess.Popen(
            [*command, "--port", "0", "--now", NOW, "--jobs", "1", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.printed: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        found = self.wait_for(r"^Serving .* at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)$")
        self.address = found.group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, seconds: float = 20) -> re.Match:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.printed.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.printed))

    def get(self, path: str) -> tuple[int, str, str]:
        """Status, content type and text of the page at `path`."""
        try:
            with DIRECT.open(self.address + path.lstrip("/"), timeout=10) as response:
                return response.status, response.headers["Content-Type"], response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read().decode()

    def events(self):
        """The event stream, opened: next_event() gives each build's version as it comes."""
        return EventStream(DIRECT.open(self.address + "__pledgekit/events", timeout=15))

    def stop(self, how: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(how)
        try:
            return self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class EventStream:
    def __init__(self, response):
        self.response = response

    def next_event(self) -> str:
        data = None
        while True:
            line = self.response.readline().decode()
            if line == "":
                raise AssertionError("the event stream ended")
            if line.startswith("data: "):
                data = line.removeprefix("data: ").strip()
            elif line == "\n" and data is not None:
                return data


@pytest.fixture
def site(tmp_path) -> Path:
    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    return source


@pytest.fixture
def served(site):
    server = Served(site)
    yield server
    server.stop()


def title_of(text: str) -> str:
    return BeautifulSoup(text, "html5lib").select_one("h1").get_text(strip=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edit_is_served_and_the_open_tabs_told_to_reload(served, site):
    status, kind, page = served.get("campaigns/live-lamp/")
    assert (status, kind) == (200, "text/html")  # the page's own <meta charset> says which
    assert title_of(page) == "Campaign live-lamp"
    shown = re.search(r'data-version="([^"]+)"', page).group(1)
    stream = served.events()
    assert stream.next_event() == shown  # the page is the current build

    started = time.monotonic()
    edit(site / "campaigns/live-lamp/campaign.yaml", "title: Campaign", "title: Edited campaign")
    newer = stream.next_event()
    assert newer != shown and time.monotonic() - started < 10
    status, _, page = served.get("campaigns/live-lamp/")
    assert status == 200 and title_of(page) == "Edited campaign live-lamp"
    assert f'data-version="{newer}"' in page
    served.wait_for(r"^Built in [\d.]+ s: 1 of 5 campaigns rendered")


def test_a_broken_file_shows_its_error_until_it_is_fixed(served, site):
    stream = served.events()
    first = stream.next_event()
    campaign = site / "campaigns/live-lamp/campaign.yaml"
    original = campaign.read_text()
    campaign.write_text(original.replace("goal: ", "goal: [", 1))
    broken = stream.next_event()
    assert broken != first
    status, kind, page = served.get("campaigns/live-lamp/")
    assert (status, kind) == (500, "text/html; charset=utf-8")
    error = BeautifulSoup(page, "html5lib")
    assert error.select_one("h1").text == "The site could not be built"
    problems = [li.get_text(" ", strip=True) for li in error.select(".problems li")]
    # The unclosed [ is found on the next line by YAML, and reported where it opens.
    assert problems == [
        "content/campaigns/live-lamp/campaign.yaml:5:7 YAML syntax error: the value of 'goal' "
        "opens a list with [ that is never closed; close it (goal: [10000]) or, for text, put "
        'it in quotes (goal: "[10000")'
    ]
    assert f'data-version="{broken}"' in page  # the error page reloads itself too
    assert served.get("")[0] == 500  # every page says so
    assert served.get("static/style.css")[0] == 200  # other files are served as last built
    served.wait_for(r"campaign\.yaml:\d+:\d+: .*")

    campaign.write_text(original)
    assert stream.next_event() != broken
    status, _, page = served.get("campaigns/live-lamp/")
    assert status == 200 and title_of(page) == "Campaign live-lamp"


def test_links_work_at_the_served_root_and_nothing_outside_is_served(served):
    _, _, page = served.get("campaigns/live-lamp/")
    document = BeautifulSoup(page, "html5lib")
    canonical = document.select_one('link[rel="canonical"]')["href"]
    assert canonical == served.address + "campaigns/live-lamp/"
    stylesheet = document.select_one('link[rel="stylesheet"]')["href"]
    resolved = urllib.parse.urljoin(served.address + "campaigns/live-lamp/", stylesheet)
    assert served.get(resolved.removeprefix(served.address))[:2] == (200, "text/css")
    assert served.get("campaigns/live-lamp")[0] == 200  # redirected to the folder's page
    for hidden in (
        "../../../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        ".pledgekit-output",
        "static/%00.css",
        "a" * 300,
    ):
        status, _, text = served.get(hidden)
        assert status == 404 and "root:" not in text, hidden
    request = urllib.request.Request(served.address + "campaigns/live-lamp?from=mail")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as moved:
        opener.open(request, timeout=10)
    assert moved.value.code == 301
    assert moved.value.headers["Location"] == "/campaigns/live-lamp/?from=mail"


def test_head_requests_get_headers_only(served):
    for path, kind in (("campaigns/live-lamp/", "text/html"), ("__pledgekit/events", None)):
        request = urllib.request.Request(served.address + path, method="HEAD")
        with DIRECT.open(request, timeout=10) as response:
            assert response.status == 200 and response.read() == b""
            if kind:
                assert response.headers["Content-Type"] == kind
                assert int(response.headers["Content-Length"]) > 1000


def test_the_reload_script_goes_before_the_last_body_end_whatever_the_text():
    from pledgekit.serve.server import with_reload

    turkish = "<body><h1>İstanbul İzmir</h1></BODY >".encode()
    result = with_reload(turkish, "v1")
    assert result.startswith("<body><h1>İstanbul İzmir</h1><script src=".encode())
    assert result.endswith(b"</script>\n</BODY >")
    latin = "<html><body>Café</body></html>".encode("latin-1")  # not UTF-8: kept byte for byte
    assert with_reload(latin, "v1").startswith("<html><body>Café<script src=".encode("latin-1"))
    assert with_reload(b"<p>no end", "v1").startswith(b"<p>no end<script src=")
    # A file, not inline code, so that the pages' Content-Security-Policy lets it run.
    assert b'src="/__pledgekit/reload.js" data-version="v1"' in with_reload(b"", "v1")


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=str)
def test_ctrl_c_stops_cleanly_and_leaves_no_temporary_site(site, tmp_path, how):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    server = Served(site, environment={"TMPDIR": str(scratch)})
    stream = server.events()  # an open event stream must not hold the server up
    stream.next_event()
    assert [p.name.startswith("pledgekit-serve-") for p in scratch.iterdir()] == [True]
    assert server.stop(how) == 0  # Ctrl-C, a kill, a closed terminal
    server.wait_for(r"^Stopped\.$")
    assert list(scratch.iterdir()) == []


def test_drafts_are_served_only_when_asked_and_marked(site):
    edit(site / "campaigns/live-lamp/campaign.yaml", "\ntiers:\n", "\ndraft: true\ntiers:\n")
    plain = Served(site)
    try:
        assert plain.get("campaigns/live-lamp/")[0] == 404
    finally:
        plain.stop()
    drafts = Served(site, "--drafts")
    try:
        status, _, page = drafts.get("campaigns/live-lamp/")
        assert status == 200
        notice = BeautifulSoup(page, "html5lib").select_one(".draft-notice")
        assert notice.get_text(" ", strip=True).startswith("Draft")
    finally:
        drafts.stop()


def test_a_port_in_use_is_a_clear_error(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pledgekit",
                "serve",
                "--source",
                str(site),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        )
    assert result.returncode == 2
    assert (
        f"port {port} on 127.0.0.1 is in use (another server?): try --port {port + 1}"
        in result.stderr
    )


def test_a_file_saved_during_a_build_is_built_next(site, monkeypatch):
    """The watcher runs from before the first build: a save made after the build has read the
    files, before it ends, is seen and built by the next build."""
    from datetime import datetime

    from pledgekit.serve import run

    campaign = site / "campaigns/live-lamp/campaign.yaml"
    builds = []
    real_build = run.build

    def build_then_save(*args, **options):
        result = real_build(*args, **options)
        builds.append(result.rendered)
        if len(builds) == 1:
            edit(campaign, "title: Campaign", "title: Saved-during-build campaign")
        return result

    monkeypatch.setattr(run, "build", build_then_save)
    said: list[str] = []
    stop = threading.Event()

    def say(line: str) -> None:
        said.append(line)
        if len(builds) == 2:
            stop.set()

    def clock() -> datetime:
        return datetime.fromisoformat(NOW)

    thread = threading.Thread(
        target=run.serve,
        args=(site, "127.0.0.1", 0, clock, say),
        kwargs={"jobs": 1, "stop": stop},
    )
    thread.start()
    thread.join(timeout=30)
    stop.set()
    thread.join(timeout=10)
    assert said[-1] == "Stopped.", said
    assert builds == [5, 1]
    assert "Changed: campaigns/live-lamp/campaign.yaml" in said


def test_pages_asked_for_before_the_first_build_wait_for_it(tmp_path):
    """The server answers at once; until the first build ends a page says so and reloads."""
    from pledgekit.serve.live import LiveSite
    from pledgekit.serve.server import make_server

    live = LiveSite(tmp_path / "site")
    server = make_server(live, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with pytest.raises(urllib.error.HTTPError) as waiting:
            DIRECT.open(address + "campaigns/x/", timeout=10)
        assert waiting.value.code == 503
        page = waiting.value.read().decode()
        assert "<h1>Building the site…</h1>" in page
        assert f'data-version="{live.version}"' in page
        (tmp_path / "site").mkdir()
        (tmp_path / "site/index.html").write_text("<html><body><h1>Home</h1></body></html>")
        live.built()
        with DIRECT.open(address, timeout=10) as response:
            assert response.status == 200 and b"<h1>Home</h1>" in response.read()
    finally:
        live.close()
        server.shutdown()
        server.server_close()


def test_warnings_are_printed_once_while_they_last(site, tmp_path):
    from datetime import datetime

    from pledgekit.build import Preview
    from pledgekit.serve.live import LiveSite
    from pledgekit.serve.run import Builder

    edit(site / "site.yaml", "title:", "translations: {de: {title: Fonds}}\ntitle:")
    said: list[str] = []
    rebuild = Builder(
        site,
        LiveSite(tmp_path / "site"),
        lambda: datetime.fromisoformat(NOW),
        Preview(),
        1,
        said.append,
    )
    rebuild()
    rebuild()
    edit(site / "site.yaml", "de: {", "es: {")
    rebuild()
    warnings = [line for line in said if not line.startswith("Built in")]
    assert warnings == [
        "content/site.yaml:1:16: warning: translations.de: the site is not published in 'de': "
        "these words are not used (languages: none)",
        "1 warning, as before",
        "content/site.yaml:1:16: warning: translations.es: the site is not published in 'es': "
        "these words are not used (languages: none)",
    ]
