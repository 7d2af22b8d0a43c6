"""The HTTP side of `pledgekit serve`: the built files as they are, HTML pages with a small
script that reloads them after each build, an event stream that says when, and an error page
while the content has errors."""

from __future__ import annotations

import html
import http.server
import json
import posixpath
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.serve.live import LiveSite

EVENTS = "/__pledgekit/events"
HEARTBEAT = 15.0  # seconds between keep-alive comments on the event stream

# Reloads the page when the server names another build than the one the page came from, and
# after the server comes back from a restart (the browser reconnects by itself).
RELOAD_SCRIPT = """<script>
(function () {
  var shown = %s;
  var events = new EventSource("%s");
  events.onmessage = function (event) { if (event.data !== shown) { location.reload(); } };
})();
</script>
"""

ERROR_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · pledgekit</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2125; }
h1 { color: #a12622; font-size: 1.5rem; }
li { margin-block: 0.75rem; }
code { display: block; font-weight: 600; overflow-wrap: anywhere; }
</style>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p>%s. Fix it and save: this page reloads by itself when the build succeeds.</p>
<ol class="problems">
%s
</ol>
</main>
</body>
</html>
"""


WAIT_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Building · pledgekit</title></head>
<body><main><h1>Building the site…</h1><p>This page shows it as soon as it is built.</p></main></body>
</html>
"""


def error_page(site: LiveSite) -> bytes:
    errors = [p for p in site.problems if p.severity == "error"] or site.problems
    items = "\n".join(
        f"<li><code>{html.escape(f'{p.file}:{p.line}:{p.column}')}</code>"
        f"{html.escape(f'{p.field}: ' if p.field else '')}{html.escape(p.message)}</li>"
        for p in errors
    )
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the content"
    return with_reload(ERROR_PAGE % (count, items), site.version)


def with_reload(page: str, version: str) -> bytes:
    """The page with the reload script just before </body> (or at the end)."""
    script = RELOAD_SCRIPT % (json.dumps(version), EVENTS)
    at = page.lower().rfind("</body>")
    page = page + script if at < 0 else page[:at] + script + page[at:]
    return page.encode("utf-8")


class Handler(http.server.SimpleHTTPRequestHandler):
    """One request: the event stream, an HTML page (with the reload script, or the error page
    while the build has errors), or any other file as it is."""

    site: LiveSite
    quiet: bool = True

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _serve(self, with_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            self._events()
            return
        file = self._file(path)
        if file is None and not path.endswith("/") and self._is_folder(path):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        page = file is None or file.suffix == ".html"
        if not self.site.ready:
            self._send(
                503,
                with_reload(WAIT_PAGE, self.site.version),
                "text/html; charset=utf-8",
                with_body,
            )
        elif page and self.site.problems:
            self._send(500, error_page(self.site), "text/html; charset=utf-8", with_body)
        elif file is None:
            missing = self.site.output / "404.html"
            body = missing.read_text(encoding="utf-8") if missing.is_file() else "Not found"
            self._send(
                404, with_reload(body, self.site.version), "text/html; charset=utf-8", with_body
            )
        elif page:
            body = with_reload(file.read_text(encoding="utf-8"), self.site.version)
            self._send(200, body, "text/html; charset=utf-8", with_body)
        else:
            self._send(200, file.read_bytes(), self.guess_type(str(file)), with_body)

    def _file(self, path: str) -> Path | None:
        """The output file the address names (index.html for a folder), if there is one;
        addresses that climb out of the output folder name none."""
        parts = [part for part in posixpath.normpath(path).split("/") if part not in ("", ".")]
        if ".." in parts or any(part.startswith(".") for part in parts):
            return None
        file = self.site.output.joinpath(*parts)
        if path.endswith("/") or not parts:
            file = file / "index.html"
        return file if file.is_file() else None

    def _is_folder(self, path: str) -> bool:
        return self._file(path + "/") is not None

    def _send(self, status: int, body: bytes, content_type: str, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the current build's version at once, then each new one."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        version = self.site.version
        try:
            self.wfile.write(f"retry: 500\ndata: {version}\n\n".encode())
            self.wfile.flush()
            while not self.site.closing:
                newer = self.site.next_version(version, HEARTBEAT)
                if newer is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    version = newer
                    self.wfile.write(f"data: {version}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # open event streams never hold up Ctrl-C
    allow_reuse_address = True


def make_server(site: LiveSite, host: str, port: int, quiet: bool = True) -> Server:
    """A server for `site` bound to host:port (port 0: any free one); not yet serving."""
    handler = type("SiteHandler", (Handler,), {"site": site, "quiet": quiet})
    return Server((host, port), partial(handler, directory=str(site.output)))
