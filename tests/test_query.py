"""Tests for argmap.query on small graphs built by hand to the map-format schema."""

from __future__ import annotations

import json
import os

import networkx as nx

import conftest
from argmap.model import inferences, statements
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError
from argmap.lookup import AmbiguousQuery, find_statement
from argmap.query import MAX_CHAINS, describe, list_statements
from argmap.query_text import format_description, format_list

ESSAY = os.path.join(os.path.dirname(__file__), os.pardir, "essays", "iran-russia.txt")


def statement(graph, node, kind="claim", text=None, label=None, line=1, col=1, **extra):
    """Add a node with every attribute the schema requires."""
    text = text if text is not None else node.replace("-", " ")
    graph.add_node(
        node,
        type="statement",
        kind=kind,
        text=text,
        label=label if label is not None else text,
        spans=[{"start": 0, "end": len(text), "line": line, "col": col, "end_line": line, "end_col": col + len(text)}],
        implicit=False,
        section=None,
        weight=None,
        line=line,
        col=col,
        **extra,
    )


def relate(graph, source, target, relation="support", link=None, premises=None):
    conftest.relate(graph, source, target, relation, link, premises)


def new_graph():
    graph = nx.DiGraph()
    graph.graph.update(format="argmap", version=2, source="test.txt", sha256="0" * 64, title=None)
    return graph


@pytest.fixture
def essay_like():
    """A small map shaped like the Iran-Russia essay."""
    g = new_graph()
    statement(g, "thesis", "thesis", "Ties to Russia make Iran more dangerous", "Iran more dangerous")
    statement(g, "alliance", "claim", "The two states grow closer every year", "Alliance deepens")
    statement(g, "russia-needs-iran", "claim", "Vladimir Putin needed Iran in ways he never had before",
              "Russia needs Iran", line=9, col=11)
    statement(g, "drones", "evidence", "Iran supplies suicide drones", "Iran supplies drones")
    statement(g, "factories", "evidence", "Drone factories opened in Russia", "Drone factories")
    statement(g, "odd", "rebuttal", "The alliance is historically odd", "Historically odd")
    statement(g, "rivalry", "evidence", "Two centuries of rivalry", "Rivalry")
    relate(g, "alliance", "thesis")
    relate(g, "russia-needs-iran", "alliance")
    relate(g, "drones", "russia-needs-iran")
    relate(g, "factories", "drones")
    relate(g, "odd", "alliance", "attack")
    relate(g, "rivalry", "odd")
    return g


# ---------------------------------------------------------------- find_statement


def test_finds_by_exact_id(essay_like):
    assert find_statement(essay_like, "drones") == "drones"
    assert find_statement(essay_like, "  odd ") == "odd"


def test_finds_by_label_ignoring_case_and_spacing(essay_like):
    assert find_statement(essay_like, "alliance   DEEPENS") == "alliance"


def test_finds_by_exact_text(essay_like):
    assert find_statement(essay_like, "two centuries of rivalry") == "rivalry"


def test_label_finds_statement_whose_text_says_something_else(essay_like):
    assert find_statement(essay_like, "Russia needs Iran") == "russia-needs-iran"
    assert find_statement(essay_like, "russia needs iran.") == "russia-needs-iran"


def test_finds_by_words_from_the_middle_of_the_text(essay_like):
    assert find_statement(essay_like, "Putin needed Iran") == "russia-needs-iran"


def test_a_word_finds_its_plural(essay_like):
    with pytest.raises(AmbiguousQuery) as caught:
        find_statement(essay_like, "drone")
    assert caught.value.candidates == ["drones", "factories"]


def test_fuzzy_lookup_survives_typos(essay_like):
    assert find_statement(essay_like, "rusia neds iran") == "russia-needs-iran"


def test_an_id_beats_a_label_that_spells_the_same(essay_like):
    statement(essay_like, "x", "claim", "something", label="drones")
    assert find_statement(essay_like, "drones") == "drones"


