"""Shared helpers: run the real CLI in-process and write small essays to disk."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from argmap.cli import main


def run_cli(*args: str, input: str | bytes | None = None):
    """Invoke `argmap ARGS` through click, as a user would, and return the result."""
    return CliRunner().invoke(main, list(args), input=input)


def assert_no_traceback(result) -> None:
    """A user-caused failure ends in SystemExit with one-line messages, never a traceback."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.fixture
def write(tmp_path):
    """write(text_or_bytes, name="essay.txt") -> path string of a new file in tmp_path."""

    def writer(content: str | bytes, name: str = "essay.txt") -> str:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return str(path)

    return writer


def relate(graph, source, target, relation="support", link=None, premises=None, line=1, col=1):
    """Add to a version-2 map what a version-1 edge said, for tests written in those terms.

    `link` joins the premise into the inference of the same link, relation
    and target; an undercut attacks the inferences carrying `premises` into
    `target`. Statement nodes need `type="statement"`.
    """
    from argmap import model

    graph.graph.setdefault("links", {})
    if relation == "undercut":
        for premise in premises or []:
            for inference in model.inferences(graph):
                if inference.target == target and premise in inference.premises:
                    model.add_inference(graph, "attack", [source], inference.id, line=line, col=col)
        return
    key = (target, relation, link)
    if link is not None and key in graph.graph["links"]:
        graph.add_edge(source, graph.graph["links"][key], role="premise")
        return
    id = model.add_inference(graph, relation, [source], target, line=line, col=col)
    if link is not None:
        graph.graph["links"][key] = id


def shapes(graph, ordered: bool = True) -> set:
    """Every inference as (relation, premises, target, title), a target inference given by its own shape.

    What readers and round trips must keep, without reading opaque inference ids. The annotation
    language lists linked premises in document order, so round trips through it compare them unordered.
    """
    from argmap import model

    by_id = {inference.id: inference for inference in model.inferences(graph)}

    def shape(inference):
        aimed = by_id.get(inference.target)
        premises = inference.premises if ordered else tuple(sorted(inference.premises))
        return (inference.relation, premises, shape(aimed) if aimed else inference.target, inference.title)

    return {shape(inference) for inference in by_id.values()}
