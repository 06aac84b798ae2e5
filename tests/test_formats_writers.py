"""Writers and round trips: what a format can hold comes back unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import build, formats, model, syntax
from argmap.escape import mermaid_label
from argmap.formats import argdown, mermaid
from conftest import run_cli, shapes

ROOT = Path(__file__).resolve().parents[1]
ESSAYS = [ROOT / "essays" / "iran-russia.txt", *sorted((ROOT / "examples").glob("*.txt"))]


def essence(graph, with_labels=True):
    """What a round trip must keep: statements (ids as given), kinds, texts, spans, and every inference's shape and title."""
    nodes = {
        n: (d["kind"], d["label"] if with_labels else None, d["text"], [(s["start"], s["end"]) for s in d["spans"]], d["weight"], d["section"])
        for n, d in ((n, graph.nodes[n]) for n in model.statements(graph))
    }
    return nodes, sorted(map(repr, shapes(graph, ordered=False)))


def save(tmp_path, fmt, output, name="doc"):
    if fmt == "brat":
        (tmp_path / f"{name}.txt").write_text(output["txt"], encoding="utf-8", newline="")
        (tmp_path / f"{name}.ann").write_text(output["ann"], encoding="utf-8")
        return str(tmp_path / f"{name}.ann")
    path = tmp_path / f"{name}.{ {'aif': 'json', 'argmap': 'txt'}[fmt] }"
    path.write_text(output, encoding="utf-8", newline="")
    return str(path)


def test_argmap_aif_argmap_keeps_everything(tmp_path):
    for essay in ESSAYS:
        graph = formats.read(str(essay))
        text = formats.source_text(graph)
        via_aif = formats.read(save(tmp_path, "aif", formats.write(graph, "aif", text), essay.stem))
        assert essence(via_aif) == essence(graph)
        again = formats.read(save(tmp_path, "argmap", formats.write(via_aif, "argmap", formats.source_text(via_aif)), essay.stem + "-back"))
        assert essence(again) == essence(graph)
        assert formats.source_text(again) == text


def test_annotated_writer_strips_back_to_the_text_and_reparses():
    for essay in ESSAYS:
        graph = formats.read(str(essay))
        text = formats.source_text(graph)
        written = formats.write(graph, "argmap", text)
        assert syntax.strip(written) == text
        assert essence(build.build_graph(syntax.parse(written), "x")) == essence(graph)


def test_argmap_brat_argmap_keeps_statements_kinds_relations_spans(tmp_path):
    brat = str(ROOT / "tests" / "fixtures" / "formats" / "essay901.ann")
    graph = formats.read(brat)
    text = formats.source_text(graph)
    annotated = formats.read(save(tmp_path, "argmap", formats.write(graph, "argmap", text)))
    assert essence(annotated) == essence(graph)
    back = formats.read(save(tmp_path, "brat", formats.write(annotated, "brat", formats.source_text(annotated)), "back"))
    assert essence(back) == essence(graph)


def test_brat_writer_output():
    graph = formats.read(str(ROOT / "tests" / "fixtures" / "formats" / "essay901.ann"))
    ann = formats.write(graph, "brat", formats.source_text(graph))["ann"].splitlines()
    assert ann[0] == "T1\tMajorClaim 48 81\ttowns should keep cafés open late"
    assert "A1\tStance T3 Against" in ann and "R2\tattacks Arg1:T4 Arg2:T3\t" in ann


def test_aif_writer_is_plain_aif():
    graph = formats.read(str(ROOT / "examples" / "school-uniforms.txt"))
    data = json.loads(formats.write(graph, "aif"))
    types = {node["nodeID"]: node["type"] for node in data["nodes"]}
    assert all(set(node) >= {"nodeID", "text", "type"} for node in data["nodes"])
    for edge in data["edges"]:
        assert edge["fromID"] in types and edge["toID"] in types
        assert not (types[edge["fromID"]] == types[edge["toID"]] == "I")  # statements meet only through S nodes
    linked = [n for n, t in types.items() if t == "RA" and sum(e["toID"] == n and types[e["fromID"]] == "I" for e in data["edges"]) > 1]
    assert len(linked) == 1
    undercut = [e for e in data["edges"] if types[e["fromID"]] == "CA" and types[e["toID"]] == "RA"]
    assert len(undercut) == 1


