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
    Hungarian method (Kuhn-Munkres with potentials), one row added per round, with the
    same arithmetic in the same order as the textbook loop over every column
    (tests/test_performance.py keeps that loop and compares), so ties go the same way.
    Two things it does not do: look at the columns already in a round's tree when
    scanning for the next one (they are listed apart), and move the potentials by a
    step of zero (``x - 0.0`` is ``x``; it would only turn a ``-0.0`` into ``0.0``, which
    no comparison tells apart). Scores with many ties (extracted abuses scored on a few
    levels) take many zero steps, each a pass over every column before.
    """
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    start = m  # the round's virtual start column; real columns are 0 … m - 1
    u = [0.0] * (n + 1)  # rows' potentials, rows numbered from 1 (0: no row)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row holding column j, 0 for none
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[start] = i
        j0 = start
        min_v = [inf] * (m + 1)
        free = list(range(m))  # columns not yet in the tree, ascending (ties: the first)
        tree = [start]
        while True:
            i0 = owner[j0]
            row = cost[i0 - 1]
            u_i0 = u[i0]
            delta, j1 = inf, start
            for j in free:
                cur = row[j] - u_i0 - v[j]
                low = min_v[j]
                if cur < low:
                    min_v[j] = low = cur
                    way[j] = j0
                if low < delta:
                    delta, j1 = low, j
            if delta:
                for j in tree:
                    u[owner[j]] += delta
                    v[j] -= delta
                for j in free:
                    min_v[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
            tree.append(j0)
            free.remove(j0)
        while j0 != start:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    rows = [-1] * n
    for j in range(m):
        if owner[j]:
            rows[owner[j] - 1] = j
    return rows


def max_weight_assignment(score) -> tuple[list[int], list[int]]:
    """Rows and columns of the pairing that maximises the summed ``score``.

    ``score`` is a 2-D matrix (a list of rows), any shape; every row or column is paired at
    most once, the smaller side completely. Returns two lists of equal length, ordered by row.
    """
    rows_in = [list(r) for r in score]
    if not rows_in or not rows_in[0]:
        return [], []
    transpose = len(rows_in) > len(rows_in[0])
    if transpose:
        rows_in = [list(col) for col in zip(*rows_in)]
    top = max(max(r) for r in rows_in)
    cols = _min_cost_rows([[top - x for x in r] for r in rows_in])
    pairs = sorted((c, r) for r, c in enumerate(cols)) if transpose else list(enumerate(cols))
    return [r for r, _ in pairs], [c for _, c in pairs]


def positive_pairs(scores: list[list[float]]) -> list[tuple[int, int]]:
    """``(row, column)`` of the assignment that maximises the summed ``scores``, keeping only
    the pairs that score above zero (none at all when every score is zero)."""
    if not any(map(any, scores)):
        return []
    rows, cols = max_weight_assignment(scores)
    return [(r, c) for r, c in zip(rows, cols) if scores[r][c] > 0]


def max_weight_matching(edges: Iterable[tuple[int, int, float]]) -> dict[int, int]:
    """Row → column of a matching of greatest total weight over the given edges.

    ``edges`` are ``(row, column, weight)``; only edges with a positive weight are
    used, and a row or column may stay unmatched. An edge heavier than its row's and its
    column's next-best edges together is in every best matching, so it is taken first
    (:func:`_dominant_edges`); what remains splits into connected components, each solved
    on its own. The cost follows the components' sizes, not the number of rows × columns.
    """
    by_row: dict[int, dict[int, float]] = {}
    by_col: dict[int, dict[int, float]] = {}
    for r, c, w in edges:
        if w > 0:
            by_row.setdefault(r, {})[c] = w
            by_col.setdefault(c, {})[r] = w
    out = _dominant_edges(by_row, by_col)
    parent: dict[int, int] = {}  # union-find over rows (2r) and columns (2c + 1)

    def find(x: int) -> int:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for r, row in by_row.items():
        for c in row:
            a, b = find(2 * r), find(2 * c + 1)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, tuple[list[int], set[int]]] = {}
    for r in sorted(by_row):
        rows, cols = groups.setdefault(find(2 * r), ([], set()))
        rows.append(r)
        cols.update(by_row[r])
    for rows, cols in groups.values():
        out.update(_solve_component(rows, sorted(cols), by_row))
    return out


def _dominant_edges(by_row: dict[int, dict[int, float]], by_col: dict[int, dict[int, float]]) -> dict[int, int]:
    """Take every edge that outweighs the best other edges of its row and column together.

    Swapping such an edge into any matching without it gains weight, so it belongs to
    every maximum matching. Its row and column are then removed (from ``by_row`` and
    ``by_col``, in place), which can make neighbouring edges dominant in turn.
    """
    taken: dict[int, int] = {}
    pending = sorted(by_row)
    while pending:
        r = pending.pop()
        row = by_row.get(r)
        if not row:
            continue
        c, w, others_r = _best_and_next(row)
        col = by_col[c]
        others_c = _next_to(col, r)
        if w <= others_r + others_c:
            continue
        taken[r] = c
        touched = set(col)
        for c2 in row:
            del by_col[c2][r]
            touched.update(by_col[c2])
            if not by_col[c2]:
                del by_col[c2]
        for r2 in col:
            if r2 != r:
                del by_row[r2][c]
                if not by_row[r2]:
                    del by_row[r2]
        del by_row[r]
        by_col.pop(c, None)
        touched.discard(r)
        pending.extend(sorted(touched & by_row.keys()))
    return taken


def _best_and_next(edges: dict[int, float]) -> tuple[int, float, float]:
    """The heaviest edge's column (the lowest on ties), its weight, and the next heaviest
    weight among the others (0.0 if none); in C but for ties."""
    weights = list(edges.values())
    w = max(weights)
    if weights.count(w) > 1:
        return min(k for k, x in edges.items() if x == w), w, w
    i = weights.index(w)
    return list(edges)[i], w, max(weights[:i] + weights[i + 1:], default=0.0)


def _next_to(edges: dict[int, float], key: int) -> float:
    """The heaviest of the edges other than ``key``'s (0.0 if none)."""
    weights = list(edges.values())
    w = edges[key]
    best = max(weights)
    if best > w or weights.count(w) > 1:
        return best
    i = weights.index(w)
    return max(weights[:i] + weights[i + 1:], default=0.0)


def _solve_component(rows: Sequence[int], cols: Sequence[int], by_row: dict[int, dict[int, float]]) -> dict[int, int]:
    if len(rows) == 1:  # one row: its heaviest edge (the lowest column on ties)
        row = by_row[rows[0]]
        return {rows[0]: max(row, key=lambda c: (row[c], -c))}
    n = len(rows)
    # Columns: the real ones, then one "unmatched" column per row that costs nothing.
    cost = []
    for i, r in enumerate(rows):
        row = by_row[r]
        line = [-row[c] if c in row else _FORBIDDEN for c in cols]
        slack = [_FORBIDDEN] * n
        slack[i] = 0.0
        cost.append(line + slack)
    chosen = _min_cost_rows(cost)
    return {rows[i]: cols[j] for i, j in enumerate(chosen) if j < len(cols)}
