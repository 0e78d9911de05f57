"""Global one-to-one assignment, shared by the aligner, the diff and the extractors.

Plain Python (the Hungarian method with potentials, O(n²m)), no numpy, lap or scipy:
the matrices here are small (a few dozen rows), where importing numpy would cost a
command more than solving them, and :func:`max_weight_matching` takes only the edges
that can be chosen, so a large but sparse problem splits into small independent ones.
"""

from __future__ import annotations

from typing import Iterable, Sequence

_FORBIDDEN = 1e18  # cost of a pair that does not exist; never part of an optimum


def _min_cost_rows(cost: list[list[float]]) -> list[int]:
    """Column of each row in a minimum-cost assignment; needs ``len(cost) <= len(cost[0])``.

    Every row gets a distinct column. The classic shortest-augmenting-path form of the
    Hungarian method (Kuhn-Munkres with potentials), one row added per round.
    """
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row (1-based) holding column j, 0 for none
    way = [0] * (m + 1)
    columns = range(1, m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        min_v = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            row = cost[i0 - 1]
            u_i0 = u[i0]
            delta, j1 = inf, 0
            for j in columns:
                if not used[j]:
                    cur = row[j - 1] - u_i0 - v[j]
                    if cur < min_v[j]:
                        min_v[j] = cur
                        way[j] = j0
                    if min_v[j] < delta:
                        delta, j1 = min_v[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    min_v[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    rows = [-1] * n
    for j in columns:
        if owner[j]:
            rows[owner[j] - 1] = j - 1
    return rows


def max_weight_assignment(score) -> tuple[list[int], list[int]]:
    """Rows and columns of the pairing that maximises the summed ``score``.

    ``score`` is a 2-D matrix (a list of rows, or anything with ``tolist()``), any shape;
    every row or column is paired at most once, the smaller side completely. Returns two
    lists of equal length, ordered by row.
    """
    rows_in = score.tolist() if hasattr(score, "tolist") else [list(r) for r in score]
    if not rows_in or not rows_in[0]:
        return [], []
    transpose = len(rows_in) > len(rows_in[0])
    if transpose:
        rows_in = [list(col) for col in zip(*rows_in)]
    top = max(max(r) for r in rows_in)
    cols = _min_cost_rows([[top - x for x in r] for r in rows_in])
    pairs = sorted((c, r) for r, c in enumerate(cols)) if transpose else list(enumerate(cols))
    return [r for r, _ in pairs], [c for _, c in pairs]


def max_weight_matching(edges: Iterable[tuple[int, int, float]]) -> dict[int, int]:
    """Row → column of a matching of greatest total weight over the given edges.

    ``edges`` are ``(row, column, weight)``; only edges with a positive weight are
    used, and a row or column may stay unmatched. The edges split into connected
    components, each solved on its own, so the cost follows the components' sizes, not
    the product of the number of rows and columns.
    """
    weight: dict[tuple[int, int], float] = {}
    for r, c, w in edges:
        if w > 0:
            weight[(r, c)] = w
    if not weight:
        return {}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for r, c in weight:
        a, b = find(("r", r)), find(("c", c))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for r, c in weight:
        rows, cols = groups.setdefault(find(("r", r)), (set(), set()))
        rows.add(r)
        cols.add(c)
    out: dict[int, int] = {}
    for rows, cols in groups.values():
        out.update(_solve_component(sorted(rows), sorted(cols), weight))
    return out


def _solve_component(rows: Sequence[int], cols: Sequence[int], weight: dict[tuple[int, int], float]) -> dict[int, int]:
    if len(rows) == 1 or len(cols) == 1:  # a star: the heaviest edge wins (lowest index on ties)
        best = max(weight[(r, c)] for r in rows for c in cols if (r, c) in weight)
        r, c = next((r, c) for r in rows for c in cols if weight.get((r, c)) == best)
        return {r: c}
    n = len(rows)
    # Columns: the real ones, then one "unmatched" column per row that costs nothing.
    cost = []
    for i, r in enumerate(rows):
        line = [-weight[(r, c)] if (r, c) in weight else _FORBIDDEN for c in cols]
        slack = [_FORBIDDEN] * n
        slack[i] = 0.0
        cost.append(line + slack)
    chosen = _min_cost_rows(cost)
    return {rows[i]: cols[j] for i, j in enumerate(chosen) if j < len(cols)}