def test_writers_are_deterministic():
    graph = formats.read(str(ESSAYS[0]))
    text = formats.source_text(graph)
    for fmt in formats.WRITE_FORMATS:
        assert formats.write(graph, fmt, text) == formats.write(formats.read(str(ESSAYS[0])), fmt, text)


def test_mermaid_escapes_what_its_parser_would_take():
    assert mermaid_label('say "no" <b> #1 & `x`\n[ok]') == "say #quot;no#quot; #lt;b#gt; #35;1 #amp; #96;x#96; [ok]"
    graph = model.new_graph("x", "0")
    model.add_statement(graph, "a", "thesis", 'He said "stop" [sic]')
    assert '(["He said #quot;stop#quot; [sic]"])' in formats.write(graph, "mermaid")


def test_graphml_holds_only_scalars():
    import networkx as nx

    graph = formats.read(str(ESSAYS[1]))
    parsed = nx.parse_graphml(formats.write(graph, "graphml"))
    node = next(iter(graph))
    assert json.loads(parsed.nodes[node]["spans"]) == graph.nodes[node]["spans"]


# -- property: random maps survive export and import --------------------------------------------

WORD = st.sampled_from("cafés town night noise people safer [sic] {x} back\\slash émigré".split())


@st.composite
def maps(draw):
    """A random valid map over a random essay: nested-free spans, links, undercuts, implicit statements."""
    count = draw(st.integers(1, 7))
    sentences = [" ".join(draw(st.lists(WORD, min_size=1, max_size=5))) for _ in range(count)]
    text, spans = "", []
    for sentence in sentences:
        text += draw(st.sampled_from(["", "Then ", "# Part\n", "\n\n"]))
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence + ". "
    graph = model.new_graph("random.txt", "0", draw(st.sampled_from([None, "A title"])))
    kinds = st.sampled_from(("thesis", "claim", "evidence", "rebuttal"))
    ids = [f"s{i}" for i in range(count)]
    for id, (start, end) in zip(ids, spans):
        implicit = draw(st.booleans()) and draw(st.booleans())
        record = {"start": start, "end": end, "line": 1, "col": 1, "end_line": 1, "end_col": 1}
        model.add_statement(
            graph, id, draw(kinds), text[start:end], spans=[] if implicit else [record], implicit=implicit,
            label=draw(st.sampled_from([None, 'Short "label"'])), weight=draw(st.sampled_from([None, 0.25])),
        )
    # Inferences of every shape: linked premises, titles, a premise serving two inferences for one
    # target, support and attack of one pair, undercuts of supports, of attacks and of undercuts.
    inferences = []
    for _ in range(draw(st.integers(0, 2 * count))):
        premises = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        aims = [i for i in ids if i not in premises] + inferences
        if not aims:
            continue
        target = draw(st.sampled_from(aims))
        relation = "attack" if target in inferences else draw(st.sampled_from(("support", "attack")))
        title = draw(st.sampled_from([None, None, "Argument from example", "exa"]))
        inferences.append(model.add_inference(graph, relation, premises, target, title=title))
    return graph, text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(maps())