def test_words_in_a_label_beat_the_same_words_in_a_text(essay_like):
    # "rivalry" is the label of one statement and a word in the text of another
    assert find_statement(essay_like, "Rivalry") == "rivalry"
    statement(essay_like, "feud", "claim", "An old feud", label="Old feud")
    statement(essay_like, "grudge", "claim", "A grudge from the old feud days", label="Grudge")
    assert find_statement(essay_like, "feud") == "feud"


def test_equally_good_matches_are_listed_and_refused(essay_like):
    with pytest.raises(AmbiguousQuery) as caught:
        find_statement(essay_like, "Iran")
    candidates = caught.value.candidates
    assert candidates == ["thesis", "russia-needs-iran", "drones"]
    message = str(caught.value)
    assert "  russia-needs-iran (claim): Russia needs Iran" in message.splitlines()
    assert "  drones (evidence): Iran supplies drones" in message.splitlines()


def test_two_statements_with_one_label_are_ambiguous(essay_like):
    statement(essay_like, "second", "claim", "another text", label="Rivalry again")
    statement(essay_like, "third", "claim", "yet another", label="rivalry AGAIN")
    with pytest.raises(AmbiguousQuery) as caught:
        find_statement(essay_like, "Rivalry again")
    assert caught.value.candidates == ["second", "third"]


def test_no_match_suggests_the_nearest(essay_like):
    # one word in three is near "Rivalry": too little to pick it, enough to suggest it
    with pytest.raises(ArgmapError) as caught:
        find_statement(essay_like, "rivals elsewhere entirely")
    assert not isinstance(caught.value, AmbiguousQuery)
    message = str(caught.value)
    assert "no statement matches 'rivals elsewhere entirely'" in message
    assert 'did you mean rivalry ("Rivalry")?' in message


def test_no_match_without_anything_close(essay_like):
    with pytest.raises(ArgmapError) as caught:
        find_statement(essay_like, "zzzz qqqq")
    assert "no statement matches 'zzzz qqqq'" in str(caught.value)
    assert "did you mean" not in str(caught.value)


def test_query_without_words_is_an_error(essay_like):
    with pytest.raises(ArgmapError, match="no statement matches"):
        find_statement(essay_like, "  ?! ")


# ---------------------------------------------------------------- describe


def ids(entries):
    return [entry["id"] for entry in entries]


def test_support_tree_is_recursive_and_shows_evidence(essay_like):
    desc = describe(essay_like, "alliance")
    assert ids(desc["supports"]) == ["russia-needs-iran"]
    needs = desc["supports"][0]
    assert needs["relation"] == "support" and needs["kind"] == "claim"
    assert ids(needs["supports"]) == ["drones"]
    drones = needs["supports"][0]
    assert drones["kind"] == "evidence"
    assert ids(drones["supports"]) == ["factories"]
    assert drones["supports"][0]["supports"] == [] and drones["supports"][0]["attacks"] == []


def test_attacks_carry_their_own_supports(essay_like):
    desc = describe(essay_like, "alliance")
    assert ids(desc["attacks"]) == ["odd"]
    odd = desc["attacks"][0]
    assert odd["relation"] == "attack" and odd["kind"] == "rebuttal"
    assert ids(odd["supports"]) == ["rivalry"]


def test_attacks_on_a_supporter_appear_under_it(essay_like):
    statement(essay_like, "doubt", "rebuttal", "Drone numbers are exaggerated")
    relate(essay_like, "doubt", "drones", "attack")
    drones = describe(essay_like, "russia-needs-iran")["supports"][0]
    assert ids(drones["attacks"]) == ["doubt"]


def test_statement_fields(essay_like):
    desc = describe(essay_like, "russia-needs-iran")
    assert desc["id"] == "russia-needs-iran"
    assert desc["kind"] == "claim"
    assert desc["label"] == "Russia needs Iran"
    assert desc["text"] == "Vladimir Putin needed Iran in ways he never had before"
    assert desc["implicit"] is False
    assert desc["spans"][0]["line"] == 9


def test_support_cycle_terminates_with_a_reference():
    g = new_graph()
    for node in ("a", "b", "c"):
        statement(g, node)
    relate(g, "a", "b")
    relate(g, "b", "c")
    relate(g, "c", "a")
    desc = describe(g, "a")
    c = desc["supports"][0]
    b = c["supports"][0]
    assert (c["id"], b["id"]) == ("c", "b")
    assert b["supports"] == [{"id": "a", "kind": "claim", "label": "a", "relation": "support",
                              "link": None, "cycle": True}]
    assert "cycle" in format_description(desc)


