"""Global one-to-one assignment, shared by the aligner, the diff and the extractors.

Backed by ``lap`` (Jonker-Volgenant, a small C extension) rather than
``scipy.optimize.linear_sum_assignment``: same optimum, but importing scipy.optimize
costs a command about 0.6 s of start-up, more than the whole comparison.
"""

from __future__ import annotations


def max_weight_assignment(score):
    """Rows and columns of the pairing that maximises the summed ``score``.

    ``score`` is a 2-D array, any shape; every row or column is paired at most once
    (the smaller side completely). Returns two integer arrays of equal length.
    """
    import lap
    import numpy as np

    score = np.asarray(score, dtype=float)
    if score.size == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    _, row_to_col, _ = lap.lapjv(score.max() - score, extend_cost=True)
    rows = np.flatnonzero(row_to_col >= 0)
    return rows, row_to_col[rows].astype(int)
