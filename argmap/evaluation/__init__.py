"""Evaluating a map: which statements stand, how strongly, and what if one fell.

- theory: what the evaluation reads of a map (statements, inferences), `without`
- structured: the default status, ASPIC+ read directly off statements and inferences
- bipolar: the bipolar, supported and attacks-only Dung frameworks
- dung: Dung's semantics as labellings of abstract arguments
- gradual: DF-QuAD and h-categorizer strengths
- results: `evaluate` and `explain`; whatif: `compare`, `critical_premises`; tables: text output

docs/evaluation.md gives the definitions, proofs and worked examples.
"""

from argmap.evaluation.results import FRAMEWORKS, evaluate, explain, explain_all, parse_base_scores
from argmap.evaluation.tables import format_changes, format_critical, format_table
from argmap.evaluation.theory import without
from argmap.evaluation.whatif import compare, critical_premises

__all__ = [
    "FRAMEWORKS", "compare", "critical_premises", "evaluate", "explain", "explain_all", "format_changes",
    "format_critical", "format_table", "parse_base_scores", "without",
]