def test_shared_premise_is_expanded_once():
    g = new_graph()
    for node in ("top", "left", "right", "shared", "deep"):
        statement(g, node)
    relate(g, "left", "top")
    relate(g, "right", "top")
    relate(g, "shared", "left")
    relate(g, "shared", "right")
    relate(g, "deep", "shared")
    desc = describe(g, "top")
    first = desc["supports"][0]["supports"][0]
    again = desc["supports"][1]["supports"][0]
    assert ids(first["supports"]) == ["deep"]
    assert again["id"] == "shared" and again.get("repeated") is True and "supports" not in again
    assert "(shown above)" in format_description(desc)


def test_depth_limit_names_what_it_does_not_expand():
    g = new_graph()
    for index in range(6):
        statement(g, f"s{index}")
    for index in range(5):
        relate(g, f"s{index + 1}", f"s{index}")
    desc = describe(g, "s0", max_depth=2)
    level_two = desc["supports"][0]["supports"][0]
    assert level_two["id"] == "s2" and level_two.get("deeper") is True
    assert "more below" in format_description(desc)


def test_long_chains_do_not_hit_the_recursion_limit():
    g = new_graph()
    for index in range(3000):
        statement(g, f"s{index}", "thesis" if index == 0 else "claim")
    for index in range(2999):
        relate(g, f"s{index + 1}", f"s{index}")
    json.dumps(describe(g, "s0"), indent=2)
    bottom = describe(g, "s2999")
    assert len(bottom["leads_to"]) == 1 and len(bottom["leads_to"][0]) == 3000


def test_linked_premises_keep_their_group_and_sit_together():
    g = new_graph()
    for node in ("target", "a", "lone", "b"):
        statement(g, node)
    relate(g, "a", "target", link="pair")
    relate(g, "lone", "target")
    relate(g, "b", "target", link="pair")
    desc = describe(g, "target")
    pair = desc["supports"][0]["link"]
    assert pair is not None
    assert [(e["id"], e["link"]) for e in desc["supports"]] == [("a", pair), ("b", pair), ("lone", None)]
    text = format_description(desc)
    assert "together, these only support it jointly" in text
    group_line = next(i for i, line in enumerate(text.splitlines()) if "together, these only support it jointly" in line)
    assert "a  [claim, a]" in text.splitlines()[group_line + 1]
    assert "b  [claim, b]" in text.splitlines()[group_line + 2]


def test_undercut_appears_under_the_premise_whose_step_it_attacks(essay_like):
    statement(essay_like, "spare", "rebuttal", "Only if Russia can spare them")
    relate(essay_like, "spare", "alliance", "undercut", premises=["russia-needs-iran"])
    desc = describe(essay_like, "alliance")
    needs = desc["supports"][0]
    undercut = needs["attacks"][0]
    assert undercut["id"] == "spare" and undercut["relation"] == "undercut"
    assert undercut["step"] == ["russia-needs-iran", "alliance"]
    assert ids(desc["attacks"]) == ["odd"]  # the target itself is not attacked
    assert "undercuts the step russia-needs-iran -> alliance" in format_description(desc)


# ---------------------------------------------------------------- chains


def chain_ids(desc):
    return [[step["id"] for step in chain] for chain in desc["leads_to"]]


def test_chains_to_several_theses_shortest_first_then_by_id():
    g = new_graph()
    statement(g, "t1", "thesis")
    statement(g, "t2", "thesis")
    for node in ("start", "m", "n", "k"):
        statement(g, node)
    relate(g, "start", "n")
    relate(g, "start", "m", "attack")
    relate(g, "m", "t2")
    relate(g, "n", "t1")
    relate(g, "n", "k")
    relate(g, "k", "t1")
    relate(g, "start", "t2")
    desc = describe(g, "start")
    assert chain_ids(desc) == [
        ["start", "t2"],
        ["start", "m", "t2"],
        ["start", "n", "t1"],
        ["start", "n", "k", "t1"],
    ]
    assert [step["relation"] for step in desc["leads_to"][1]] == ["attack", "support", None]
    assert desc["leads_to_truncated"] is False
    assert "start --attacks--> m --supports--> t2" in format_description(desc)


