"""Text from a document, made safe for each language we write: one function per language.

Essay text, ids, labels and titles are whatever a user or a corpus wrote,
and each output language gives some characters a meaning. Every writer and
the renderer escape through here, so each language's rules live in one place:

- DOT (Graphviz): `dot_id` for node names, `dot_tooltip` for escString
  attributes, `dot_html` for the text inside an HTML-like label, and
  `DotHtml` to mark the one kind of value written unquoted: a label we built.
- XML 1.0 (GraphML, and the SVG Graphviz makes from DOT): `xml_chars`.
- HTML: `html_text` for element content and quoted attributes, `script_json`
  for JSON inside a <script> element.
- Argdown: `argdown_text`, undone by the reader's `argdown_unescape`.
- argmap's annotated text: `annotated_text` for prose, `annotated_quoted` for attribute values.
- Mermaid: `mermaid_label`.
- A terminal: `terminal_text`, for the reports the CLI prints.

What Graphviz draws is shortened (`TOOLTIP_LIMIT`, `LABEL_LIMIT`):
it refuses quoted strings over 16,384 characters. The map keeps the full text.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

TOOLTIP_LIMIT = 1000
"""Characters of a statement's text shown in its tooltip (escaping may make it up to 5 times longer)."""
LABEL_LIMIT = 300
"""Characters of a label, a title or a section name drawn in the map."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_DOT_PLAIN = re.compile('[^\\\\"&\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]*')
"""A DOT quoted string's text that every DOT escaping leaves as it is (a colour, a shape, most sentences)."""
_DOT_HTML_PLAIN = re.compile('[^\\\\"&<>\\]\t\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]*')
"""Text that `dot_html` leaves as it is."""


def xml_chars(text: str) -> str:
    """`text` holding only characters XML 1.0 allows: controls become spaces, U+FFFE, U+FFFF and surrogates U+FFFD."""
    return _NOT_XML.sub(lambda match: " " if match[0] < "\x80" else "\ufffd", text)


