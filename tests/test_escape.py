"""Hostile text through the real renderer and writers: drawn as written, never run, always well-formed.

The maps are AIF files whose `argmap` extension sets the statement ids, so
ids and texts both come from the document, as they would from a stranger's file.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings, strategies as st

from argmap import escape
from conftest import assert_no_traceback, run_cli

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")

XSS_ID = '<a>, URL="javascript:alert(1)", x=<b'
HOSTILE_TEXTS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)> onload="alert(2)"',
    'javascript:alert(3) <a href="javascript:alert(4)">x</a>',
    ']]> <!-- --> <![CDATA[ x',
]


def aif(statements: list[tuple[str, str, str]], title: str | None = None) -> str:
    """AIF JSON whose I nodes carry argmap ids, labels and texts: [(id, label, text)], the first supported by the rest."""
    nodes, edges = [], []
    for index, (id, label, text) in enumerate(statements, 1):
        nodes.append({"nodeID": str(index), "type": "I", "text": text, "argmap": {"id": id, "label": label}})
    nodes.append({"nodeID": "ra", "type": "RA", "text": "Default Inference"})
    edges = [{"fromID": str(index), "toID": "ra"} for index in range(2, len(statements) + 1)] + [{"fromID": "ra", "toID": "1"}]
    return json.dumps({"nodes": nodes, "edges": edges, "argmap": {"title": title}})


def rendered(write, statements, fmt="svg", title=None) -> str:
    path = write(aif(statements, title), "debate.json")
    result = run_cli("render", path, "-f", fmt, "-o", "-")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    return result.stdout


@needs_dot
def test_svg_of_a_hostile_map_runs_nothing(write):
    statements = [(XSS_ID, XSS_ID, HOSTILE_TEXTS[0])] + [
        (f"{text} id", text, text) for text in HOSTILE_TEXTS[1:]
    ] + [("onload=alert(5)", "<svg onload=alert(6)>", "x")]
    svg = ET.fromstring(rendered(write, statements, title="<script>alert(7)</script>"))
    for element in svg.iter():
        assert not element.tag.lower().endswith("script"), element.tag
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (name, value)
            if local == "href":
                assert not value.strip().lower().startswith("javascript:"), value
    texts = [element.text for element in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert any("<script>alert(7)</script>" in (text or "") for text in texts)  # the title, drawn as written


@needs_dot
def test_graphviz_escapes_are_drawn_as_written(write):
    text = "Backslash-N \\N, \\G and \\L; &amp; is five characters; a \\\\ pair"
    svg = ET.fromstring(rendered(write, [("t", text, text), ("u", "u", "plain")]))
    drawn = " ".join(element.text or "" for element in svg.iter("{http://www.w3.org/2000/svg}text"))
    tooltips = [value for element in svg.iter() for key, value in element.attrib.items() if key.endswith("}title")]
    assert "\\N," in drawn and "\\G" in drawn and "&amp;" in drawn
    assert f"t: {text}" in tooltips


@needs_dot
def test_huge_and_unprintable_text_still_draws(write):
    huge = "word " * 10_000
    weird = "bell\x07 nonchar\uffff\ufffe esc\x1b end"
    svg = rendered(write, [("x" * 20_000, huge, huge), ("weird\x01", weird, weird)])
    tree = ET.fromstring(svg)  # well-formed XML, so no U+FFFF or control character got through
    tooltips = [value for element in tree.iter() for key, value in element.attrib.items() if key.endswith("}title")]
    assert any(value.endswith("…") and len(value) < escape.TOOLTIP_LIMIT + 300 for value in tooltips)


def test_graphml_is_well_formed_xml_whatever_the_text(write):
    weird = "bell\x07 nonchar\uffff\ufffe esc\x1b tab\t end"
    path = write(aif([("id\x02", weird, weird), ("u", "u", "<&>")]), "debate.json")
    result = run_cli("export", path, "--to", "graphml", "-o", "-")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout.encode("utf-8"))
    values = [element.text for element in root.iter() if element.text]
    assert "bell  nonchar\ufffd\ufffd esc  tab\t end" in values and "<&>" in values


def test_only_a_label_we_built_is_written_unquoted():
    assert escape.dot_value("<b>not a label</b>") == '"<b>not a label</b>"'
    assert escape.dot_value(escape.dot_html_label("<B>x</B>")) == "<<B>x</B>>"
    assert escape.dot_id('a"b') == '"a\\"b"'
    assert escape.dot_id("x" * 1000) != escape.dot_id("x" * 1001)


_DOT_TEXT = st.lists(st.sampled_from(list('ab ]["&<>\\\t\r\n\x00\x1f\x7f\ufffe\ud800é😀') + ["word " * 30]), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_DOT_TEXT, st.integers(min_value=1, max_value=15))
def test_dot_escaping_skips_only_text_it_would_leave_as_it_is(text, limit):
    """The shortcut for plain text gives what the full escaping gives, for any text and length limit."""
    quick = (escape.dot_id(text), escape.dot_tooltip(text, limit), escape.dot_html(text, limit))
    with pytest.MonkeyPatch.context() as patch:
        never = re.compile("(?!)")
        patch.setattr(escape, "_DOT_PLAIN", never)
        patch.setattr(escape, "_DOT_HTML_PLAIN", never)
        assert (escape.dot_id(text), escape.dot_tooltip(text, limit), escape.dot_html(text, limit)) == quick


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("ab \t\n\u2003\x1c\0\\[]<>{}#*_/\"'") + ["word"]), max_size=14).map("".join))
def test_argdown_text_is_one_line_with_markup_escaped(text):
    """Whitespace runs become one space (trimmed), NUL becomes U+FFFD, and each markup character gets a backslash."""
    flat = re.sub(r"\s+", " ", text.replace("\0", "\ufffd")).strip()
    markup = re.compile(r"""[\\\[\]<>{}#*_]|/(?=[/*])|^["']|["']$""")
    assert escape.argdown_text(text) == markup.sub(lambda match: "\\" + match[0], flat)
