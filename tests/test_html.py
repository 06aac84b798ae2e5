"""`argmap render -f html`: one self-contained page, safe with any essay text.

What the page does in a browser is tested in test_reader_browser.py; these
tests read the file itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from argmap.escape import script_json
from conftest import assert_no_traceback, run_cli

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = """---
title: </title><script>window.pwned = 1</script>
---
[</script><script>window.pwned = 2</script> is the thesis]{#thesis .thesis label="<img src=x onerror=window.pwned=3>"}
[<img src=x onerror="window.pwned=4"> see <a href="javascript:window.pwned=5">this</a> \u2028 and \u2029]{#b .claim +thesis label="\\"quoted\\" 'single' <!-- --> &amp;"}
[<svg onload=window.pwned=6></svg>]{.evidence +b}
"""


def render_html(path: str, *args: str) -> str:
    out = Path(path).with_suffix(".html")
    result = run_cli("render", path, "-f", "html", "-o", str(out), *args)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def parts(page: str) -> dict:
    """The page's CSP, inline script and style, and its JSON data."""
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)[1]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    data = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', page, re.S)[1]
    return {"csp": csp, "scripts": scripts, "styles": styles, "data": data}


def sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_bundled_essay_page_is_self_contained(tmp_path):
    essay = tmp_path / "iran-russia.txt"
    essay.write_bytes((ROOT / "essays/iran-russia.txt").read_bytes())
    page = render_html(str(essay))
    found = parts(page)
    # nothing from elsewhere: no URL the browser would fetch, no external script, style or font
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page, re.I)
    assert "@import" not in page and "url(" not in "".join(found["styles"])
    assert len(found["scripts"]) == 1 and len(found["styles"]) == 1
    # the CSP allows exactly the page's own script and style, by hash
    assert "default-src 'none'" in found["csp"]
    assert f"script-src {sha256(found['scripts'][0])};" in found["csp"]
    assert f"style-src {sha256(found['styles'][0])};" in found["csp"]
    assert "unsafe-inline" not in found["csp"]
    data = json.loads(found["data"])
    assert data["has_text"] is True
    ids = [row["id"] for row in data["statements"]]
    assert "russia-needs-iran" in ids
    # each statement is drawn under its element id, and marked in the essay
    needs = data["statements"][ids.index("russia-needs-iran")]
    assert f'id="{needs["el"]}" class="node statement"' in page
    assert re.search(rf'<span class="seg[^"]*" data-s="{ids.index("russia-needs-iran")}">Vladimir Putin needed Iran', page)
    # the panel has what `query --claim` says
    assert needs["status"] in ("in", "out", "undec") and 0 <= needs["strength"] <= 1
    assert "drones" in [entry["id"] for entry in needs["supports"]]
    assert needs["leads_to"] and needs["leads_to"][0][-1][0] == "thesis"


def test_page_keeps_the_essay_text_whole(tmp_path):
    """The essay's plain text, every character, is in the page once the markup is removed."""
    import html

    essay = tmp_path / "four-day-week.txt"
    essay.write_bytes((ROOT / "examples/four-day-week.txt").read_bytes())
    page = render_html(str(essay))
    shown = re.search(r'<div id="essay-text">(.*?)</div>', page, re.S)[1]
    plain = run_cli("text", str(essay)).output
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == plain
    # nested spans: the trial is marked inside the revenue evidence, innermost first
    data = json.loads(parts(page)["data"])
    ids = [row["id"] for row in data["statements"]]
    assert f'data-s="{ids.index("trials")} {ids.index("flat-revenue")}"' in page


def test_hostile_essay_is_escaped_everywhere(write):
    page = render_html(write(HOSTILE, "hostile.txt"))
    found = parts(page)
    assert len(found["scripts"]) == 1  # the page's own, and no other
    assert "<img" not in page and "<svg onload" not in page and 'href="javascript' not in page
    assert "</script><script>" not in page.replace("</script>\n<script>", "")
    # the data block cannot be ended or bent, and still reads back as the essay's text
    assert "</" not in found["data"] and "<!--" not in found["data"] and "\u2028" not in found["data"]
    data = json.loads(found["data"])
    assert data["statements"][0]["text"].startswith("</script><script>window.pwned = 2</script>")
    assert data["statements"][1]["label"] == "\"quoted\" 'single' <!-- --> &amp;"
    assert "&lt;img src=x onerror=&quot;window.pwned=4&quot;&gt;" in page


HOSTILE_ID = "a\"'></g><script>window.pwned=7</script>"
HOSTILE_AIF = {  # a map without an essay, whose ids are anything at all
    "nodes": [
        {"nodeID": HOSTILE_ID, "text": "<b>Cafés</b> should stay open", "type": "I"},
        {"nodeID": "b", "text": "Night workers need food <img src=x onerror=window.pwned=8>", "type": "I"},
        {"nodeID": "r", "text": "Default Inference", "type": "RA"},
    ],
    "edges": [{"edgeID": "1", "fromID": "b", "toID": "r"}, {"edgeID": "2", "fromID": "r", "toID": HOSTILE_ID}],
}


def test_map_without_essay_text_shows_statements(write):
    """A map read from AIF has no essay: the page shows each statement's text instead."""
    page = render_html(write(json.dumps(HOSTILE_AIF), "cafes.json"))
    assert "The essay's text is not available" in page
    assert "&lt;b&gt;Cafés&lt;/b&gt; should stay open" in page
    data = json.loads(parts(page)["data"])
    assert data["has_text"] is False and len(data["statements"]) == 2


def test_evaluate_flag_opens_with_the_evaluation(tmp_path):
    essay = tmp_path / "school-uniforms.txt"
    essay.write_bytes((ROOT / "examples/school-uniforms.txt").read_bytes())
    page = render_html(str(essay), "--evaluate", "--semantics", "preferred")
    assert 'id="evaluation" checked' in page
    data = json.loads(parts(page)["data"])
    assert data["evaluated"] is True and data["evaluation"]["semantics"] == "preferred"
    shown = page[page.index('<div id="map"'):page.index('<template id="other-map">')]
    assert ">IN<" in shown or ">OUT<" in shown or ">UNDEC<" in shown  # the status tags are drawn


@pytest.mark.parametrize("char", ["<", ">", "&", "\u2028", "\u2029"])
def test_script_json_escapes(char):
    encoded = script_json({"k": f"a{char}b"})
    assert char not in encoded and json.loads(encoded) == {"k": f"a{char}b"}


def test_focus_puts_the_neighbourhood_in_the_page(tmp_path):
    essay = tmp_path / "iran-russia.txt"
    essay.write_bytes((ROOT / "essays/iran-russia.txt").read_bytes())
    page = render_html(str(essay), "--focus", "russia-needs-iran", "--depth", "1")
    ids = {row["id"] for row in json.loads(parts(page)["data"])["statements"]}
    assert {"russia-needs-iran", "drones", "alliance-deepens"} <= ids and "thesis" not in ids
