"""The hostile and careless inputs of issue 8, each through the real CLI.

Every one used to crash a reader (an internal error, exit 2) or hang it; now
each gives a map or a one-line located error, exit 1.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import assert_no_traceback, run_cli

AIF = {
    "nodes": [
        {"nodeID": "1", "text": "Cafés should stay open", "type": "I"},
        {"nodeID": "2", "text": "Night workers eat there", "type": "I"},
        {"nodeID": "3", "text": "Default Inference", "type": "RA"},
    ],
    "edges": [{"edgeID": "1", "fromID": "2", "toID": "3"}, {"edgeID": "2", "fromID": "3", "toID": "1"}],
    "locutions": [],
    "participants": [],
}


def built(path: str, *options: str):
    """`argmap build PATH -o -`: the result, after checking it printed no traceback."""
    result = run_cli("build", path, "-o", "-", *options)
    assert_no_traceback(result)
    return result


def fails_at(path: str, where: str, *words: str) -> str:
    """Build fails with one error line starting `where: error:` and mentioning `words`."""
    result = built(path)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors and errors[0].startswith(f"{where}: error: "), result.stderr
    for word in words:
        assert word in errors[0], (word, errors[0])
    return errors[0]


def test_argdown_numbered_statement_alone_is_a_map(write):
    result = built(write("(1) [A]\n", "a.argdown"))
    assert result.exit_code == 0, result.output
    assert "has premises but no conclusion" in result.stderr


@pytest.mark.parametrize("equivalences", [
    ["*\tEquiv T1 T1"],
    ["*\tEquiv T2 T3", "*\tEquiv T3 T2"],
    ["*\tEquiv T1 T3", "*\tEquiv T3 T1"],
    ["*\tEquiv T2 T2 T3", "*\tEquiv T3 T2", "*\tEquiv T1 T2"],
])
def test_brat_equivalence_loops_end(write, equivalences):
    text = "Cafés help. Streets are safer. Nights are calm.\n"
    ann = "T1\tMajorClaim 0 11\tCafés help.\nT2\tClaim 12 30\tStreets are safer.\nT3\tMajorClaim 31 47\tNights are calm.\n"
    write(text, "essay.txt")
    path = write(ann + "\n".join(equivalences) + "\n", "essay.ann")
    result = built(path)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        nodes = json.loads(result.stdout)["nodes"]
        assert [node["kind"] for node in nodes].count("thesis") == 1


def test_microtext_edge_without_src_names_its_line(write):
    xml = (
        '<?xml version="1.0"?>\n<arggraph id="x">\n  <edu id="e1">Cafés help.</edu>\n  <adu id="a1" type="pro"/>\n'
        '  <edge id="c1" src="e1" trg="a1" type="seg"/>\n  <edge id="c2" trg="a1" type="sup"/>\n</arggraph>\n'
    )
    path = write(xml, "m.xml")
    fails_at(path, f"{path}:6:3", "<edge> needs a 'src' attribute")


def test_microtext_id_used_twice(write):
    xml = '<arggraph>\n<edu id="e1">A.</edu>\n<adu id="e1" type="pro"/>\n</arggraph>\n'
    path = write(xml, "m.xml")
    fails_at(path, f"{path}:3:1", "'e1' is used twice")


@pytest.mark.parametrize("name", ["debate.json", "map.json"])
def test_json_nested_too_deeply_is_one_line(write, name):
    path = write("[" * 100_000, name)
    fails_at(path, f"{path}:1:500", "nested too deeply")


def test_lone_surrogate_in_aif_becomes_a_replacement_character(write):
    aif = json.dumps(AIF).replace("Night workers", "Night \\ud800 workers \\ud83d\\ude00")
    path = write(aif, "debate.json")
    result = built(path)
    assert result.exit_code == 0, result.output
    assert f"{path}:1:" in result.stderr and "lone UTF-16 surrogate" in result.stderr
    texts = [node.get("text") for node in json.loads(result.stdout)["nodes"]]
    assert "Night \ufffd workers \U0001f600 eat there" in texts


def test_lone_surrogate_in_a_map_renders(write, tmp_path):
    made = built(write(json.dumps(AIF), "debate.json"))
    broken = made.stdout.replace("Night workers", "Night\\udc00 workers")
    path = write(broken, "map.json")
    result = run_cli("render", path, "-f", "dot", "-o", "-")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "Night\ufffd workers" in result.stdout


@pytest.mark.parametrize("change, words", [
    (lambda aif: aif["participants"].append({"participantID": 1, "firstname": {"a": 1}}), "participants entry 0 has name"),
    (lambda aif: aif["nodes"][0].update(text=["x"]), "node '1''s text"),
    (lambda aif: aif["nodes"][0].update(type=3), "node '1''s type"),
    (lambda aif: aif["nodes"][0].update(nodeID={"id": 1}), "node 0's nodeID"),
    (lambda aif: aif["nodes"][0].update(argmap={"weight": "heavy"}), "weight 'heavy'"),
    (lambda aif: aif["nodes"][0].update(argmap={"spans": [1]}), "spans [1]"),
    (lambda aif: aif["nodes"][2].update(argmap={"title": 3}), "title 3"),
    (lambda aif: aif["nodes"][0].update(argmap={"id": 3}), "id 3 is not a string"),
    (lambda aif: aif["edges"][0].update(fromID=[2]), "edge 0's fromID"),
    (lambda aif: aif.update(locutions={"x": 1}), "'locutions' is {'x': 1}"),
])
def test_aif_field_of_the_wrong_type_is_named(write, change, words):
    aif = json.loads(json.dumps(AIF))
    change(aif)
    path = write(json.dumps(aif), "debate.json")
    line = fails_at(path, path, "not valid AIF", words)
    assert "\n" not in line


def test_aif_edge_to_an_unknown_node_is_a_warning(write):
    aif = json.loads(json.dumps(AIF))
    aif["edges"].append({"edgeID": "3", "fromID": "2", "toID": "99"})
    result = built(write(json.dumps(aif), "debate.json"))
    assert result.exit_code == 0
    assert "AIF edge 2 joins unknown nodes '2' -> '99'; skipped" in result.stderr


@pytest.mark.parametrize("change, words", [
    (lambda m: m["graph"].update(source=1), "graph.source is 1"),
    (lambda m: m["graph"].update(title=["x"]), "graph.title is ['x']"),
    (lambda m: m["nodes"][0].update(section=["x"]), "section ['x']"),
    (lambda m: m["nodes"][0].update(label=123), "label"),
    (lambda m: m["nodes"][0].update(spans=[1]), "spans [1]"),
    (lambda m: m["nodes"][0].update(weight="heavy"), "weight 'heavy'"),
    (lambda m: m["edges"][0].update(role=3), "role 3"),
    (lambda m: m["nodes"][-1].update(title=[]), "title []"),
])
def test_map_field_of_the_wrong_type_is_named(write, change, words):
    made = json.loads(built(write(json.dumps(AIF), "debate.json")).stdout)
    change(made)
    path = write(json.dumps(made), "map.json")
    fails_at(path, path, words)


def test_deeply_nested_essay_builds_in_linear_time(write):
    """16,000 nested spans of one text took 40 s (numbering their ids scanned all earlier ones)."""
    depth = 16_000
    result = run_cli("check", write("[" * depth + "x" + "]{.claim}" * depth))
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output


def test_malformed_inputs_through_the_installed_command(tmp_path):
    """The real executable, as a user runs it: one line on stderr, exit 1."""
    cases = {"a.json": "[" * 100_000, "b.ann": "T1\tClaim x y\tz\n", "c.xml": "<arggraph><edge/></arggraph>"}
    (tmp_path / "b.txt").write_text("z")
    for name, content in cases.items():
        (tmp_path / name).write_text(content)
        done = subprocess.run([sys.executable, "-m", "argmap", "check", str(tmp_path / name)], capture_output=True, text=True)
        assert done.returncode == 1, (name, done.stderr)
        assert done.stderr.count("\n") == 1 and f"{tmp_path / name}" in done.stderr, done.stderr


def exported_and_rebuilt(source: str, fmt: str, out: str) -> dict:
    """`argmap export SOURCE --to FMT -o OUT`, then `argmap build OUT`: the map read back, as JSON."""
    result = run_cli("export", source, "--to", fmt, "-o", out)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    result = built(out)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def statement_texts(data: dict) -> list[str]:
    return [node["text"] for node in data["nodes"] if node["type"] == "statement"]


def test_argdown_export_keeps_markup_in_texts_and_odd_ids(write, tmp_path):
    texts = ["See //not a comment", "a /* b */ c <!-- d --> e", "#tag and **bold** and _it_", "x [y] <z> {w: 1}"]
    aif = json.loads(json.dumps(AIF))
    aif["nodes"] = [{"nodeID": str(i), "type": "I", "text": t, "argmap": {"id": f"id [{i}]\nline", "label": ""}}
                    for i, t in enumerate(texts)] + [{"nodeID": "ra", "type": "RA", "text": "Default Inference"}]
    aif["edges"] = [{"fromID": str(i), "toID": "ra"} for i in range(1, len(texts))] + [{"fromID": "ra", "toID": "0"}]
    data = exported_and_rebuilt(write(json.dumps(aif), "debate.json"), "argdown", str(tmp_path / "out.argdown"))
    assert sorted(statement_texts(data)) == sorted(texts)


def test_annotated_export_of_an_empty_segment_and_a_multiline_label(write, tmp_path):
    xml = (
        '<arggraph id="x">\n<edu id="e1">Cafés help.</edu>\n<edu id="e2"></edu>\n<edu id="e3">Streets are safer.</edu>\n'
        '<adu id="a1" type="pro"/>\n<adu id="a2" type="pro"/>\n<adu id="a3" type="pro"/>\n'
        '<edge id="c1" src="e1" trg="a1" type="seg"/>\n<edge id="c2" src="e2" trg="a2" type="seg"/>\n'
        '<edge id="c3" src="e3" trg="a3" type="seg"/>\n<edge id="c4" src="a2" trg="a1" type="sup"/>\n'
        '<edge id="c5" src="a3" trg="a1" type="sup"/>\n</arggraph>\n'
    )
    data = exported_and_rebuilt(write(xml, "m.xml"), "argmap", str(tmp_path / "out.txt"))
    assert len(statement_texts(data)) == 3
    aif = json.loads(json.dumps(AIF))
    aif["nodes"][0]["argmap"] = {"label": 'She said "no"\nthen left \\ early'}
    data = exported_and_rebuilt(write(json.dumps(aif), "debate.json"), "argmap", str(tmp_path / "out2.txt"))
    assert 'She said "no" then left \\ early' in [node.get("label") for node in data["nodes"]]


def test_brat_relation_between_two_major_claims_is_skipped_with_a_warning(write):
    write("Cafés help. Streets are safer.\n", "essay.txt")
    path = write("T1\tMajorClaim 0 11\tCafés help.\nT2\tMajorClaim 12 30\tStreets are safer.\n"
                 "R1\tsupports Arg1:T2 Arg2:T1\t\n", "essay.ann")
    result = built(path)
    assert result.exit_code == 0, result.output
    assert f"{path}:3:1: warning: T2 and T1 are one statement" in result.stderr


def test_map_inference_whose_only_edge_in_is_an_undercut_is_refused(write):
    """Found by bench/fuzz.py: the undercut's edge counted as a premise, and the annotated export crashed."""
    def statement(id):
        return {"id": id, "type": "statement", "kind": "claim", "label": id, "text": id, "implicit": False,
                "section": None, "weight": None, "line": None, "col": None, "spans": []}

    def inference(id, relation):
        return {"id": id, "type": "inference", "relation": relation, "title": None, "line": None, "col": None}

    data = {
        "directed": True, "multigraph": False,
        "graph": {"format": "argmap", "version": 2, "source": None, "sha256": None, "title": None},
        "nodes": [statement("a"), statement("b"), inference("i1", "support"), inference("i2", "attack")],
        "edges": [{"source": "i1", "target": "b", "role": "conclusion"}, {"source": "a", "target": "i2", "role": "premise"},
                  {"source": "i2", "target": "i1", "role": "conclusion"}],
    }
    path = write(json.dumps(data), "map.json")
    result = run_cli("export", path, "--to", "argmap", "-o", "-")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "inference 'i1' needs at least one premise and one conclusion" in result.stderr
