"""What the layers share, below all of them: the map format's identity and the GC pause.

`mapfile`, `model` and `pipeline` each need these; keeping them here lets
each of those import the others one way only.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

FORMAT = "argmap"
VERSION = 2
"""The `format` and `version` every map carries (docs/map-format.md)."""
KINDS = ("thesis", "claim", "evidence", "rebuttal")
"""The kinds of statement (docs/map-format.md); here so that the map layers need not import the essay syntax."""


@contextmanager
def collection_paused():
    """Pause the cyclic garbage collector while building.

    A build allocates many long-lived objects and almost no cycles; left on,
    the collector rescans them again and again (a third of the time at 5 MB).
    On the way out they join the oldest generation at once (freeze and
    unfreeze move them there without looking at them): left in the youngest,
    the next young collection scanned them all (0.15 s after reading 10^5
    statements).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