def test_random_maps_survive_aif(tmp_path_factory, generated):
    graph, text = generated
    path = save(tmp_path_factory.mktemp("aif"), "aif", formats.write(graph, "aif", text))
    back = formats.read(path)
    assert essence(back) == essence(graph)
    assert [back.nodes[n]["implicit"] for n in model.statements(back)] == [graph.nodes[n]["implicit"] for n in model.statements(graph)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(maps())
def test_random_maps_survive_annotated_text(tmp_path_factory, generated):
    graph, text = generated
    written = formats.write(graph, "argmap", text)
    back = build.build_graph(syntax.parse(written), "x")
    assert syntax.strip(written) == text
    sections = {n: back.nodes[n]["section"] for n in model.statements(back)}
    for node in model.statements(graph):  # sections come from the text's headings; the random map sets none
        graph.nodes[node]["section"] = sections[node]
    assert essence(back) == essence(graph)


@settings(max_examples=30, deadline=None)
@given(maps())
def test_random_maps_survive_json(generated):
    from argmap import mapfile

    graph, _ = generated
    assert essence(mapfile.loads(formats.write(graph, "json"), "x")) == essence(graph)


# -- what a format cannot hold is said, once per kind -------------------------------------------


def test_export_warns_once_per_kind_of_loss_with_a_count(tmp_path):
    essay = str(ROOT / "essays" / "iran-russia.txt")
    result = run_cli("export", essay, "--to", "brat", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert [line.split("warning: ")[1] for line in result.stderr.splitlines()] == [
        "4 implicit statements cannot be written in brat; left out",
        "7 linked inferences cannot be written in brat; their premises are written as separate relations",
        "5 relations of implicit statements cannot be written in brat; left out",
        "1 undercut of an attack cannot be written in brat; left out",
        "1 undercut of a support cannot be written in brat; left out",
    ]
    for fmt in ("aif", "argdown", "argmap", "json", "graphml", "mermaid"):
        assert run_cli("export", essay, "--to", fmt, "-o", str(tmp_path / f"out.{fmt}")).stderr == "", fmt


def test_argdown_round_trip_keeps_what_argdown_says():
    for name in ("shared_premise.argdown", "argdown_markup_crlf.argdown"):
        graph = formats.read(str(ROOT / "tests" / "fixtures" / "formats" / "real" / name))
        text, losses = formats.export(graph, "argdown")
        assert losses == []
        back = argdown.parse(text, "back.argdown", "0")[0]
        assert shapes(back) == shapes(graph), name
        assert {n: back.nodes[n]["text"] for n in model.statements(back)} == {n: graph.nodes[n]["text"] for n in model.statements(graph)}


def test_argdown_writes_a_premise_shared_by_two_arguments_as_two_structures():
    graph = formats.read(str(ROOT / "tests" / "fixtures" / "formats" / "real" / "shared_premise.argdown"))
    text = formats.write(graph, "argdown")
    assert "<Buses>\n\n(1) [Late cafés]\n(2) [Night buses stop near cafés.]\n----\n(3) [Busy streets]" in text
    assert "<Lights>\n\n(1) [Late cafés]\n(2) [Lit windows draw walkers.]\n----\n(3) [Busy streets]" in text


def test_essay_through_argdown_keeps_every_inference(tmp_path):
    graph = formats.read(str(ROOT / "essays" / "iran-russia.txt"))
    text, losses = formats.export(graph, "argdown")
    assert losses == []
    back = argdown.parse(text, "back.argdown", "0")[0]
    labels = lambda g: {n: g.nodes[n]["label"] for n in model.statements(g)}  # noqa: E731
    relabel = lambda g, shape: shape if isinstance(shape, str) else (  # noqa: E731
        shape[0], tuple(labels(g)[p] for p in shape[1]), labels(g).get(shape[2]) or relabel(g, shape[2]))
    assert sorted(map(repr, (relabel(back, s) for s in shapes(back)))) == sorted(map(repr, (relabel(graph, s) for s in shapes(graph))))


def test_brat_to_brat_keeps_every_t_r_and_a_line():
    for name in ("essay901", "real/essay_title"):
        ann = ROOT / "tests" / "fixtures" / "formats" / f"{name}.ann"
        graph = formats.read(str(ann))
        written = formats.write(graph, "brat", formats.source_text(graph))
        original = [line for line in ann.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        assert sorted(written["ann"].splitlines()) == sorted(original), name


def test_brat_statement_text_is_its_first_span_through_a_round_trip(tmp_path):
    text = "Noise matters. Cafés help the town, and so cafés help."
    ann = "T1\tMajorClaim 40 53\tso cafés help\nT2\tMajorClaim 15 34\tCafés help the town\nT3\tPremise 0 13\tNoise matters\nR1\tattacks Arg1:T3 Arg2:T1\t\n"
    (tmp_path / "e.txt").write_text(text, encoding="utf-8")
    (tmp_path / "e.ann").write_text(ann, encoding="utf-8")
    graph = formats.read(str(tmp_path / "e.ann"))
    assert graph.nodes["T1"]["text"] == "Cafés help the town"  # the earlier of the two spans
    back = formats.read(save(tmp_path, "brat", formats.write(graph, "brat", formats.source_text(graph)), "back"))
    assert back.nodes["T1"]["text"] == "Cafés help the town"
    assert sorted((tmp_path / "back.ann").read_text(encoding="utf-8").splitlines()) == sorted(ann.splitlines())


def test_mermaid_draws_an_undercut_of_an_undercut_onto_its_junction():
    graph = build.build_graph(syntax.parse("[s]{#s +t} [u]{#u _s>t@doubt} [v]{#v -@doubt} [T]{#t .thesis}"), "x")
    lines = formats.write(graph, "mermaid").splitlines()
    name = {graph.nodes[n]["label"]: f"s{i}" for i, n in enumerate(model.statements(graph))}
    assert f"    {name['s']} --- j0" in lines and "    j0 --> " + name["T"] in lines  # the attacked support has a junction
    assert f"    {name['u']} --- j1" in lines and "    j1 -.-x j0" in lines  # the undercut too, being attacked
    assert f"    {name['v']} -.-x j1" in lines


@st.composite
def argdown_maps(draw):
    """Random maps of the shapes Argdown can express: supports (linked, titled), attacks, and undercuts of
    titled supports and of an attack whose premise does nothing else."""
    count = draw(st.integers(2, 6))
    graph = model.new_graph("random.argdown", "0")
    ids = [f"s{i}" for i in range(count)]
    for index, id in enumerate(ids):
        model.add_statement(graph, id, "claim", f"Text number {index}.", label=f"Statement {index}")
    titled, lone_attacks, used = [], [], set()
    for number in range(draw(st.integers(0, 2 * count))):
        premises = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        target = draw(st.sampled_from(ids))
        if target in premises:
            continue
        if draw(st.booleans()):
            title = draw(st.sampled_from([None, f"Argument {number}"]))
            inference = model.add_inference(graph, "support", premises, target, title=title)
            if title:
                titled.append(inference)
        else:
            inference = model.add_inference(graph, "attack", premises[:1], target)
            lone_attacks.append((premises[0], inference))
        used.update(premises)
    aims = titled + [inference for premise, inference in lone_attacks
                     if sum(premise in i.premises for i in model.inferences(graph)) == 1]
    lone_premise = {inference: premise for premise, inference in lone_attacks}
    chosen = draw(st.lists(st.sampled_from(aims), max_size=2, unique=True)) if aims else []
    busy = {lone_premise.get(aimed) for aimed in chosen}  # the premise of an undercut attack does nothing else
    free = [i for i in ids if i not in busy]
    for aimed in chosen if free else []:
        model.add_inference(graph, "attack", [draw(st.sampled_from(free))], aimed)
    return graph


@settings(max_examples=60, deadline=None)
@given(argdown_maps())
def test_random_maps_of_what_argdown_says_survive_argdown(graph):
    text, losses = formats.export(graph, "argdown")
    assert losses == []
    back = argdown.parse(text, "back.argdown", "0")[0]

    def by_label(g):
        label = {n: g.nodes[n]["label"] for n in model.statements(g)}

        def relabel(shape):
            if isinstance(shape, str):
                return label[shape]
            return (shape[0], tuple(label[p] for p in shape[1]), relabel(shape[2]), shape[3])

        return sorted(map(repr, map(relabel, shapes(graph=g)))), {label[n]: g.nodes[n]["text"] for n in label}

    assert by_label(back) == by_label(graph)