def shortened(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- DOT --------------------------------------------------------------------


class DotHtml(str):
    """An HTML-like label we built ourselves; the only value `dot_attrs` writes unquoted, between `<` and `>`."""


ID_LIMIT = 200
"""Characters of a node name in DOT; a longer or unprintable one is cut and made unique by a hash."""


def dot_id(value) -> str:
    """A DOT double-quoted node or cluster name, one per distinct `value`, short and printable.

    Names are not drawn (labels are), but Graphviz copies them into the SVG's
    <title> elements, and refuses quoted strings over 16,384 characters.
    """
    value = str(value)
    if len(value) <= ID_LIMIT and _DOT_PLAIN.fullmatch(value):
        return '"' + value + '"'  # nothing to change: the usual id (a map of 10^4 statements names 30,000)
    name = xml_chars(value)
    if name != value or len(name) > ID_LIMIT:
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        name = f"{shortened(name, ID_LIMIT)} {digest}"
    name = name.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _one_line(name, "\\n") + '"'


def dot_tooltip(value, limit: int = TOOLTIP_LIMIT) -> str:
    """A DOT quoted string for an escString attribute (tooltip), drawn in the SVG as written.

    Graphviz reads a tooltip's escapes twice (`\\N` would become the node's
    name), so a backslash is written as four; and it leaves `&amp;` as the
    entity in the SVG, so every `&` is written as `&amp;`. Line breaks stay
    line breaks.
    """
    value = str(value)
    if len(value) <= limit and _DOT_PLAIN.fullmatch(value):
        return '"' + value + '"'  # nothing to change: the usual attribute (a map of 10^4 statements writes 120,000)
    value = shortened(xml_chars(value), limit)
    value = value.replace("\\", "\\\\\\\\").replace('"', '\\"').replace("&", "&amp;")
    return '"' + _one_line(value, "\\n") + '"'


def dot_html(value, limit: int = LABEL_LIMIT) -> str:
    """Text for inside a Graphviz HTML-like label, drawn as written (`\\N` too, and `&amp;`).

    Never empty: Graphviz refuses an empty <B></B> or <FONT></FONT>, so no text is a space.
    """
    value = str(value)
    if len(value) <= limit and value.strip() and _DOT_HTML_PLAIN.fullmatch(value):
        return value  # nothing to change: the usual line of a label
    value = shortened(re.sub(r"[\t\n\r]", " ", xml_chars(value)), limit)
    value = value if value.strip() else " "
    # Graphviz's HTML lexer refuses a text that is just "]", or blank but for a space: a character reference is fine
    return html.escape(value, quote=False).replace('"', "&quot;").replace("]", "&#93;").replace("\\", "\\\\")


def dot_html_label(markup: str) -> DotHtml:
    """`markup` (HTML-like label content built from `dot_html` pieces) as a label value."""
    return DotHtml(f"<{markup}>")


def dot_value(value) -> str:
    """Any attribute value: a label we built as is, a number bare, anything else a quoted escString."""
    if isinstance(value, DotHtml):
        return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return dot_tooltip(value)


def _one_line(value: str, newline: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)


# --- HTML -------------------------------------------------------------------


def html_text(value) -> str:
    """Text for HTML element content or a quoted attribute value, shown literally."""
    return html.escape(str(value), quote=True)


def script_json(data) -> str:
    """JSON that stays JSON inside <script type="application/json">.

    `<`, `>` and `&` become \\u escapes, so no `</script>` or `<!--` can end or
    bend the element; U+2028 and U+2029 too, for readers that take it as script.
    """
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        encoded = encoded.replace(char, escape)
    return encoded


# --- Argdown ----------------------------------------------------------------

_ARGDOWN_SPECIAL = re.compile(r"""[\\\[\]<>{}#*_]|/(?=[/*])|^["']|["']$""")
"""What Argdown could take for markup inside a line: references, tags, emphasis, data, comments,
and the quotes front matter strips from a value's ends. Argdown reads `\\x` as the character x."""
_ARGDOWN_MAYBE = re.compile(r"""[\\\[\]<>{}#*_/"']""")
"""The characters `_ARGDOWN_SPECIAL` can match: text without them (most) is left as it is, without its slower search."""


def argdown_text(value) -> str:
    """Text or a title for one Argdown line: whitespace runs as one space, markup backslash-escaped, no NUL."""
    flat = " ".join(str(value).replace("\0", "\ufffd").split())  # str.split and the regex \s agree on whitespace
    if _ARGDOWN_MAYBE.search(flat) is None:
        return flat
    return _ARGDOWN_SPECIAL.sub(lambda match: "\\" + match[0], flat)


# --- argmap's annotated text ---------------------------------------------------


def annotated_text(text: str) -> str:
    """A fragment of prose -> annotated text that strips back to exactly it.

    Works on fragments: a whole essay whose first line is `---` also needs an
    empty front matter (`---` twice) before it.
    """
    from argmap.syntax import ESCAPABLE

    return re.sub("([" + re.escape(ESCAPABLE) + "])", r"\\\1", text)


def annotated_quoted(value: str) -> str:
    """A quoted attribute value (`label="..."`) that reads back as `value`, on one line."""
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _one_line(value, " ") + '"'


# --- Mermaid ----------------------------------------------------------------

MERMAID_ENTITIES = {"&": "#amp;", '"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "`": "#96;"}


def mermaid_label(text: str) -> str:
    """Text as the inside of a Mermaid quoted label, on one line, with `#name;` entities for its markup."""
    flat = " ".join(xml_chars(text).split())
    return "".join(MERMAID_ENTITIES.get(char, char) for char in flat)


# --- terminal -----------------------------------------------------------------

_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """`text` for a terminal: control characters (ESC, CR, C1) and bidi overrides shown as `\\x1b`, `\\u202e`.

    An id or a text holding them would otherwise move the cursor, recolour or
    rewrite the user's screen; tabs and line breaks stay.
    """
    return _TERMINAL_UNSAFE.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)
