"""`argmap serve`: the reader page, rebuilt on every save and pushed to the browser.

A small server from the standard library (http.server) hands out the page
(`/`) and a Server-Sent Events stream (`/events`) that says, after every
rebuild, which version of the page is current and what errors the last
build met. The page's script fetches the new version and swaps it in,
keeping the selection and the scroll position; on errors it shows them over
the last good map. watchfiles (a well-kept binding to each OS's file events)
watches the folders of every file the build read, so an editor that saves by
renaming a new file into place is seen too.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from argmap.errors import ArgmapError, Diagnostic

KEEPALIVE_SECONDS = 15  # a comment down each idle stream, so closed tabs free their thread
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Preview:
    """The last good page, the current errors, and the clients waiting for a change."""

    source: str
    settings: dict | None = None
    version: int = 0
    page: bytes = b""
    errors: list[str] = field(default_factory=list)
    inputs: frozenset[str] = frozenset()
    closed: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def rebuild(self) -> None:
        """Build the page again; keep the last good one if the build fails."""
        from argmap import formats, html

        try:
            graph = formats.read(self.source)  # the page shows no warnings: do not look for them
            self.inputs = inputs_of(self.source, graph)
            page = html.reader(graph, self.settings, live={"version": self.version + 1}).encode("utf-8")
            errors = []
        except ArgmapError as err:
            page, errors = None, [str(d) for d in err.diagnostics]
        except Exception as err:  # a bug of ours: the preview goes on, saying so
            page, errors = None, [f"argmap: internal error: {type(err).__name__}: {err} (please report it)"]
        if not self.page and page is None:
            page = self._empty_page(self.version + 1)
        self.inputs |= {os.path.abspath(self.source)}
        with self.changed:
            if page is not None:
                self.version += 1
                self.page = page
            self.errors = errors
            self.changed.notify_all()

    def _empty_page(self, version: int) -> bytes:
        """What to show before the first good build: no map yet (the errors come over it)."""
        from argmap import html, model

        graph = model.new_graph(self.source, "")
        return html.page(graph, None, live={"version": version}, missing="no map yet: the essay has errors").encode("utf-8")

    def state(self) -> dict:
        return {"version": self.version, "errors": self.errors}

    def wait(self, seen: dict, timeout: float) -> dict | None:
        """The state once it differs from `seen`, or None after `timeout` seconds or on close."""
        with self.changed:
            self.changed.wait_for(lambda: self.closed or self.state() != seen, timeout)
            return None if self.closed or self.state() == seen else self.state()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()


def inputs_of(source: str, graph) -> frozenset[str]:
    """Every file building `source` reads: itself, the essay a map was built from, a brat pair."""
    paths = {source}
    essay = graph.graph.get("source")
    if essay and essay != "-":
        paths.add(essay)
    for path in list(paths):
        if path.endswith((".ann", ".txt")) and os.path.exists(path[:-4] + ".ann"):
            paths |= {path[:-4] + ".ann", path[:-4] + ".txt"}
    return frozenset(os.path.abspath(path) for path in paths)


def handler_for(preview: Preview, allowed_hosts: set[str] | None):
    """A request handler serving `preview`; `allowed_hosts` guards a loopback server against DNS rebinding."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if allowed_hosts is not None and self.headers.get("Host", "") not in allowed_hosts:
                return self.reply(403, b"argmap serve answers only to its own address\n", "text/plain")
            path = urlsplit(self.path).path
            if path == "/":
                return self.reply(200, preview.page, "text/html; charset=utf-8")
            if path == "/events":
                return self.stream()
            return self.reply(404, b"not found\n", "text/plain")

        def reply(self, status: int, body: bytes, kind: str):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def stream(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            state = preview.state()
            try:
                self.send_event(state)
                while not preview.closed:
                    new = preview.wait(state, KEEPALIVE_SECONDS)
                    if new is None:
                        self.wfile.write(b": still here\n\n")
                        self.wfile.flush()
                        continue
                    state = new
                    self.send_event(state)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the tab was closed or reloaded

        def send_event(self, state: dict):
            self.wfile.write(b"data: " + json.dumps(state).encode("utf-8") + b"\n\n")
            self.wfile.flush()

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass  # a request log would bury the URL and the build errors

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep Ctrl-C waiting

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # a browser hanging up is not worth a word


def start_server(preview: Preview, host: str, port: int) -> Server:
    """Listen on host:port (port 0: a free one) and serve in a background thread."""
    try:
        server = Server((host, port), handler_for(preview, None))
    except OSError as err:
        raise ArgmapError(Diagnostic(f"cannot listen on {host}:{port}: {err.strerror or err}")) from None
    bound = server.server_address[1]
    if host in LOOPBACK:
        names = {"127.0.0.1", "localhost", "[::1]", host if ":" not in host else f"[{host}]"}
        server.RequestHandlerClass = handler_for(preview, {f"{name}:{bound}" for name in names})
    threading.Thread(target=server.serve_forever, name="argmap-serve", daemon=True).start()
    return server


def url_of(server: Server, host: str) -> str:
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{server.server_address[1]}/"


def watch(preview: Preview, stop: threading.Event, echo=print) -> None:
    """Rebuild whenever a file the build reads changes, until `stop` is set or Ctrl-C.

    Build errors go to the terminal too, and a line says when they are gone.
    """
    import watchfiles

    while not stop.is_set():
        watched = preview.inputs
        folders = sorted({os.path.dirname(path) for path in watched if os.path.isdir(os.path.dirname(path))})
        for _ in watchfiles.watch(*folders, watch_filter=lambda _, path: os.path.abspath(path) in watched,
                                  recursive=False, stop_event=stop):
            had_errors = bool(preview.errors)
            preview.rebuild()
            for error in preview.errors:
                echo(error)
            if had_errors and not preview.errors:
                echo(f"argmap serve: {preview.source} builds again")
            if preview.inputs != watched:
                break  # the build reads other files now: watch those


def serve(source: str, *, host: str = "127.0.0.1", port: int = 0, open_browser: bool = True,
          settings: dict | None = None, echo=print) -> None:
    """Serve the reader page of `source` and rebuild it on every save, until Ctrl-C."""
    if not os.path.isfile(source):
        raise ArgmapError(Diagnostic("no such file" if not os.path.exists(source) else "is not a file", source))
    preview = Preview(source, settings)
    preview.rebuild()
    server = start_server(preview, host, port)
    url = url_of(server, host)
    echo(f"argmap serve: {source} at {url} (Ctrl-C to stop)")
    for error in preview.errors:
        echo(error)
    stop = threading.Event()
    try:
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        watch(preview, stop, echo)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        preview.close()
        server.shutdown()
        server.server_close()
    echo("argmap serve: stopped")
