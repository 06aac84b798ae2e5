"""Every reader, fed hostile input: a graph or an ArgmapError, never another exception, never a hang.

Inputs are real documents of each format (tests/fixtures, the examples, and
the examples written out by our own writers) mutated, documents made of the
format's own tokens and of hostile characters, and documents nested deep. A
graph must then go through the DOT renderer and every writer (see
`fuzzing.read_and_write`). Each input has a time budget (ARGMAP_FUZZ_BUDGET
seconds, default 10); overrunning it fails the test as a hang.

ARGMAP_FUZZ_EXAMPLES sets the number of inputs per reader (default 100, a few
seconds each); bench/fuzz.py counts failures over many more.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzing

EXAMPLES = int(os.environ.get("ARGMAP_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def documents(reader: str):
    """Hostile documents for `reader`: {suffix: bytes}."""
    seeds = fuzzing.seeds(reader)
    mutated = st.builds(lambda seed, rng: fuzzing.mutated(reader, seed, rng), st.sampled_from(seeds), st.randoms(use_true_random=False))
    tokens = st.lists(st.sampled_from(fuzzing.TOKENS[reader] + fuzzing.HOSTILE) | st.text(max_size=3), max_size=40)
    generated = tokens.map(lambda parts: fuzzing.wrapped(reader, "".join(parts)))
    nested = st.integers(1, 3000).map(lambda depth: fuzzing.nested(reader, depth))
    return st.one_of(mutated, mutated, generated, nested)


@pytest.mark.parametrize("reader", fuzzing.READERS)
def test_reader_gives_a_graph_or_one_error(reader, tmp_path_factory):
    @FUZZ
    @given(document=documents(reader))
    def check(document):
        folder = tmp_path_factory.mktemp(reader)
        path = fuzzing.write_files(folder, reader, document)
        fuzzing.read_and_write(path, reader)

    check()
