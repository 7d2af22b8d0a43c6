"""The HTTP side of `pledgekit serve`: the built files as they are, HTML pages with a small
script that reloads them after each build, an event stream that says when, and an error page
while the content has errors."""

from __future__ import annotations

import html
import http.server
import re
import socket
import sys
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote, unquote, urlsplit

from pledgekit.problems import Problem
from pledgekit.serve.files import names_of, read_file
from pledgekit.serve.live import LiveSite

EVENTS = "/__pledgekit/events"
HEARTBEAT = 15.0  # seconds between keep-alive comments on the event stream

# Reloads the page when the server names another build than the one the page came from (also
# after a restart: the browser reconnects by itself). One tab at a time holds the event stream
# (a Web Lock) and passes each build on to the others (a BroadcastChannel): a browser opens
# only a few connections to one host, and a stream per tab would leave later tabs waiting.
# A file, not an inline script, so that the pages' Content-Security-Policy (script-src 'self')
# lets it run; the page's build is named on its tag.
RELOAD = "/__pledgekit/reload.js"
RELOAD_TAG = '<script src="%s" data-version="%s" data-events="%s"></script>\n'
RELOAD_SCRIPT = """(function () {
  var tag = document.currentScript, shown = tag.dataset.version;
  var channel = window.BroadcastChannel ? new BroadcastChannel("pledgekit-reload") : null;
  function check(version) { if (version !== shown) { location.reload(); } }
  function listen() {
    return new Promise(function (done) {
      var events = new EventSource(tag.dataset.events);
      events.onmessage = function (event) {
        if (channel) { channel.postMessage(event.data); }
        check(event.data);
      };
      window.addEventListener("pagehide", function () { events.close(); done(); });
    });
  }
  if (channel) { channel.onmessage = function (event) { check(event.data); }; }
  window.addEventListener("pageshow", function (event) { if (event.persisted) { location.reload(); } });
  if (channel && navigator.locks) { navigator.locks.request("pledgekit-reload", listen); }
  else { listen(); }
})();
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


def error_page(problems: list[Problem], version: str) -> bytes:
    errors = [p for p in problems if p.severity == "error"] or problems
    items = "\n".join(
        f"<li><code>{html.escape(f'{p.file}:{p.line}:{p.column}')}</code>"
        f"{html.escape(f'{p.field}: ' if p.field else '')}{html.escape(p.message)}</li>"
        for p in errors
    )
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the content"
    return with_reload((ERROR_PAGE % (count, items)).encode("utf-8"), version)


def with_reload(page: bytes, version: str) -> bytes:
    """The page with the reload script just before its last </body> (or at the end); the
    page's own bytes are left as they are, whatever their encoding."""
    script = (RELOAD_TAG % (RELOAD, html.escape(version), EVENTS)).encode("utf-8")
    ends = [match.start() for match in re.finditer(rb"</body\s*>", page, re.IGNORECASE)]
    at = ends[-1] if ends else len(page)
    return page[:at] + script + page[at:]


@dataclass(frozen=True)
class Answer:
    """What a request gets: a status and a body of its type, or a redirect to `location`."""

    status: int
    body: bytes = b""
    content_type: str = ""
    location: str | None = None


class Handler(http.server.SimpleHTTPRequestHandler):
    """One request: the event stream, an HTML page (with the reload script, or the error page
    while the build has errors), or any other file as it is."""

    site: LiveSite
    quiet: bool = True
    # A connection that says nothing for this long is closed (the event stream waits on the
    # site, not on the socket): a silent client does not hold a thread for good.
    timeout = 60

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _serve(self, with_body: bool) -> None:
        address = urlsplit(self.path)
        path = unquote(address.path)
        if path == EVENTS:
            self._events(self.site.state()[1], with_body)
            return
        if path == RELOAD:
            script = RELOAD_SCRIPT.encode("utf-8")
            self._send(200, script, "text/javascript; charset=utf-8", with_body)
            return
        # What the site is now, and its files read whole from the generation it names (the
        # next build does not write over a generation before such reads of it are done); the
        # answer is sent after. A page read after the state is never older than the build it
        # names, so a build that ends meanwhile only makes the page reload once more.
        with self.site.reading() as (ready, version, problems):
            answer = self._answer(path, address.query, ready, version, problems)
        if answer.location is not None:
            self.send_response(answer.status)
            self.send_header("Location", answer.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(answer.status, answer.body, answer.content_type, with_body)

    def _answer(
        self, path: str, query: str, ready: bool, version: str, problems: list[Problem]
    ) -> Answer:
        """The answer to a request for `path`, read from the site as it is now."""
        names = names_of(path)
        content = read_file(self.site.output, names) if names else None
        if content is None and not path.endswith("/"):
            folder = names_of(path + "/")
            if folder and read_file(self.site.output, folder) is not None:
                location = quote(path + "/") + (f"?{query}" if query else "")
                return Answer(301, location=location)
        page = content is None or (names is not None and names[-1].endswith(".html"))
        html_type = "text/html; charset=utf-8"
        if not ready:
            return Answer(503, with_reload(WAIT_PAGE.encode(), version), html_type)
        if page and problems:
            return Answer(500, error_page(problems, version), html_type)
        if content is None or names is None:
            missing = read_file(self.site.output, ["404.html"])
            return Answer(404, with_reload(missing or b"Not found", version), html_type)
        if page:
            # As the file says, whatever its encoding: its own <meta charset> tells the browser.
            return Answer(200, with_reload(content, version), "text/html")
        return Answer(200, content, self.guess_type(names[-1]))

    def _send(self, status: int, body: bytes, content_type: str, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _events(self, version: str, with_body: bool) -> None:
        """Server-sent events: the current build's version at once, then each new one."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        if not with_body:
            return
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
    # Connections waiting to be accepted: a page and its assets, in many tabs at once, and
    # more than the 5 the standard library gives (the kernel caps it at its somaxconn).
    request_queue_size = 256

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away before its answer was sent (a tab closed, a reload) is
        nothing to report; anything else is a bug, told with its traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class Server6(Server):
    address_family = socket.AF_INET6


def make_server(site: LiveSite, host: str, port: int, quiet: bool = True) -> Server:
    """A server for `site` bound to host:port (port 0: any free one); not yet serving."""
    handler = type("SiteHandler", (Handler,), {"site": site, "quiet": quiet})
    kind = Server6 if ":" in host else Server
    return kind((host, port), partial(handler, directory=str(site.output)))
