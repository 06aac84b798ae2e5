"""Count how every reader copes with many hostile inputs: internal errors and hangs.

Run: python3 bench/fuzz.py [INPUTS_PER_READER] [READER ...]   (default 1000, every reader)
Inputs are the seeds of tests/fuzzing.py mutated (4 in 6), made of random
tokens of the format (1 in 6) or nested deep (1 in 6), with a fixed random seed per
input so a failure can be replayed (`--replay READER INDEX [DIR]` writes the input's files to DIR).
Prints per reader: inputs, graphs, refusals (ArgmapError), internal errors
(by exception type, with the first input of each), hangs (over ARGMAP_FUZZ_BUDGET s).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzzing  # noqa: E402


def document(reader: str, index: int) -> dict[str, bytes]:
    rng = random.Random(f"{reader}-{index}")
    roll = rng.randrange(6)
    if roll == 0:
        return fuzzing.generated(reader, rng)
    if roll == 1:
        return fuzzing.nested(reader, rng.choice([10, 1000, 5000]))
    return fuzzing.mutated(reader, rng.choice(fuzzing.seeds(reader)), rng)


def run(reader: str, count: int) -> None:
    tally: Counter = Counter()
    first: dict[str, tuple[int, str]] = {}
    started = time.perf_counter()
    for index in range(count):
        with tempfile.TemporaryDirectory() as folder:
            path = fuzzing.write_files(Path(folder), reader, document(reader, index))
            try:
                outcome = fuzzing.read_and_write(path, reader)
                tally["graphs" if outcome is not None else "refused"] += 1
            except fuzzing.Hang:
                tally["hangs"] += 1
                first.setdefault("hang", (index, ""))
            except Exception as err:  # noqa: BLE001 - counting what a reader must never raise
                tally["internal errors"] += 1
                where = traceback.extract_tb(err.__traceback__)[-1]
                key = f"{type(err).__name__} at {Path(where.filename).name}:{where.lineno}"
                first.setdefault(key, (index, str(err)[:100]))
    seconds = time.perf_counter() - started
    print(f"{reader:11} {count} inputs in {seconds:.0f} s: {tally['graphs']} graphs, {tally['refused']} refused, "
          f"{tally['internal errors']} internal errors, {tally['hangs']} hangs", flush=True)
    for key, (index, message) in first.items():
        print(f"    {key}  (first: --replay {reader} {index})  {message}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--replay"]:
        folder = Path(argv[3] if len(argv) > 3 else ".")
        print(fuzzing.write_files(folder, argv[1], document(argv[1], int(argv[2]))))
        return
    count = int(argv[0]) if argv else 1000
    for reader in argv[1:] or fuzzing.READERS:
        run(reader, count)


if __name__ == "__main__":
    main(sys.argv[1:])
