"""`argmap serve` over HTTP, without a browser: the page, the event stream, the guards.

The page following edits in a real browser is tested in test_reader_browser.py.
"""

from __future__ import annotations

import http.client
import json

import pytest

from argmap import formats
from argmap.serve import Preview, inputs_of, start_server
from conftest import assert_no_traceback, run_cli


@pytest.fixture
def served(write):
    """serve(essay text) -> (preview, port) of a server on a free loopback port, closed after the test."""
    servers = []

    def serve(text: str):
        preview = Preview(write(text))
        preview.rebuild()
        server = start_server(preview, "127.0.0.1", 0)
        servers.append((preview, server))
        return preview, server.server_address[1]

    yield serve
    for preview, server in servers:
        preview.close()
        server.shutdown()
        server.server_close()


def get(port: int, path: str, host: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    return connection.getresponse()


def first_event(port: int) -> dict:
    response = get(port, "/events")
    assert response.getheader("Content-Type") == "text/event-stream"
    line = response.fp.readline().decode()
    response.close()
    assert line.startswith("data: ")
    return json.loads(line[len("data: "):])


def test_page_and_events_of_a_good_essay(served):
    preview, port = served("[Cafés should open late]{#thesis .thesis}\n[Night workers eat]{.evidence +thesis}\n")
    response = get(port, "/")
    page = response.read().decode()
    assert response.status == 200 and response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert '"live":{"version":1}' in page and "Night workers eat" in page
    assert first_event(port) == {"version": 1, "errors": []}


def test_a_broken_first_build_serves_an_empty_page_and_the_errors(served):
    preview, port = served("[Cafés]{#thesis .thesis}\n[x]{.claim +nowhere}\n")
    page = get(port, "/").read().decode()
    assert "no map yet: the essay has errors" in page
    event = first_event(port)
    assert event["version"] == 1
    assert len(event["errors"]) == 1 and event["errors"][0].endswith(":2:12: error: unknown statement 'nowhere'")


def test_another_host_name_is_refused(served):
    """A page elsewhere cannot read the essay through DNS rebinding: the Host must be our own address."""
    _, port = served("[Cafés]{#thesis .thesis}\n")
    assert get(port, "/", host=f"evil.example:{port}").status == 403
    assert get(port, "/", host=f"localhost:{port}").status == 200
    assert get(port, "/nothing").status == 404


def test_serve_reports_a_missing_file(tmp_path):
    result = run_cli("serve", str(tmp_path / "nope.txt"), "--no-open")
    assert_no_traceback(result)
    assert result.exit_code == 1 and result.output.strip() == f"{tmp_path / 'nope.txt'}: error: no such file"


def test_watches_every_file_the_build_reads(tmp_path):
    """A brat document is two files; a map names the essay it was built from."""
    (tmp_path / "e.txt").write_text("Cafés should open late.\n", encoding="utf-8")
    (tmp_path / "e.ann").write_text("T1\tMajorClaim 0 22\tCafés should open late\n", encoding="utf-8")
    ann = str(tmp_path / "e.ann")
    assert inputs_of(ann, formats.read(ann)) == {str(tmp_path / "e.ann"), str(tmp_path / "e.txt")}
    essay = tmp_path / "essay.txt"
    essay.write_text("[Cafés should open late]{#thesis .thesis}\n", encoding="utf-8")
    built = run_cli("build", str(essay), "-o", str(tmp_path / "map.json"))
    assert built.exit_code == 0, built.output
    source = str(tmp_path / "map.json")
    assert inputs_of(source, formats.read(source)) == {source, str(essay)}


def test_a_port_in_use_is_one_line(write):
    import socket

    essay = write("[Cafés]{#thesis .thesis}\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", essay, "--port", str(port), "--no-open")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
