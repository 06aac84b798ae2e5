"""Version-1 style test maps (networkx edges with `link` tags and `undercut` edges) as evaluation theories.

The evaluation reads a `Theory`; building it here, from the edges the way
version 1 read them, keeps these tests independent of how the map stores
inferences. Linked edges (one target, one relation, one `link`) are one
inference; an `undercut` edge u -> t naming premise p is an attack from u
aimed at the inference carrying p into t.
"""

from argmap.evaluation.theory import Theory, theory_of
from argmap.model import Inference


def T(g):
    """The theory a version-1 style graph stands for (a Theory passes through)."""
    if isinstance(g, Theory):
        return g
    groups, linked, undercuts = [], {}, []
    for source, target, data in g.edges(data=True):
        if data["relation"] == "undercut":
            undercuts.append((source, target, data["premises"]))
            continue
        key = (target, data["relation"], data.get("link"))
        if data.get("link") is not None and key in linked:
            linked[key]["premises"].append(source)
            continue
        group = {"relation": data["relation"], "premises": [source], "target": target, "undercutters": []}
        groups.append(group)
        if data.get("link") is not None:
            linked[key] = group
    for undercutter, target, premises in undercuts:
        for group in groups:
            if group["target"] == target and set(premises) & set(group["premises"]) and undercutter not in group["undercutters"]:
                group["undercutters"].append(undercutter)
    inferences = []
    for group in groups:
        id = "&".join(group["premises"]) + ">" + group["target"]
        inferences.append(Inference(id, group["relation"], tuple(group["premises"]), group["target"]))
        inferences += [Inference(f"{u}>{id}", "attack", (u,), id) for u in group["undercutters"]]
    info = {n: {key: g.nodes[n].get(key) for key in ("kind", "label", "weight")} for n in g.nodes}
    return theory_of(Theory(list(g.nodes), info, inferences))