def test_chain_continues_through_a_thesis_to_another():
    g = new_graph()
    statement(g, "low", "thesis")
    statement(g, "high", "thesis")
    statement(g, "c")
    relate(g, "c", "low")
    relate(g, "low", "high")
    assert chain_ids(describe(g, "c")) == [["c", "low"], ["c", "low", "high"]]


def test_too_many_chains_are_cut_and_say_so():
    g = new_graph()
    statement(g, "t", "thesis")
    statement(g, "start")
    layers = [["start"]]
    for depth in range(6):  # 2**6 = 64 paths from start to t
        layer = [f"l{depth}{side}" for side in "ab"]
        for node in layer:
            statement(g, node)
            for before in layers[-1]:
                relate(g, before, node)
        layers.append(layer)
    for node in layers[-1]:
        relate(g, node, "t")
    desc = describe(g, "start")
    assert len(desc["leads_to"]) == MAX_CHAINS
    assert desc["leads_to_truncated"] is True
    assert chain_ids(desc) == sorted(chain_ids(desc))
    text = format_description(desc)
    assert "and more longer chains" in text
    assert text.count(" --supports--> ") == 5 * 7  # five chains of seven steps: only the first five are drawn


def test_thesis_says_it_is_one(essay_like):
    desc = describe(essay_like, "thesis")
    assert desc["leads_to"] == []
    assert "itself a thesis" in format_description(desc)


def test_statement_reaching_no_thesis(essay_like):
    statement(essay_like, "stray")
    text = format_description(describe(essay_like, "stray"))
    assert "Leads to: no thesis" in text
    assert "Supported by: nothing — an unsupported claim" in text
    assert "Attacked by: nothing" in text


# ---------------------------------------------------------------- output


def test_description_is_json_and_deterministic(essay_like):
    first = json.dumps(describe(essay_like, "alliance"), ensure_ascii=False, indent=2)
    again = json.dumps(describe(essay_like, "alliance"), ensure_ascii=False, indent=2)
    assert first == again
    rebuilt = nx.node_link_graph(nx.node_link_data(essay_like, edges="edges"), edges="edges")
    assert json.dumps(describe(rebuilt, "alliance"), ensure_ascii=False, indent=2) == first


def test_text_output_draws_the_tree(essay_like):
    text = format_description(describe(essay_like, "alliance"))
    lines = text.splitlines()
    assert lines[0] == "Alliance deepens  [claim, alliance]"
    assert lines[1] == '  "The two states grow closer every year"  (line 1, col 1)'
    supported = lines.index("Supported by")
    assert lines[supported + 1:supported + 4] == [
        "└─ + Russia needs Iran  [claim, russia-needs-iran]",
        "   └─ + Iran supplies drones  [evidence, drones]",
        "      └─ + Drone factories  [evidence, factories]",
    ]
    attacked = lines.index("Attacked by")
    assert lines[attacked + 1:attacked + 3] == [
        "└─ - Historically odd  [rebuttal, odd]",
        "   └─ + Rivalry  [evidence, rivalry]",
    ]
    assert "  Alliance deepens --supports--> Iran more dangerous" in lines


def test_text_output_keeps_essay_text_on_one_line():
    g = new_graph()
    statement(g, "x", "claim", "first line\nsecond\x1b[31m line", label="a\nlabel")
    lines = format_description(describe(g, "x")).splitlines()
    assert lines[0] == "a label  [claim, x]"
    assert lines[1].startswith('  "first line second [31m line"')


def test_unknown_id_is_a_user_error(essay_like):
    with pytest.raises(ArgmapError, match="no statement with id 'nope'"):
        describe(essay_like, "nope")


