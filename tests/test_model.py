"""The argument graph built from an essay, per docs/map-format.md.

tests/data/solar.txt is small enough to count by hand: every offset and
line:col below was counted from that file, not read back from argmap.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from argmap import model, syntax
from argmap.errors import ArgmapError
from argmap.pipeline import build_text


SOLAR = Path(__file__).parent / "data" / "solar.txt"
ID = re.compile(r"[^\W][\w-]*\Z")


def build(text: str, path: str = "essay.txt"):
    return build_text(text.encode("utf-8"), path).graph


@pytest.fixture(scope="module")
def solar():
    return build_text(SOLAR.read_bytes(), "tests/data/solar.txt").graph


def auction_id(graph) -> str:
    (node,) = [n for n, kind in graph.nodes(data="kind") if kind == "evidence"]
    return node


def test_graph_attributes(solar):
    assert solar.graph == {
        "format": "argmap",
        "version": 2,
        "source": "tests/data/solar.txt",
        "sha256": hashlib.sha256(SOLAR.read_bytes()).hexdigest(),
        "title": "A small essay",
    }


def test_title_is_null_without_front_matter():
    assert build("[T]{#t .thesis}").graph["title"] is None


def test_nodes_in_document_order_implicit_first(solar):
    assert model.statements(solar) == ["warrant", "cheap", auction_id(solar), "storage", "growth"]
    assert [solar.nodes[n]["kind"] for n in model.statements(solar)] == ["claim", "claim", "evidence", "rebuttal", "thesis"]
    assert list(solar)[:5] == model.statements(solar)  # statements first, then inferences


def test_every_node_has_every_schema_attribute(solar):
    keys = {"type", "kind", "text", "label", "spans", "implicit", "section", "weight", "line", "col"}
    for node in model.statements(solar):
        assert set(solar.nodes[node]) == keys, node
    for inference in model.inferences(solar):
        assert set(solar.nodes[inference.id]) == {"type", "relation", "title", "line", "col"}


def test_implicit_statement(solar):
    warrant = solar.nodes["warrant"]
    assert warrant["implicit"] is True
    assert warrant["spans"] == []
    assert warrant["text"] == "Cheap energy helps growth"
    assert warrant["label"] == "Cheap energy helps growth"
    assert warrant["section"] is None
    assert (warrant["line"], warrant["col"]) == (3, 1)


def test_restatement_is_one_node_with_several_spans(solar):
    cheap = solar.nodes["cheap"]
    assert cheap["implicit"] is False
    assert cheap["text"] == "Solar power is now the cheapest electricity"  # the first span's text
    assert cheap["label"] == "Solar is cheapest"
    assert cheap["spans"] == [
        {"start": 9, "end": 52, "line": 6, "col": 2, "end_line": 6, "end_col": 45},
        {"start": 140, "end": 171, "line": 10, "col": 2, "end_line": 10, "end_col": 33},
    ]
    assert (cheap["line"], cheap["col"]) == (6, 2)


def test_spans_point_into_the_plain_text(solar):
    plain = syntax.strip(SOLAR.read_text(encoding="utf-8"))
    expected = {
        "cheap": ["Solar power is now the cheapest electricity", "Solar power is now the cheapest"],
        auction_id(solar): ["Auction prices fell ninety percent in a decade"],
        "storage": ["Storage is still expensive"],
        "growth": ["Countries should build solar"],
    }
    for node, texts in expected.items():
        assert [plain[s["start"] : s["end"]] for s in solar.nodes[node]["spans"]] == texts


def test_sections_weights_and_default_labels(solar):
    auction = auction_id(solar)
    assert {n: solar.nodes[n]["section"] for n in model.statements(solar)} == {
        "warrant": None, "cheap": "Energy", auction: "Energy", "storage": "Doubts", "growth": "Conclusion",
    }
    assert {n: solar.nodes[n]["weight"] for n in model.statements(solar)} == {
        "warrant": None, "cheap": None, auction: 0.9, "storage": None, "growth": None,
    }
    assert solar.nodes[auction]["label"] == "Auction prices fell ninety percent in a decade"
    assert solar.nodes["growth"]["spans"] == [{"start": 202, "end": 230, "line": 12, "col": 2, "end_line": 12, "end_col": 30}]


def test_inferences_and_their_attributes(solar):
    auction = auction_id(solar)
    found = model.inferences(solar)
    summary = [(i.relation, i.premises, i.target, i.title, i.line, i.col) for i in found]
    linked = found[0].id
    assert summary == [
        ("support", ("warrant", "cheap"), "growth", None, 3, 45),
        ("support", (auction,), "cheap", None, 7, 60),
        ("attack", ("storage",), "cheap", None, 9, 49),
        ("attack", ("storage",), linked, None, 9, 56),
    ]
    roles = {(u, v): d["role"] for u, v, d in solar.edges(data=True)}
    assert roles[("warrant", linked)] == roles[("cheap", linked)] == "premise"
    assert roles[(linked, "growth")] == "conclusion"


def test_each_undercut_is_an_attack_on_one_inference():
    graph = build("[a]{#x .rebuttal _y>t _z>t} [y]{#y .evidence +t} [z]{#z .rebuttal -t} [T]{#t .thesis}")
    undercuts = [i for i in model.inferences(graph) if model.is_inference(graph, i.target)]
    assert [(i.premises, graph.nodes[i.target]["relation"]) for i in undercuts] == [(("x",), "support"), (("x",), "attack")]


# -- kinds and labels ----------------------------------------------------------


def test_default_kind_is_claim():
    assert build("[just words]{#w}").nodes["w"]["kind"] == "claim"


def test_kind_comes_from_another_span_of_the_same_id():
    graph = build("[first]{#x} and later [second]{#x .evidence +t}. [T]{#t .thesis}")
    assert graph.nodes["x"]["kind"] == "evidence"
    assert [s["start"] for s in graph.nodes["x"]["spans"]] == [0, 16]
    assert graph.nodes["x"]["text"] == "first"


def test_relations_from_every_restatement_are_kept():
    graph = build("[a]{#x +t} [b]{#x -u} [T]{#t .thesis} [U]{#u}")
    assert [(i.relation, i.premises, i.target) for i in model.inferences(graph)] == [("support", ("x",), "t"), ("attack", ("x",), "u")]


def test_label_defaults_to_the_text_with_whitespace_collapsed():
    graph = build("[short\n   claim]{#s}")
    assert graph.nodes["s"]["label"] == "short claim"
    assert graph.nodes["s"]["text"] == "short\n   claim"


def test_long_label_is_shortened_at_a_word_boundary():
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma"
    graph = build(f"[{words}]{{#long}}")
    label = graph.nodes["long"]["label"]
    assert label.endswith("…")
    assert len(label) < len(words)
    kept = label[:-1]
    assert words.startswith(kept) and words[len(kept)] == " "


def test_explicit_label_wins():
    assert build('[long text here]{#s label="Short"}').nodes["s"]["label"] == "Short"


# -- generated ids ----------------------------------------------------------------


def test_generated_id_is_made_from_the_first_words():
    graph = build("[Vladimir Putin needed Iran in ways he never had before]{.claim}")
    (node,) = graph
    assert node.startswith("vladimir-putin-needed-iran")
    assert ID.match(node)


def test_generated_id_matches_the_documented_example():
    # docs/annotation.md: the first five words of the label, else of the text.
    graph = build('[Vladimir Putin needed Iran in ways he never had before]{.claim label="Russia needs Iran"} [Vladimir Putin needed Iran in ways he never had before]{.claim}')
    assert list(graph) == ["russia-needs-iran", "vladimir-putin-needed-iran-in"]


def test_generated_ids_are_unique():
    graph = build("[Same words]{} [Same words]{} [Same words]{} [!!!]{} [???]{}")
    assert len(graph) == 5
    assert all(ID.match(node) for node in graph)


def test_generated_id_does_not_take_an_explicit_id():
    graph = build("[Russia needs Iran]{} [other]{#russia-needs-iran}")
    assert "russia-needs-iran" in graph
    assert graph.nodes["russia-needs-iran"]["text"] == "other"
    (generated,) = [n for n in graph if n != "russia-needs-iran"]
    assert graph.nodes[generated]["text"] == "Russia needs Iran"


def test_generated_ids_survive_edits_elsewhere():
    before = build("[Storage costs fall]{.evidence +t}\n[T]{#t .thesis}\n")
    after = build("[Wind is cheap too]{.evidence +t}\n[Storage costs fall]{.evidence +t}\n[T]{#t .thesis}\n[More prose here]{.evidence +t}\n")
    (old,) = [n for n in model.statements(before) if before.nodes[n]["text"] == "Storage costs fall"]
    (new,) = [n for n in model.statements(after) if after.nodes[n]["text"] == "Storage costs fall"]
    assert old == new
    assert len(model.statements(after)) == 4


def test_unicode_ids_and_generated_ids():
    graph = build("[État fort]{#état .thesis} [Ça marche bien]{.evidence +état}")
    assert graph.nodes["état"]["kind"] == "thesis"
    (generated,) = [n for n in model.statements(graph) if n != "état"]
    assert generated.startswith("ça-marche")


# -- what the model refuses ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("[x]{#x +x}", "supports itself"),
        ("[x]{#x -x}", "attacks itself"),
        ("[x]{#x -@nothing} [y]{#y}", "unknown inference '@nothing'"),
        ("[x]{#x +@a} [y]{#y +x@a}", "a support aims at a statement"),
        ("[x]{#x -@a@a}", "cycle of undercuts"),
        ("[x]{#x -@t} [t]{#t}", "'t' is a statement, not an inference: attack it with -t"),
        ("[x]{#x +t@t} [t]{#t}", "'t' is already the id of a statement"),
        ("[x]{#x +t@} [t]{#t}", "'+t@' needs an inference name after '@'"),
        ("---\n@nope: A title\n---\n[x]{#x +t} [t]{#t}", "title for unknown inference '@nope'"),
        ("[x]{#x .claim} [x]{#x .evidence}", "kind"),
        ('[x]{#x label="A"} [x]{#x label="B"}', "label"),
        ("[x]{#x weight=0.5} [x]{#x weight=0.6}", "weight"),
        ("[x]{#x +nowhere}", "unknown statement 'nowhere'"),
        ("[x]{#x _y>z} [y]{#y} [z]{#z}", "neither supports nor attacks"),
        ("[x]{#x +t&g +t} [y]{#y +t&g} [u]{#u _x>t} [t]{#t}", "through 2 inferences"),
    ],
)
def test_build_refuses(text, words):
    with pytest.raises(ArgmapError) as caught:
        build(text)
    assert words in str(caught.value)


def test_all_errors_are_reported_at_once():
    with pytest.raises(ArgmapError) as caught:
        build("[a]{#a +nowhere}\n[b]{#b -b}\n")
    assert [(d.line, d.col) for d in caught.value.diagnostics] == [(1, 8), (2, 8)]


def test_inferences_in_written_order():
    # docs/map-format.md: inferences in the order their relations are written.
    graph = build("[outer [inner]{#inner .evidence +t +o} words]{#outer .claim +t}\n[T]{#t .thesis}\n[O]{#o}\n")
    assert [(i.premises, i.target) for i in model.inferences(graph)] == [(("inner",), "t"), (("inner",), "o"), (("outer",), "t")]


def test_summary_counts_kinds_and_relations(solar):
    assert model.summary(solar) == "5 statements (1 thesis, 2 claims, 1 evidence, 1 rebuttal), 4 inferences (2 supports, 1 attack, 1 undercut)"


def test_declared_statement_written_in_the_body_is_refused_or_not_implicit():
    text = "---\n[imp]{#i .claim +t}\n---\n# S\n[imp written]{#i} [T]{#t .thesis}\n"
    try:
        graph = build(text)
    except ArgmapError:
        return
    node = graph.nodes["i"]
    assert node["implicit"] is False
    assert node["section"] == "S"


# -- inferences: the accessor evaluation and every writer use -------------------


def shapes(graph) -> list[tuple]:
    """Inferences with ids replaced by what they stand for, so tests never read an id."""
    by_id = {inference.id: inference for inference in model.inferences(graph)}

    def target(inference):
        aimed = by_id.get(inference.target)
        return shape(aimed) if aimed else inference.target

    def shape(inference):
        return (inference.relation, inference.premises, target(inference))

    return [shape(inference) for inference in by_id.values()]


def test_inferences_of_the_small_essay(solar):
    auction = auction_id(solar)
    assert sorted(shapes(solar), key=repr) == sorted([
        ("support", ("warrant", "cheap"), "growth"),
        ("support", (auction,), "cheap"),
        ("attack", ("storage",), "cheap"),
        ("attack", ("storage",), ("support", ("warrant", "cheap"), "growth")),
    ], key=repr)
    assert model.statements(solar) == ["warrant", "cheap", auction, "storage", "growth"]


def test_inference_ids_are_unique_and_never_statements(solar):
    ids = [inference.id for inference in model.inferences(solar)]
    assert len(set(ids)) == len(ids)
    assert all(model.is_inference(solar, id) for id in ids)
    assert not any(model.is_inference(solar, node) for node in model.statements(solar))


def test_inference_positions_are_where_the_relation_is_written(solar):
    undercut = [i for i in model.inferences(solar) if model.is_inference(solar, i.target)]
    assert [(i.line, i.col) for i in undercut] == [(9, 56)]


def test_undercut_of_an_attack_and_of_a_support():
    graph = build("[a]{#x .rebuttal _y>t _z>t} [y]{#y .evidence +t} [z]{#z .rebuttal -t} [T]{#t .thesis}")
    assert sorted(shapes(graph), key=repr) == sorted([
        ("support", ("y",), "t"),
        ("attack", ("z",), "t"),
        ("attack", ("x",), ("support", ("y",), "t")),
        ("attack", ("x",), ("attack", ("z",), "t")),
    ], key=repr)


# -- inferences named and aimed at (docs/annotation.md) -------------------------------------------


def test_a_premise_serves_two_arguments_for_one_conclusion():
    graph = build("[a]{#a +t&one +t&two} [b]{#b +t&one} [c]{#c +t&two} [T]{#t .thesis}")
    assert shapes(graph) == [("support", ("a", "b"), "t"), ("support", ("a", "c"), "t")]


def test_a_statement_supports_and_undercuts_an_attack_on_the_same_target():
    graph = build("[r]{#r .rebuttal -t} [x]{#x +t _r>t} [T]{#t .thesis}")
    assert shapes(graph) == [("attack", ("r",), "t"), ("support", ("x",), "t"), ("attack", ("x",), ("attack", ("r",), "t"))]


def test_undercut_of_an_undercut_through_names_and_titles():
    text = "---\n@doubt: Storage doubt\n---\n[s]{#s +t} [u]{#u .rebuttal _s>t@doubt} [v]{#v .rebuttal -@doubt} [T]{#t .thesis}"
    graph = build(text)
    support = ("support", ("s",), "t")
    doubt = ("attack", ("u",), support)
    assert shapes(graph) == [support, doubt, ("attack", ("v",), doubt)]
    assert [i.title for i in model.inferences(graph)] == [None, "Storage doubt", None]
    assert "doubt" in graph and model.is_inference(graph, "doubt")


def test_linked_undercut_and_named_inference_aimed_before_it_is_named():
    graph = build("[u]{#u -@step&both} [w]{#w -@step&both} [s]{#s +t@step} [T]{#t .thesis}")
    assert shapes(graph) == [("attack", ("u", "w"), ("support", ("s",), "t")), ("support", ("s",), "t")]


def test_an_undercut_of_a_support_is_no_support_of_its_target():
    # t supports u, and u undercuts the support s -> t: no support cycle runs through the undercut.
    graph = build("[u]{#u .claim _s>t} [s]{#s .evidence +t} [T]{#t .thesis +u}")
    assert [w.message for w in model.check(graph) if "cycle" in w.message] == []


def test_a_graph_whose_dicts_list_the_nodes_in_another_order_reads_the_same():
    """check and the evaluation read _node, _pred and _succ side by side; dicts in another order are looked up."""
    from argmap import corpus, evaluation

    text = (
        "[T]{#t .thesis}. [A]{#a .claim +t}. [B]{#b .claim +a +c}. [C]{#c .claim +b}. [E]{.evidence +a}.\n"
        "[R]{#r .rebuttal -a}. [U]{.rebuttal _r>a}. [L]{#l +a&both} [M]{#m .evidence +a&both}.\n"
        "[Lone]{#lone .claim}. [Idle]{#idle .evidence}.\n"
    )
    graph = build(text)
    expected = (model.check(graph), evaluation.evaluate(graph), corpus.stats(graph))
    for adjacency in (graph._pred, graph._succ):
        items = list(adjacency.items())
        adjacency.clear()
        adjacency.update(reversed(items))
    assert list(graph._pred) != list(graph._node)
    assert (model.check(graph), evaluation.evaluate(graph), corpus.stats(graph)) == expected
    messages = " ".join(d.message for d in expected[0])
    assert "support cycle" in messages and "leads to no thesis" in messages and "supports or attacks nothing" in messages
