"""argmap: argument maps from annotated essays.

The pipeline runs one way: text -> `argmap.syntax` (spans, positions, errors)
-> `argmap.model` (a networkx DiGraph, validation) -> `argmap.render`,
`argmap.query` and the exporters. Importing the package is cheap: the heavy
modules are imported only by the functions that need them.
"""

__version__ = "0.1.0"
