"""`pledgekit serve` while the site changes under it: every request is answered from one
generation of the built site, whole (the old page or the new one, or a 404 once it is gone),
never a half-read file, an empty reply or a traceback.

Two tests: the real command under load while a campaign folder moves out and back and its
files are edited (as the adversarial review did it), and the server alone while generations
are swapped and the retired one rewritten as fast as the machine allows (where the race
between finding a file and reading it is hit every time)."""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from support import FIXTURES, REPOSITORY

from pledgekit.serve.live import LiveSite
from pledgekit.serve.server import make_server
from pledgekit.write import _exchange

NOW = "2026-11-26T12:00:00+01:00"
MOVED = "live-lamp"  # the campaign whose folder comes and goes
MOVED_PAGES = (f"/campaigns/{MOVED}/", f"/campaigns/{MOVED}/updates/first-prototype/")
STEADY_PAGES = ("/", "/campaigns/funded-book/", "/page/2/", "/static/style.css", "/404-x/")
PATHS = (*MOVED_PAGES, f"/campaigns/{MOVED}/hero.svg", f"/campaigns/{MOVED}/totals.json")
PATHS += STEADY_PAGES


def looks_whole(path: str, content_type: str, body: bytes) -> str | None:
    """What is wrong with a body that should be a whole page or style sheet (None: nothing)."""
    if "html" in content_type and not body.rstrip().endswith(b"</html>"):
        return f"a page cut short: …{body[-120:]!r}"
    if path.endswith(".css") and not body.rstrip().endswith(b"}"):
        return f"a style sheet cut short: …{body[-120:]!r}"
    return None


