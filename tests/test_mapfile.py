"""The map file: deterministic node-link JSON, strict loading, atomic writes."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import mapfile, model, syntax
from argmap.errors import ArgmapError
from argmap.escape import annotated_text
from argmap.pipeline import build_text
from conftest import assert_no_traceback, run_cli

ROOT = Path(__file__).resolve().parents[1]
SOLAR = Path(__file__).parent / "data" / "solar.txt"
ESSAY = ROOT / "essays" / "iran-russia.txt"
SOURCES = [SOLAR] + ([ESSAY] if ESSAY.exists() else [])
V1 = (Path(__file__).parent / "data" / "solar-v1.json").read_text(encoding="utf-8")
"""The map of solar.txt as argmap wrote it in format version 1 (relations as edges)."""


def built(path: Path):
    return build_text(path.read_bytes(), path.name).graph


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_two_builds_are_byte_identical(source):
    assert mapfile.dumps(built(source)) == mapfile.dumps(built(source))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_output_does_not_depend_on_the_hash_seed(source):
    """Set or dict order leaking into the output would show up under another PYTHONHASHSEED."""
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "argmap", "build", str(source), "-o", "-"],
            capture_output=True, env=env, cwd=ROOT, timeout=60,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_round_trip_is_identical(source):
    text = mapfile.dumps(built(source))
    again = mapfile.loads(text, "argmap.json")
    assert mapfile.dumps(again) == text


def test_loaded_graph_equals_the_built_one():
    graph = built(SOLAR)
    loaded = mapfile.loads(mapfile.dumps(graph), "argmap.json")
    assert loaded.graph == graph.graph
    assert list(loaded.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(loaded.edges(data=True)) == list(graph.edges(data=True))


def test_layout_follows_the_documented_key_order():
    data = json.loads(mapfile.dumps(built(SOLAR)), object_pairs_hook=lambda pairs: pairs)
    assert [key for key, _ in data] == ["directed", "multigraph", "graph", "nodes", "edges"]
    values = dict(data)
    assert values["directed"] is True and values["multigraph"] is False
    assert [key for key, _ in values["graph"]] == ["format", "version", "source", "sha256", "title"]
    for node in values["nodes"]:
        assert [key for key, _ in node][:3] in (["id", "type", "kind"], ["id", "type", "relation"])
    for edge in values["edges"]:
        assert [key for key, _ in edge] == ["source", "target", "role"]


def test_text_is_written_as_utf8_not_escaped():
    graph = build_text("[Tehran’s ties — “growing”]{#t .thesis}".encode("utf-8"), "e.txt").graph
    text = mapfile.dumps(graph)
    assert "Tehran’s ties — “growing”" in text
    assert text.endswith("\n")


def test_networkx_reads_the_map_file():
    import networkx as nx

    graph = built(SOLAR)
    other = nx.node_link_graph(json.loads(mapfile.dumps(graph)), edges="edges")
    assert other.is_directed()
    assert list(other.nodes) == list(graph.nodes)
    assert list(other.edges) == list(graph.edges)
    assert other.nodes["cheap"]["spans"] == graph.nodes["cheap"]["spans"]


# -- loading refuses what it cannot read -----------------------------------------------


def good_data() -> dict:
    return json.loads(mapfile.dumps(built(SOLAR)))


def broken(change) -> str:
    data = copy.deepcopy(good_data())
    change(data)
    return json.dumps(data)


def set_version(data, value):
    data["graph"]["version"] = value


def statement_node(data) -> dict:
    return next(node for node in data["nodes"] if node["type"] == "statement")


def inference_node(data) -> dict:
    return next(node for node in data["nodes"] if node["type"] == "inference")


BROKEN = {
    "wrong version": (broken(lambda d: set_version(d, 3)), ["version 3", "not supported"]),
    "wrong format": (broken(lambda d: d["graph"].update(format="graphml")), ["format", "graphml"]),
    "missing nodes": (broken(lambda d: d.pop("nodes")), ["nodes"]),
    "missing graph": (broken(lambda d: d.pop("graph")), ["graph"]),
    "edge to unknown node": (broken(lambda d: d["edges"][0].update(target="ghost")), ["ghost"]),
    "unknown kind": (broken(lambda d: statement_node(d).update(kind="opinion")), ["opinion"]),
    "unknown node type": (broken(lambda d: statement_node(d).update(type="claim")), ["type", "claim"]),
    "unknown relation": (broken(lambda d: inference_node(d).update(relation="implies")), ["implies"]),
    "unknown role": (broken(lambda d: d["edges"][0].update(role="because")), ["role", "because"]),
    "node without id": (broken(lambda d: d["nodes"][0].pop("id")), ["id"]),
    "weight not a number": (broken(lambda d: statement_node(d).update(weight="high")), ["weight", "high"]),
    "weight above one": (broken(lambda d: statement_node(d).update(weight=5)), ["weight", "5"]),
    "section not a string": (broken(lambda d: statement_node(d).update(section=["x"])), ["section", "['x']"]),
    "label not a string": (broken(lambda d: statement_node(d).update(label=123)), ["label", "123"]),
    "spans not spans": (broken(lambda d: statement_node(d).update(spans=[1])), ["spans", "[1]"]),
    "implicit not a boolean": (broken(lambda d: statement_node(d).update(implicit="no")), ["implicit"]),
    "line not a number": (broken(lambda d: statement_node(d).update(line="3")), ["line", "'3'"]),
    "title not a string": (broken(lambda d: d["graph"].update(title=["x"])), ["title", "['x']"]),
    "source not a string": (broken(lambda d: d["graph"].update(source=1)), ["source", "1"]),
    "inference title not a string": (broken(lambda d: inference_node(d).update(title=7)), ["title", "7"]),
    "inference without a conclusion": (broken(lambda d: d["edges"].pop(2)), ["conclusion"]),
    "support aimed at an inference": (broken(lambda d: d["nodes"][-1].update(relation="support")), ["only an attack"]),
    "v1 link not a string": (V1.replace('"link": null', '"link": []', 1), ["link", "[]"]),
    "v1 premises not a list": (V1.replace('"premises": ["warrant"]', '"premises": 3', 1), ["premises", "3"]),
    "v1 weight not a number": (V1.replace('"weight": 0.9', '"weight": "heavy"', 1), ["weight", "heavy"]),
    "not an object": ("[1, 2]", ["object"]),
    "bad JSON": ('{"directed": true,\n "graph": {', ["JSON"]),
}


def test_a_version_1_map_is_migrated_on_load():
    graph = mapfile.loads(V1, "tests/data/solar-v1.json")
    fresh = build_text(SOLAR.read_bytes(), "tests/data/solar.txt").graph
    assert mapfile.dumps(graph) == mapfile.dumps(fresh)


def test_a_version_1_map_file_is_read_by_the_cli():
    result = run_cli("query", str(Path(__file__).parent / "data" / "solar-v1.json"), "--claim", "growth", "--json")
    assert result.exit_code == 0, result.output
    assert [entry["id"] for entry in json.loads(result.stdout)["supports"]] == ["warrant", "cheap"]


@pytest.mark.parametrize("name", list(BROKEN))
def test_loading_refuses_with_one_line_naming_the_file(name):
    text, words = BROKEN[name]
    with pytest.raises(ArgmapError) as caught:
        mapfile.loads(text, "maps/bad.json")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("maps/bad.json")
    assert ": error: " in message
    for word in words:
        assert word in message


def test_bad_json_error_points_at_the_place():
    with pytest.raises(ArgmapError) as caught:
        mapfile.loads(BROKEN["bad JSON"][0], "bad.json")
    assert str(caught.value).startswith("bad.json:2:12: error: not valid JSON")


def test_loading_refuses_boolean_version():
    with pytest.raises(ArgmapError):
        mapfile.loads(broken(lambda d: set_version(d, True)), "bad.json")


@pytest.mark.parametrize("name", ["wrong version", "edge to unknown node", "bad JSON"])
def test_cli_reports_a_bad_map_in_one_line(tmp_path, name):
    path = tmp_path / "bad.json"
    path.write_text(BROKEN[name][0], encoding="utf-8")
    result = run_cli("query", "--list", str(path))
    assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}") and ": error: " in line


# -- atomic writes ------------------------------------------------------------------------


def test_failed_build_leaves_the_existing_map_untouched(tmp_path, write):
    good = write(SOLAR.read_bytes(), "good.txt")
    bad = write("[unclosed {#x .claim}\n", "bad.txt")
    output = tmp_path / "argmap.json"
    assert run_cli("build", good, "-o", str(output)).exit_code == 0
    before = output.read_bytes()
    result = run_cli("build", bad, "-o", str(output))
    assert result.exit_code == 1
    assert output.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["argmap.json", "bad.txt", "good.txt"]


def test_failed_build_in_the_current_folder_keeps_argmap_json(tmp_path, monkeypatch, write):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "argmap.json").write_text("previous map\n", encoding="utf-8")
    result = run_cli("build", write("[x]{#x .cliam}\n", "bad.txt"))
    assert result.exit_code == 1
    assert (tmp_path / "argmap.json").read_text(encoding="utf-8") == "previous map\n"


def test_writing_into_a_missing_directory_is_one_line(tmp_path):
    output = tmp_path / "no" / "such" / "map.json"
    result = run_cli("build", str(SOLAR), "-o", str(output))
    assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{output}: error: ")
    assert "its folder does not exist" in line
    assert not output.parent.exists()


# -- property: any well-formed essay builds, and its map survives a round trip ----------------


@st.composite
def well_formed_essays(draw):
    """An essay of 1-8 spans with unique explicit ids (or none) and relations to other named spans."""
    count = draw(st.integers(1, 8))
    named = [draw(st.booleans()) for _ in range(count)]
    ids = [f"s{i}" for i in range(count) if named[i]]
    pieces, relations = [], 0
    for i in range(count):
        words = draw(st.text(alphabet=st.sampled_from("ab cé\n[]{}\\—"), max_size=12))
        attrs = []
        if named[i]:
            attrs.append(f"#s{i}")
        kind = draw(st.sampled_from([None, "thesis", "claim", "evidence", "rebuttal"]))
        if kind:
            attrs.append(f".{kind}")
        targets = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)) if ids else []
        for target in targets:
            if target == f"s{i}":
                continue
            sign = draw(st.sampled_from("+-"))
            link = draw(st.sampled_from(["", "&g"]))
            attrs.append(f"{sign}{target}{link}")
            relations += 1
        if draw(st.booleans()):
            attrs.append('label="L \\"q\\" }"')
        prose = draw(st.sampled_from(["", " ", "\n", ". [1] ", "\n\n# Part\n"]))
        pieces.append(f"[{annotated_text(words)}]{{{' '.join(attrs)}}}{prose}")
    return "".join(pieces), count, relations


@settings(max_examples=200, deadline=None)
@given(well_formed_essays())
def test_well_formed_essays_build_and_round_trip(essay):
    text, count, relations = essay
    graph = build_text(text.encode("utf-8"), "e.txt").graph
    assert len(model.statements(graph)) == count
    assert sum(len(inference.premises) for inference in model.inferences(graph)) == relations
    plain = syntax.strip(text)
    for node in model.statements(graph):
        data = graph.nodes[node]
        (span,) = data["spans"]
        assert plain[span["start"] : span["end"]] == data["text"]
    dumped = mapfile.dumps(graph)
    assert mapfile.dumps(mapfile.loads(dumped, "argmap.json")) == dumped
