"""`argmap lsp` fed what no well-behaved client sends: bytes written to its stdin by hand.

A malformed request gets an error response, a body that is not JSON is
skipped, and a document that is not UTF-8 gets a diagnostic; after each the
server still answers the next request.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

pytest.importorskip("pygls")  # the server's own dependency (see test_lsp.py)


class Wire:
    """A server process and the framing of LSP messages (Content-Length headers)."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-m", "argmap", "lsp"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.watchdog = threading.Timer(30, self.process.kill)  # a hung server fails the test, never the suite
        self.watchdog.start()

    def send_bytes(self, body: bytes) -> None:
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_bytes(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def receive(self) -> dict:
        length = None
        while (header := self.process.stdout.readline()) not in (b"\r\n", b""):
            if header.lower().startswith(b"content-length:"):
                length = int(header.split(b":")[1])
        assert length is not None, "the server closed its output: it died"
        return json.loads(self.process.stdout.read(length))

    def receive_until(self, test) -> dict:
        while not test(message := self.receive()):
            pass
        return message

    def request(self, id: int, method: str, params) -> dict:
        self.send({"id": id, "method": method, "params": params})
        return self.receive_until(lambda m: m.get("id") == id and "method" not in m)

    def close(self) -> None:
        self.request(999, "shutdown", None)
        self.send({"method": "exit"})
        self.process.wait(timeout=10)
        self.watchdog.cancel()


@pytest.fixture
def wire():
    connection = Wire()
    connection.request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    connection.send({"method": "initialized", "params": {}})
    yield connection
    connection.close()


TEXT = "[Tea is good]{#tea .thesis}\n[It is warm]{.evidence +tea}\n"


def hover_on_tea(wire: Wire, id: int, uri: str) -> dict:
    return wire.request(id, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 26}})


def open_document(wire: Wire, uri: str, text: bytes) -> None:
    item = b'{"uri": "%s", "languageId": "argmap", "version": 1, "text": "%s"}' % (uri.encode(), text)
    wire.send_bytes(b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": %s}}' % item)


def test_malformed_request_gets_an_error_response_and_the_next_an_answer(wire):
    uri = "file:///tmp/argmap-wire/tea.txt"
    open_document(wire, uri, TEXT.replace("\n", "\\n").encode())
    bad = wire.request(2, "textDocument/hover", {"textDocument": {"uri": uri}, "position": "nowhere"})
    assert bad["error"]["code"] == -32602  # invalid params
    wire.send_bytes(b"{this is not json")
    unknown = wire.request(3, "argmap/noSuchMethod", {})
    assert unknown["error"]["code"] == -32601  # method not found
    answer = hover_on_tea(wire, 4, uri)
    assert "**Tea is good** · thesis · `tea`" in answer["result"]["contents"]["value"]


def test_document_that_is_not_utf8_gets_a_diagnostic_and_the_server_goes_on(wire):
    uri = "file:///tmp/argmap-wire/latin1.txt"
    latin1 = "[Tea is good]{#tea .thesis}\\n[Caf\xe9 is warm]{.evidence +tea}\\n".encode("latin-1")
    open_document(wire, uri, latin1)
    published = wire.receive_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    (diagnostic,) = published["params"]["diagnostics"]
    assert diagnostic["message"] == "input is not UTF-8 (byte 0xe9 cannot be decoded)"
    # line 2, after '[Caf': 0-based character 4
    assert diagnostic["range"]["start"] == {"line": 1, "character": 4}
    good = "file:///tmp/argmap-wire/good.txt"
    open_document(wire, good, TEXT.replace("\n", "\\n").encode())
    assert "Tea is good" in hover_on_tea(wire, 2, good)["result"]["contents"]["value"]