@dataclass
class Load:
    """Requests sent by many threads at once, and what was wrong with any answer."""

    address: tuple[str, int]
    paths: tuple[str, ...]
    deadline: float
    most: int
    judge: Callable[[str, str, bytes], str | None] = looks_whole
    statuses: Counter = field(default_factory=Counter)
    by_path: dict[str, Counter] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    sent: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, threads: int) -> None:
        workers = [threading.Thread(target=self._worker, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=max(self.deadline - time.monotonic(), 0) + 30)

    def _worker(self, number: int) -> None:
        index = number
        while time.monotonic() < self.deadline:
            with self._lock:
                if self.sent >= self.most:
                    return
                self.sent += 1
            path = self.paths[index % len(self.paths)]
            index += 1
            problem, status = self._one(path)
            with self._lock:
                self.statuses[status] += 1
                self.by_path.setdefault(path, Counter())[status] += 1
                if problem:
                    self.wrong.append(f"{path}: {problem}")

    def _one(self, path: str) -> tuple[str | None, int]:
        """What is wrong with the answer to GET `path` (None: nothing), and its status."""
        connection = http.client.HTTPConnection(*self.address, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()  # IncompleteRead when shorter than Content-Length
        except (OSError, http.client.HTTPException) as error:
            return f"{type(error).__name__}: {error}", 0
        finally:
            connection.close()
        length = response.getheader("Content-Length")
        if length is None or int(length) != len(body):
            return f"Content-Length {length}, body of {len(body)} bytes", response.status
        if response.status not in (200, 404):
            # The page of a failed build lists its problems: say those, not its style sheet.
            problems = body.partition(b'<ol class="problems">')[2][:400]
            return f"status {response.status}: {problems or body[:300]!r}", response.status
        return self.judge(path, response.getheader("Content-Type") or "", body), response.status


class ServeProcess:
    """`pledgekit serve` in its own process; stdout and stderr each kept in a file."""

    def __init__(self, source: Path, logs: Path):
        self.stdout_path, self.stderr_path = logs / "stdout.txt", logs / "stderr.txt"
        self.stdout = self.stdout_path.open("w")
        self.stderr = self.stderr_path.open("w")
        command = [sys.executable, "-m", "pledgekit", "serve", "--source", str(source)]
        self.process = subprocess.Popen(
            [*command, "--port", "0", "--now", NOW, "--jobs", "1"],
            stdout=self.stdout,
            stderr=self.stderr,
            env={**os.environ, "PYTHONPATH": str(REPOSITORY), "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = re.search(r"Serving .* at http://127\.0\.0\.1:(\d+)/", self.said())
            if found:
                self.address = ("127.0.0.1", int(found.group(1)))
                return
            assert self.process.poll() is None, self.said() + self.stderr_path.read_text()
            time.sleep(0.1)
        self.stop()
        raise AssertionError("serve did not start:\n" + self.said())

    def said(self) -> str:
        return self.stdout_path.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.stdout.close()
            self.stderr.close()


def replace_text(path: Path, old: str, new: str) -> None:
    """An edit saved in one step, as editors save (a file half written is another story)."""
    text = path.read_text(encoding="utf-8")
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temporary, path)


def keep_changing(source: Path, aside: Path, stop: threading.Event, seed: int) -> int:
    """Move the campaign folder out and back, and edit its story and another campaign's
    title, after pauses of random length (some end while a build reads the folder, some
    after it is served), until `stop`; the number of rounds made."""
    folder, rounds, pauses = source / "campaigns" / MOVED, 0, random.Random(seed)
    story = folder / "story.md"
    other = source / "campaigns/funded-book/campaign.yaml"
    while not stop.is_set():
        os.rename(folder, aside)
        stop.wait(pauses.uniform(0.05, 1.5))
        os.rename(aside, folder)
        stop.wait(pauses.uniform(0.05, 1.5))
        replace_text(story, "\n", f"\nEdited {rounds} times.\n")
        replace_text(other, "title: ", f"title: {rounds} ")
        stop.wait(pauses.uniform(0.05, 1.5))
        rounds += 1
    if aside.exists():
        os.rename(aside, folder)
    return rounds


def test_every_reply_is_whole_while_a_campaign_folder_moves_out_and_back(tmp_path):
    """The review's case: 20,000 requests (or as many as 40 seconds take) from 16 threads
    while the campaign folder moves out and back and files are edited; each reply is 200 or
    404, as long as its Content-Length says, a page whole, and nothing is printed about it."""
    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    served = ServeProcess(source, tmp_path)
    stop = threading.Event()
    seed = random.randrange(1_000_000)
    rounds: list[int] = []
    changer = threading.Thread(
        target=lambda: rounds.append(keep_changing(source, tmp_path / "aside", stop, seed))
    )
    load = Load(served.address, PATHS, deadline=time.monotonic() + 40, most=20_000)
    try:
        changer.start()
        load.run(threads=16)
    finally:
        stop.set()
        changer.join(timeout=20)
        served.stop()
    said, errors = served.said(), served.stderr_path.read_text()
    builds = said.count("Built in")
    print(f"seed {seed}: {load.sent} requests, {dict(load.statuses)}, {builds} builds")
    assert load.wrong == [], f"{len(load.wrong)} wrong answers, e.g.:\n" + "\n".join(
        load.wrong[:10]
    )
    assert "Traceback" not in said + errors, said + errors
    assert errors.strip() == "", errors
    # The change happened under the load: the moved campaign's page was seen both ways.
    assert load.by_path[MOVED_PAGES[0]][200] and load.by_path[MOVED_PAGES[0]][404]
    assert builds >= 4, said


# -- The server alone, generations swapped as fast as they can be ----------------------------

PAGE_FILLER = "Every word of this page is here. " * 300  # pages of ~10 kB: read in pieces
WHOLE_PAGE = re.compile(
    rb"<!doctype html><html><body><h1>generation (\d+)</h1><p>" + PAGE_FILLER.encode() + rb"</p>"
    rb'<script src="/__pledgekit/reload.js" data-version="[^"]*" '
    rb'data-events="/__pledgekit/events"></script>\n</body></html>\n'
)
STYLE = "body { color: #123456 }\n" * 2000


def page(generation: int) -> bytes:
    return (
        f"<!doctype html><html><body><h1>generation {generation}</h1><p>{PAGE_FILLER}</p>"
        "</body></html>\n"
    ).encode()


def write_in_pieces(path: Path, content: bytes) -> None:
    """As a build writes a file that changed: a new file, written in more than one piece."""
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.write(content[: len(content) // 2])
        file.flush()
        time.sleep(0)  # let a reader in between the pieces
        file.write(content[len(content) // 2 :])


def rewrite(folder: Path, generation: int) -> None:
    """The retired generation made into the next one: the campaign page is there in even
    generations only (its folder made or removed, as the build does)."""
    write_in_pieces(folder / "index.html", page(generation))
    write_in_pieces(folder / "404.html", page(generation))
    write_in_pieces(folder / "static/style.css", f"/* {generation} */\n{STYLE}".encode())
    campaign = folder / "campaigns/lamp/index.html"
    if generation % 2 == 0:
        write_in_pieces(campaign, page(generation))
    elif campaign.exists():
        campaign.unlink()
        campaign.parent.rmdir()


def exactly_one_generation(path: str, content_type: str, body: bytes) -> str | None:
    """What is wrong with a body that should be one generation's file, whole."""
    if path.endswith(".css"):
        whole = re.fullmatch(rb"/\* \d+ \*/\n" + re.escape(STYLE.encode()), body)
        return None if whole else f"not a whole style sheet: …{body[-80:]!r}"
    if not WHOLE_PAGE.fullmatch(body):
        return f"not a whole page: {body[:60]!r}…{body[-80:]!r}"
    return None


def test_a_generation_swapped_and_rewritten_under_readers_is_never_half_read(tmp_path):
    """The builder's side without a build: swap the generations (as write.py does, in one
    renameat2 exchange), tell the site, and write the next generation over the retired one,
    hundreds of times a second, while 8 threads ask for pages that come and go."""
    output, retired = tmp_path / "site", tmp_path / "previous-site"
    rewrite(output, 0)
    rewrite(retired, 1)
    site = LiveSite(output)
    site.built()
    server = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    deadline = time.monotonic() + 8
    swaps = 0

    def keep_swapping() -> None:
        nonlocal swaps
        generation = 1
        while time.monotonic() < deadline:
            assert _exchange(retired, output)  # the new generation in place
            site.built()  # as the builder says after every build
            generation += 1
            rewrite(retired, generation + 1)  # the next build, over the retired generation
            swaps += 1

    paths = ("/campaigns/lamp/", "/", "/static/style.css", "/campaigns/gone/")
    load = Load(server.server_address[:2], paths, deadline, 1_000_000, exactly_one_generation)
    swapper = threading.Thread(target=keep_swapping)
    try:
        swapper.start()
        load.run(threads=8)
        swapper.join(timeout=30)
    finally:
        site.close()
        server.shutdown()
        server.server_close()
    print(f"{load.sent} requests, {swaps} swaps, {dict(load.statuses)}")
    assert load.wrong == [], f"{len(load.wrong)} wrong answers, e.g.:\n" + "\n".join(
        load.wrong[:10]
    )
    assert swaps > 20 and load.sent > 200  # a slow, busy machine still races
    assert load.by_path["/campaigns/lamp/"][200] and load.by_path["/campaigns/lamp/"][404]


# -- What serve prints -----------------------------------------------------------------------


def test_a_build_that_fails_as_files_move_under_it_is_built_again_quietly(tmp_path, monkeypatch):
    """A folder moved away while a build reads it fails that build (a file gone between two
    reads); the saves that did it call for another build, so serve says so in a line, keeps
    the site as it was (no error page, no traceback) and builds again, looking at every file."""
    from datetime import datetime

    from pledgekit.serve import run

    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    folder, aside = source / "campaigns" / MOVED, tmp_path / "aside"
    builds: list[object] = []
    real_build = run.build

    def build_under_change(*args, **options):
        builds.append(options.get("changed"))
        if len(builds) == 2:  # the folder goes while this build reads it
            os.rename(folder, aside)
            raise FileNotFoundError(2, "No such file or directory", str(folder / "hero.svg"))
        return real_build(*args, **options)

    shown: list[list] = []
    real_built = LiveSite.built

    def built(site, problems=None):
        shown.append(list(problems or []))
        real_built(site, problems)

    monkeypatch.setattr(run, "build", build_under_change)
    monkeypatch.setattr(LiveSite, "built", built)
    said: list[str] = []
    stop = threading.Event()

    def say(line: str) -> None:
        said.append(line)
        if line.startswith("Serving "):
            replace_text(folder / "story.md", "\n", "\nSaved.\n")  # calls for build 2
        if len(builds) == 3 and line.startswith("Built in"):
            stop.set()

    thread = threading.Thread(
        target=run.serve,
        args=(source, "127.0.0.1", 0, lambda: datetime.fromisoformat(NOW), say),
        kwargs={"jobs": 1, "stop": stop},
    )
    thread.start()
    thread.join(timeout=60)
    stop.set()
    thread.join(timeout=10)
    text = "\n".join(said)
    assert said[-1] == "Stopped.", text
    assert "Traceback" not in text and "FileNotFoundError" not in text, text
    assert "Files changed while the site was being built: building again." in said
    assert shown == [[], []]  # the first build and the third: no error was ever shown
    assert builds[2] is None  # the third build looked at every file
    assert re.search(r"of 4 campaigns rendered", said[-2]), text  # live-lamp is gone


def test_a_client_that_goes_away_mid_answer_is_not_reported(tmp_path, capfd):
    """A tab closed or reloaded while its file is sent: the server's write fails, and there
    is nothing to tell (before, a ConnectionResetError traceback for each)."""
    output = tmp_path / "site"
    output.mkdir()
    (output / "big.css").write_bytes(b"body { color: #123456 }\n" * 400_000)  # 9.6 MB
    site = LiveSite(output)
    site.built()
    server = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for _ in range(5):
            connection = socket.create_connection(server.server_address[:2], timeout=10)
            connection.sendall(b"GET /big.css HTTP/1.1\r\nHost: x\r\n\r\n")
            connection.recv(1024)  # the answer has begun
            # Closed with a reset, as a browser drops a connection it no longer needs.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and threading.active_count() > 2:
            time.sleep(0.05)  # the request threads end once their write fails
        time.sleep(0.3)
    finally:
        site.close()
        server.shutdown()
        server.server_close()
    assert capfd.readouterr().err == ""


def test_a_campaign_folder_moved_away_and_back_is_seen_without_the_watcher(tmp_path):
    """A failed build is built again when campaigns/ changed while it ran, even if the watcher
    (slow on a busy machine) has not said so yet."""
    from pledgekit.serve.run import folder_stamps

    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    before = folder_stamps(source)
    assert folder_stamps(source) == before
    lamp = source / "campaigns" / "live-lamp"
    os.utime(source / "campaigns", ns=(1, 1))  # an old stamp: the moves below change it
    before = folder_stamps(source)
    lamp.rename(tmp_path / "live-lamp")
    (tmp_path / "live-lamp").rename(lamp)
    assert folder_stamps(source) != before