def test_list_in_graph_order_with_aligned_columns(essay_like):
    rows = list_statements(essay_like)
    assert [row["id"] for row in rows] == statements(essay_like)
    assert rows[2] == {"id": "russia-needs-iran", "kind": "claim", "label": "Russia needs Iran"}
    lines = format_list(rows).splitlines()
    assert lines[0] == "thesis             thesis    Iran more dangerous"
    assert lines[3] == "drones             evidence  Iran supplies drones"
    assert format_list([]) == "no statements"


# ---------------------------------------------------------------- properties


@st.composite
def graphs(draw):
    size = draw(st.integers(1, 8))
    g = new_graph()
    for index in range(size):
        statement(g, f"n{index}", draw(st.sampled_from(["thesis", "claim", "evidence", "rebuttal"])))
    pairs = [(a, b) for a in range(size) for b in range(size) if a != b]
    for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=16) if pairs else st.just([])):
        relate(g, f"n{a}", f"n{b}", draw(st.sampled_from(["support", "attack"])))
    return g


def walk(entries):
    for entry in entries:
        yield entry
        yield from walk(entry.get("supports", []) + entry.get("attacks", []))


@settings(max_examples=200, deadline=None)
@given(graphs(), st.data())
def test_tree_holds_every_ancestor_once_and_chains_are_the_simple_paths(graph, data):
    root = data.draw(st.sampled_from(statements(graph)))
    flat = nx.DiGraph()  # statement -> what it bears on (this generator writes no undercuts)
    flat.add_nodes_from(statements(graph))
    flat.add_edges_from((p, i.target) for i in inferences(graph) for p in i.premises)
    desc = describe(graph, root)
    json.dumps(desc)
    entries = list(walk(desc["supports"] + desc["attacks"]))
    expanded = [entry["id"] for entry in entries if "supports" in entry]
    assert sorted(expanded) == sorted(set(expanded)) == sorted(nx.ancestors(flat, root))
    assert all(entry["id"] != root or entry.get("cycle") for entry in entries)

    theses = [n for n, kind in graph.nodes(data="kind") if kind == "thesis" and n != root]
    expected = sorted(
        (path for thesis in theses for path in nx.all_simple_paths(flat, root, thesis)),
        key=lambda path: (len(path), path),
    )
    assert chain_ids(desc) == expected[:MAX_CHAINS]
    assert desc["leads_to_truncated"] == (len(expected) > MAX_CHAINS)


# ---------------------------------------------------------------- the real essay


def test_real_essay_russia_needs_iran():
    pipeline = pytest.importorskip("argmap.pipeline")
    if not os.path.exists(ESSAY):
        pytest.skip("essay not present")
    graph = pipeline.build_file(ESSAY).graph
    assert find_statement(graph, "Russia needs Iran") == "russia-needs-iran"
    desc = describe(graph, "russia-needs-iran")
    assert desc["supports"], "the essay gives evidence for Russia needing Iran"
    assert all(chain[-1]["id"] in graph and graph.nodes[chain[-1]["id"]]["kind"] == "thesis"
               for chain in desc["leads_to"])
    text = format_description(desc)
    assert text.startswith("Russia needs Iran  [claim, russia-needs-iran]")


def test_an_undercut_of_an_undercut_names_the_undercut_it_attacks():
    from argmap import build, syntax

    graph = build.build_graph(syntax.parse("[s]{#s +t} [u]{#u _s>t@doubt} [v]{#v -@doubt} [w]{#w -@doubt} [T]{#t .thesis}"), "x")
    desc = describe(graph, "t")
    (s,) = desc["supports"]
    (u,) = s["attacks"]
    assert (u["id"], u["step"]) == ("u", ["s", "t"])
    assert [(e["id"], e["step"]) for e in u["attacks"]] == [("v", ["u", "s", "t"]), ("w", ["u", "s", "t"])]
    assert "v  [claim, v]  (undercuts u's undercut of the step s -> t, not the statement)" in format_description(desc)


def test_describe_all_says_what_describe_says_of_each():
    """The reader page describes every statement at once; each answer is describe's own."""
    from argmap.pipeline import build_file
    from argmap.query import describe, describe_all

    graph = build_file(os.path.join(os.path.dirname(__file__), "..", "essays", "iran-russia.txt")).graph
    ids = statements(graph)
    assert describe_all(graph, ids) == {node: describe(graph, node) for node in ids}
