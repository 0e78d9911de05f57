"""Issue 14's structural promises (no timings here: those are in benchmarks/run.py).

* start-up: ``differ --help`` and ``differ years`` import none of the pipeline;
* the aligner: its shortcuts (sentences found through rare terms, candidate pairs in long
  outlines, dominant edges in the assignment) give what the plain computation gives, and
  repeated text does not make the work grow with the square of the length;
* work done once in ``update``; JSON compact by default, indented with ``--pretty``.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import subprocess
import sys
import textwrap
import unicodedata

import pytest
from click.testing import CliRunner

import differ.align as align
from differ.assign import max_weight_assignment, max_weight_matching
from differ.cli import cli

from conftest import CORPUS_DIR, ROOT

PIPELINE = ("differ.parse", "differ.model", "differ.sentences", "differ.align", "differ.assign", "differ.diff",
            "differ.extract", "differ.render", "differ.trend", "differ.fetch", "differ.update", "differ.plant",
            "numpy", "rapidfuzz", "jinja2", "diff_match_patch", "fast_diff_match_patch", "requests", "bs4", "pypdf")


def imported_by(*argv: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``differ ARGV``."""
    code = textwrap.dedent(f"""
        import sys
        from differ.cli import cli
        try:
            cli({list(argv)!r}, prog_name="differ")
        except SystemExit as e:
            assert not e.code, e.code
        print("\\n".join(sorted(sys.modules)))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("argv", [("--help",), ("years", "--corpus", str(CORPUS_DIR))])
def test_help_and_years_import_none_of_the_pipeline(argv):
    loaded = imported_by(*argv)
    assert not [m for m in loaded if m.split(".")[0] in PIPELINE or m.rsplit(".", 1)[0] in PIPELINE
                or m in PIPELINE], sorted(m for m in loaded if m.startswith(("differ", "numpy", "rapidfuzz")))
    assert "differ.cli" in loaded  # the check itself ran the CLI


def test_diff_does_not_import_numpy_through_the_aligner(tmp_path):
    """The aligner and the assignment are plain Python: numpy would cost more to import
    than they take to run on a report (numpy may still come from elsewhere)."""
    code = "import sys, differ.align, differ.assign; print('numpy' in sys.modules, 'lap' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_diff_imports_early_only_what_it_would_import_anyway(tmp_path):
    """The modules ``differ diff`` imports before its gc.freeze, rather than on first use,
    are ones the comparison imports anyway: the early list never adds an import."""
    import differ.cli

    code = textwrap.dedent(f"""
        import sys
        import differ.cli
        differ.cli.COMPARISON_IMPORTS = ()
        try:
            differ.cli.cli(["diff", "2016", "2023", "--corpus", {str(CORPUS_DIR)!r},
                            "--reports", {str(tmp_path)!r}], prog_name="differ")
        except SystemExit as e:
            assert not e.code, e.code
        print("\\n".join(sorted(sys.modules)))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert set(differ.cli.COMPARISON_IMPORTS) <= set(out.split())


# --- the assignment ----------------------------------------------------------------------------


def brute_force(score: list[list[float]]) -> float:
    rows, cols = len(score), len(score[0])
    if rows <= cols:
        return max(sum(score[r][c] for r, c in zip(range(rows), perm)) for perm in itertools.permutations(range(cols), rows))
    return max(sum(score[r][c] for c, r in zip(range(cols), perm)) for perm in itertools.permutations(range(rows), cols))


def test_assignment_is_optimal_on_small_random_matrices():
    rng = random.Random(5)
    for _ in range(200):
        score = [[rng.random() for _ in range(rng.randint(1, 5))]]
        score += [[rng.random() for _ in score[0]] for _ in range(rng.randint(0, 4))]
        rows, cols = max_weight_assignment(score)
        assert len(rows) == min(len(score), len(score[0])) == len(set(rows)) == len(set(cols))
        assert sum(score[r][c] for r, c in zip(rows, cols)) == pytest.approx(brute_force(score))


def textbook_min_cost_rows(cost: list[list[float]]) -> list[int]:
    """The Hungarian method's textbook loop (every column scanned and moved at every step),
    as assign._min_cost_rows was written before it skipped the tree's columns and zero steps."""
    n, m = len(cost), len(cost[0])
    u, v, owner, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        min_v, used = [float("inf")] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta, j1 = float("inf"), 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < min_v[j]:
                        min_v[j], way[j] = cur, j0
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
            owner[j0], j0 = owner[way[j0]], way[j0]
    rows = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            rows[owner[j] - 1] = j - 1
    return rows


def test_assignment_ties_go_the_way_the_textbook_loop_sends_them():
    """Scores on a few levels (many ties, zero steps, signed zeros, forbidden pairs) and on
    random reals: the same columns as the textbook loop, not merely an equally good set."""
    from differ.assign import _min_cost_rows

    rng = random.Random(8)
    for _ in range(2000):
        n = rng.randint(1, 7)
        m = rng.randint(n, 10)
        levels = rng.choice(((0.0, 1.0), (0.0, -0.0, 0.5, 1.0), (-1.0, 0.0, 1.0, 1e18), (0.1, 0.2, 0.3)))
        if rng.random() < 0.2:
            cost = [[rng.uniform(-1.0, 1.0) for _ in range(m)] for _ in range(n)]
        else:
            cost = [[rng.choice(levels) for _ in range(m)] for _ in range(n)]
        assert _min_cost_rows(cost) == textbook_min_cost_rows(cost)


def test_sparse_matching_is_optimal_and_leaves_rows_unmatched_when_that_pays():
    rng = random.Random(6)
    for _ in range(200):
        n, m = rng.randint(1, 5), rng.randint(1, 5)
        edges = [(r, c, rng.random() - 0.5) for r in range(n) for c in range(m) if rng.random() < 0.6]
        got = max_weight_matching(edges)
        weight = {(r, c): w for r, c, w in edges}
        assert len(set(got.values())) == len(got) and all(weight[(r, c)] > 0 for r, c in got.items())
        # optimal: the best over every partial matching (a dummy column per row stands for "unmatched")
        padded = [[max(weight.get((r, c), 0.0), 0.0) for c in range(m)] + [0.0] * n for r in range(n)]
        assert sum(weight[(r, c)] for r, c in got.items()) == pytest.approx(brute_force(padded))


def test_best_and_next_edges_equal_the_plain_maxima():
    from differ.assign import _best_and_next, _next_to

    rng = random.Random(7)
    for _ in range(500):
        keys = rng.sample(range(20), rng.randint(1, 6))
        edges = {k: rng.choice((0.25, 0.5, 0.75, rng.random())) for k in keys}  # ties now and then
        c = max(edges, key=lambda k: (edges[k], -k))
        assert _best_and_next(edges) == (c, edges[c], max((x for k, x in edges.items() if k != c), default=0.0))
        for key in keys:
            assert _next_to(edges, key) == max((x for k, x in edges.items() if k != key), default=0.0)


def test_dominant_edges_split_a_long_chain_into_pieces():
    """A chain where each row prefers its own column strongly: solved edge by edge."""
    edges = [(i, i, 1.0) for i in range(2000)] + [(i, i + 1, 0.1) for i in range(1999)]
    assert max_weight_matching(edges) == {i: i for i in range(2000)}


# --- the aligner's shortcuts give what the plain computation gives -----------------------------------


def plain_links(t_counts, b_counts, idf):
    """Every sentence against every sentence of the other edition, no shortcut."""
    t_vecs = [align._unit(c, idf) for c in t_counts]
    b_vecs = [align._unit(c, idf) for c in b_counts]
    cos = [[align._dot(x, y) for y in b_vecs] for x in t_vecs]

    def best(values):
        top = max(values, default=0.0)
        return (values.index(top), top) if top >= align.LINK_MIN else (-1, 0.0)

    rows = [best(row) for row in cos]
    cols = [best([row[j] for row in cos]) for j in range(len(b_vecs))]
    return [r for r, _ in rows], [w for _, w in rows], [c for c, _ in cols], [w for _, w in cols]


def sentence_counts(corpus, old, new):
    """The real pair's sentence term counts (target, base), document frequencies and idf, as _score makes them."""
    tgt, base = align._outline(corpus.load(new)), align._outline(corpus.load(old))
    vocab: dict[str, int] = {}
    t_counts, b_counts = align._term_counts(tgt.tokens, vocab), align._term_counts(base.tokens, vocab)
    df = [0] * len(vocab)
    for c in t_counts + b_counts:
        for j in c:
            df[j] += 1
    idf = [align.math.log((1 + len(t_counts) + len(b_counts)) / (1 + d)) + 1.0 for d in df]
    return t_counts, b_counts, df, idf


@pytest.mark.parametrize("old, new, tail_pass", [(2016, 2023, False), (2023, 2024, False), (2016, 2023, True)])
def test_sentence_links_equal_the_all_pairs_computation(corpus, monkeypatch, old, new, tail_pass):
    """With the tail pass too (the targets' norms in their commoner terms bound what the
    common terms add), which long inputs take and real pairs do not."""
    if tail_pass:
        monkeypatch.setattr(align, "TAIL_PASS_WALK", 0)
    t_counts, b_counts, df, idf = sentence_counts(corpus, old, new)
    assert align._sentence_links(t_counts, b_counts, idf, df) == plain_links(t_counts, b_counts, idf)


def search_by_every_rare_term(queries, targets, rank, skip, tail):
    """The sentence search with every rare term (but those in ``skip``) finding candidates,
    each candidate's sum over its rare terms tested, then with its common terms."""
    threshold = align.LINK_MIN - 1e-9
    top: dict[int, float] = {}
    for vec in targets:
        for j, w in vec.items():
            top[j] = max(top.get(j, 0.0), w)
    limit = 0.7 * threshold
    postings: dict[int, list[tuple[int, float]]] = {}
    for v, vec in enumerate(targets):
        for j, w in vec.items():
            postings.setdefault(j, []).append((v, w))
    out = []
    for u, vec in enumerate(queries):
        terms = sorted(vec, key=rank.__getitem__)
        _, cut, rest = align._search_ends(vec, terms, rank, top, limit, limit, tail)
        partial: dict[int, float] = {}
        for j in terms[:cut]:
            if j not in skip:
                for v, w in postings.get(j, ()):
                    partial[v] = partial.get(v, 0.0) + vec[j] * w
        for v in sorted(partial):
            score = partial[v]
            if score >= threshold - rest:
                score += sum(vec[j] * targets[v][j] for j in terms[cut:] if j in targets[v])
                if score >= threshold and (w := align._dot(vec, targets[v])) >= align.LINK_MIN:
                    out.append((u, v, w))
    return out


@pytest.mark.parametrize("tail_pass", [False, True])
def test_search_finds_what_every_rare_term_finds_also_with_terms_left_out(corpus, monkeypatch, tail_pass):
    """Only the rarest terms find candidates, the later rare ones add to them: the same
    pairs as when every rare term finds candidates, also when terms are left out of the
    search (``skip``: terms too common to find candidates by, as in very long inputs; a
    pair that only such a term would find is not found) and with the tail pass."""
    monkeypatch.setattr(align, "TAIL_PASS_WALK", 0 if tail_pass else 10**9)
    t_counts, b_counts, df, idf = sentence_counts(corpus, 2016, 2023)
    queries, targets = [align._unit(c, idf) for c in t_counts], [align._unit(c, idf) for c in b_counts]
    order = sorted(range(len(df)), key=df.__getitem__)
    rank = [0] * len(df)
    for r, j in enumerate(order):
        rank[j] = r
    tail = align._tail_norms(targets, rank) if tail_pass else None
    found = []
    for skip in (set(), set(order[-40:]), set(order[len(order) // 2:])):
        found.append(align._search(queries, targets, rank, skip))
        assert found[-1] == search_by_every_rare_term(queries, targets, rank, skip, tail)
    assert len(found[0]) > len(found[1]) > len(found[2]) > 0  # terms left out leave some pairs unfound


def test_tail_norms_bound_each_vectors_norm_in_its_later_ranked_terms():
    vectors = [{0: 0.6, 3: 0.8}, {1: 1.0}, {0: 0.28, 1: 0.96}, {2: 0.6, 3: 0.48, 4: 0.64}, {}]
    rank = [4, 0, 2, 3, 1]  # term 1 is the rarest, term 0 the commonest
    tail = align._tail_norms(vectors, rank)
    for r in range(len(rank) + 1):
        want = max(align.math.sqrt(sum(w * w for j, w in v.items() if rank[j] >= r)) for v in vectors)
        assert want - 1e-12 <= tail[r] <= min(1.0, want + 1e-12)


def test_candidate_pairs_map_a_real_pair_as_every_pair_does(corpus, monkeypatch):
    """Scoring candidate pairs only (as for long outlines) keeps the real 2016 → 2023 mappings."""
    old, new = corpus.load(2016), corpus.load(2023)
    every = {m.target.path: [r.path for r in m.matches] for m in align.align_reports(old, new).sections}
    monkeypatch.setattr(align, "ALL_PAIRS_MAX", 0)
    candidates = {m.target.path: [r.path for r in m.matches] for m in align.align_reports(old, new).sections}
    same = sum(every[p] == candidates[p] for p in every)
    assert same >= 0.95 * len(every)


def test_parent_evidence_from_one_row_of_shares_per_parent_equals_the_per_pair_sums(corpus):
    """With every pair scored, each parent's row of parent shares is made once and added to
    its children's rows, and the second pass starts from the first scores unclamped (the
    share clamps them): the totals of the plain per-pair form, which clamps first."""
    tgt, base = align._outline(corpus.load(2023)), align._outline(corpus.load(2016))
    sc = align._score(tgt, base)
    nt, nb = tgt.n, base.n
    assert sc.pairs.at is None and len(sc.pairs) == nt * nb
    clamp = lambda x: min(1.0, max(0.0, x))  # noqa: E731
    place = lambda i, n: i / max(1, n - 1)  # noqa: E731
    base_score = [
        (align.W_CONTENT * c + align.W_HEADING * h if sc.t_sent[t] > 0 and sc.b_sent[b] > 0
         else (align.W_HEADING + align.W_CONTENT) * h)
        + align.W_POSITION * (1.0 - min(1.0, 2.0 * abs(place(t, nt) - place(b, nb))))
        - align.LEVEL_PENALTY * abs(float(tgt.refs[t].level) - float(base.refs[b].level))
        for t, b, c, h in zip(sc.pairs.t, sc.pairs.b, sc.content, sc.heading)]
    parent_at = [-1 if pt < 0 and pb < 0 else -2 if pt < 0 or pb < 0 else pt * nb + pb
                 for pt, pb in zip(map(tgt.parent.__getitem__, sc.pairs.t), map(base.parent.__getitem__, sc.pairs.b))]

    def with_parent(pair_score):
        return [s + align.W_PARENT * (1.0 if k == -1 else 0.0 if k == -2 else clamp(pair_score[k]))
                for s, k in zip(base_score, parent_at)]

    first = with_parent(base_score)
    second = [clamp(x) for x in first]
    assigned = align._assign(first, sc.pairs)
    for t, b in assigned.items():
        second[sc.pairs.index(t, b)] = 1.0

    def children_share(t, b):  # of t's children, the share the first assignment put right under b
        children = [c for c in range(nt) if tgt.parent[c] == t]
        under_b = [c for c in children if c in assigned and base.parent[assigned[c]] == b]
        return len(under_b) / len(children) if children else 0.0

    assert [clamp(x + align.W_CHILDREN * children_share(t, b)) for x, t, b in
            zip(with_parent(second), sc.pairs.t, sc.pairs.b)] == sc.total


# --- repeated text ---------------------------------------------------------------------------------


def copies(report, k):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scaling import repeated

    return repeated(report, k)


def scored_pairs(old, new) -> int:
    return len(align._score(align._outline(new), align._outline(old)).pairs)


def test_repeated_copies_score_a_number_of_pairs_linear_in_their_length(corpus):
    old, new = corpus.load(2016), corpus.load(2023)
    four, eight = scored_pairs(copies(old, 4), copies(new, 4)), scored_pairs(copies(old, 8), copies(new, 8))
    assert eight <= 2.5 * four  # a square would be 4×
    sections = sum(1 for _ in copies(new, 8).walk()) * sum(1 for _ in copies(old, 8).walk())
    assert eight < 0.1 * sections


def test_repeated_copies_map_each_copy_onto_its_own(corpus):
    old, new = copies(corpus.load(2016), 8), copies(corpus.load(2023), 8)
    alignment = align.align_reports(old, new)

    def part(path):
        return path[0].rsplit("[part ", 1)[-1] if "[part " in path[0] else "1"

    paired = [m for m in alignment.sections if m.matches]
    same_copy = sum(part(m.target.path) == part(m.matches[0].path) for m in paired)
    assert same_copy >= 0.9 * len(paired)



# --- the aligner's fast paths give what the plain code gives --------------------------------------


PLAIN_TOKEN = re.compile(r"[a-z][a-z0-9]*")


def plain_tokens(text):
    """The tokeniser as a regex and a loop over words (what _content_tokens_of does in C)."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("’", "").replace("'", "").replace("-", "")
    words = [w for w in PLAIN_TOKEN.findall(folded) if w not in align._TEXT_STOP and len(w) >= 2]
    return tuple(align._stem(w) for w in words)


def plain_stem(word):
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in align._SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word if suffix == "s" and word.endswith("ss") else word[: -len(suffix)]
    return word


def test_tokens_split_in_c_equal_the_regex_tokens(corpus):
    tricky = ["2016abc x9 café naïve a1b2 ﬁne Ǆ İstanbul", "co-operation, ‘it’s’ don't 12 345 a b",
              "Prohibits; prohibited—PROHIBITING (see section 2)", "", "   ", "ss bass classes izations ies",
              "NON-GOVERNMENTAL O'BRIEN'S ŞİRKET Don’T \u212aELVIN ＡＢＣ Σ-ΑΣ", "ALL CAPS-ASCII'S 2016ABC"]
    real = [s for year in (2016, 2023) for s in align._outline(corpus.load(year)).sentences]
    texts = tricky + real + tricky  # repeated texts too
    assert align._content_tokens_of(texts) == [plain_tokens(t) for t in texts]


def test_stems_tried_by_last_letter_equal_the_loop_over_every_suffix():
    words = {stem + suffix + more for stem in ("", "a", "ab", "abcd", "abcde", "ss", "bass", "y", "x9")
             for suffix in align._SUFFIXES + ("ies", "ss", "y", "") for more in ("", "s", "ed", "ly", "ies")}
    assert all(align._strip_suffix(w) == plain_stem(w) for w in words)


def test_long_outline_cosines_of_repeated_subtrees_equal_each_pair_summed(corpus):
    """Long outlines sum each distinct pair of subtree texts once; every pair gets what its own sum gives."""
    old, new = copies(corpus.load(2016), 3), copies(corpus.load(2023), 3)
    tgt, base = align._outline(new), align._outline(old)
    vocab: dict[str, int] = {}
    t_counts, b_counts = align._term_counts(tgt.tokens, vocab), align._term_counts(base.tokens, vocab)
    idf = [1.0 + (j % 5) / 3 for j in range(len(vocab))]
    pairs = align._Pairs.of([list(range(0, base.n, 3)) for _ in range(tgt.n)], base.n)
    t_sub = align._subtree_counts(tgt, align._own_counts(tgt, t_counts))
    b_sub = align._subtree_counts(base, align._own_counts(base, b_counts))
    got = align._cosines_pair_by_pair(pairs, base, t_sub, b_sub, idf)
    t_vecs, b_vecs = [align._unit(c, idf) for c in t_sub], [align._unit(c, idf) for c in b_sub]
    want = [sum(t_vecs[t][j] * b_vecs[b][j] for j in t_vecs[t].keys() & b_vecs[b].keys()) for t, b in zip(pairs.t, pairs.b)]
    assert got == want
    assert len(set(align._first_equal(t_sub))) < tgt.n  # the copies' subtrees were found equal


def test_first_equal_dicts_found_by_shape_then_in_full_equal_the_plain_search(corpus):
    """Dicts compared in full only when their length and first and last keys agree: the
    same firsts as comparing every dict's keys and values in order (also the same counts
    in another order, other counts, other keys between the same first and last)."""
    def plain(maps):
        first: dict = {}
        return [first.setdefault((tuple(m), tuple(m.values())), i) for i, m in enumerate(maps)]

    made_up = [{1: 2, 2: 1}, {2: 1, 1: 2}, {1: 1, 2: 2}, {1: 2, 2: 1}, {}, {3: 3}, {}, {2: 1, 1: 2}, {1: 3},
               {1: 1, 5: 1, 2: 1}, {1: 1, 6: 1, 2: 1}, {1: 1, 5: 1, 2: 1}]
    assert align._first_equal(made_up) == plain(made_up) == [0, 1, 2, 0, 4, 5, 4, 1, 8, 9, 10, 9]
    for report in (corpus.load(2016), copies(corpus.load(2023), 3)):
        outline = align._outline(report)
        vocab: dict[str, int] = {}
        sub = align._subtree_counts(outline, align._own_counts(outline, align._term_counts(outline.tokens, vocab)))
        assert align._first_equal(sub) == plain(sub)


def test_long_outline_cosines_through_postings_equal_the_every_pair_ones(corpus):
    """The sparse form of the every-pair sums gives candidate pairs exactly the every-pair cosines."""
    tgt, base = align._outline(corpus.load(2023)), align._outline(corpus.load(2016))
    vocab: dict[str, int] = {}
    t_counts, b_counts = align._term_counts(tgt.tokens, vocab), align._term_counts(base.tokens, vocab)
    idf = [1.0 + (j % 7) / 5 for j in range(len(vocab))]
    every = align._Pairs.every(tgt.n, base.n)
    t_own, b_own = align._own_counts(tgt, t_counts), align._own_counts(base, b_counts)
    want = align._subtree_cosines(every, tgt, base, t_own, b_own, idf, every_pair=True)
    t_sub, b_sub = align._subtree_counts(tgt, t_own), align._subtree_counts(base, b_own)
    some = align._Pairs.of([list(range(t % 3, base.n, 3)) for t in range(tgt.n)], base.n)
    for pairs in (every, some):
        got = align._cosines_through_postings(pairs, tgt, base, t_own, b_own, t_sub, b_sub, idf)
        assert got == [want[t * base.n + b] for t, b in zip(pairs.t, pairs.b)]


def test_long_outline_cosines_are_summed_the_cheaper_way(corpus, monkeypatch):
    """Copies with their own vocabulary go through postings; repeated text goes pair by pair."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scaling import repeated, scaled

    chosen = []
    for way in ("_cosines_through_postings", "_cosines_pair_by_pair"):
        real = getattr(align, way)
        monkeypatch.setattr(align, way, lambda *args, real=real, way=way: chosen.append(way) or real(*args))
    for make in (scaled, repeated):
        align._score(align._outline(make(corpus.load(2023), 4)), align._outline(make(corpus.load(2016), 4)))
    assert chosen == ["_cosines_through_postings", "_cosines_pair_by_pair"]


@pytest.mark.parametrize("old, new", [(2016, 2023), (2023, 2024)])
def test_every_pair_heading_scores_equal_the_pair_by_pair_ones(corpus, old, new):
    """Every pair scored a row at a time (sorted-word ratios reused for distinct words, the
    floor tested in rows) gives what scoring each pair as a candidate gives."""
    tgt, base = align._outline(corpus.load(new)), align._outline(corpus.load(old))
    every = align._Pairs.every(tgt.n, base.n)
    each = align._Pairs.of([list(range(base.n)) for _ in range(tgt.n)], base.n)
    assert align._heading_scores(every, tgt, base, True) == align._heading_scores(each, tgt, base, False)


def test_headings_without_a_common_word_have_a_token_set_ratio_of_their_distinct_words_in_single_precision(corpus):
    """The shortcut _heading_scores takes: the two ratios differ in a double's last bits at
    most, which the single-precision blend does not keep."""
    from array import array

    from rapidfuzz import fuzz

    def single(x: float) -> float:
        return array("f", [x])[0]

    heads = sorted({n for year in (2016, 2023, 2024) for n in align._outline(corpus.load(year)).norm if n})
    disjoint = [(a, b) for a in heads for b in heads if set(a.split()).isdisjoint(b.split())]
    assert len(disjoint) > 5000
    for a, b in disjoint:
        distinct_a, distinct_b = " ".join(sorted(set(a.split()))), " ".join(sorted(set(b.split())))
        assert single(fuzz.token_set_ratio(a, b)) == single(fuzz.ratio(distinct_a, distinct_b)), (a, b)


def plain_link_sums(links, tgt, base):
    """Every cell of a dense prefix-sum table, running sums down, then across."""
    table = [[0.0] * (base.n + 1) for _ in range(tgt.n + 1)]
    for t, b, w in links:
        table[t + 1][b + 1] += w
    for i in range(1, len(table)):
        table[i] = [x + y for x, y in zip(table[i - 1], table[i])]
    table = [list(itertools.accumulate(row)) for row in table]
    return [table[tgt.end[t]][base.end[b]] - table[t][base.end[b]] - table[tgt.end[t]][b] + table[t][b]
            for t in range(tgt.n) for b in range(base.n)]


def test_link_sums_from_nonzero_cells_equal_the_dense_table(corpus):
    tgt, base = align._outline(corpus.load(2023)), align._outline(corpus.load(2016))
    rng = random.Random(14)
    for n in (0, 1, 40, 400):
        links = [(rng.randrange(tgt.n), rng.randrange(base.n), rng.uniform(0.45, 1.0)) for _ in range(n)]
        got = align._subtree_link_sums(links, tgt, base, align._Pairs.every(tgt.n, base.n))
        assert got == plain_link_sums(links, tgt, base)


def test_carried_counts_of_one_base_section_equal_the_per_pair_link_sums(corpus):
    """A base section's carried-over sentences, counted into each target subtree when a
    merge asks for them, are what summing the carried links over every pair gives."""
    tgt, base = align._outline(corpus.load(2023)), align._outline(corpus.load(2016))
    rng = random.Random(34)
    links = [(rng.randrange(tgt.n), rng.randrange(base.n)) for _ in range(250)]
    carried: dict[int, list[int]] = {}
    for t, b in links:
        carried.setdefault(b, []).append(t)
    scores = align._Scores(align._Pairs.every(tgt.n, base.n), [], [], [], [], [], carried, [], [])
    sums = align._subtree_link_sums([(t, b, 1.0) for t, b in links], tgt, base, scores.pairs)
    for b in range(base.n):
        counts = scores.carried_into(b, tgt, base)
        assert [counts.get(t, 0) for t in range(tgt.n)] == sums[b::base.n]


def test_link_shares_divided_as_the_sums_are_made_equal_the_sums_divided_after(corpus):
    """from_base and to_target: each sum divided by its target's or its base's sentence
    count in the pass that makes it, with every pair scored and with candidate pairs."""
    tgt, base = align._outline(corpus.load(2023)), align._outline(corpus.load(2016))
    rng = random.Random(21)
    links = [(rng.randrange(tgt.n), rng.randrange(base.n), rng.uniform(0.45, 1.0)) for _ in range(300)]
    t_div = [max(n, 1) for n in tgt.sentence_count]
    b_div = [max(n, 1) for n in base.sentence_count]
    rows = [sorted(rng.sample(range(base.n), 9)) for _ in range(tgt.n)]
    for pairs in (align._Pairs.every(tgt.n, base.n), align._Pairs.of(rows, base.n)):
        sums = align._subtree_link_sums(links, tgt, base, pairs)
        assert align._subtree_link_sums(links, tgt, base, pairs, t_div=t_div) == [
            x / t_div[t] for x, t in zip(sums, pairs.t)]
        assert align._subtree_link_sums(links, tgt, base, pairs, b_div=b_div) == [
            x / b_div[b] for x, b in zip(sums, pairs.b)]


def test_section_counts_copied_first_equal_the_plain_sums(corpus):
    """Own and subtree counts (a section's first counts copied, the rest added) hold what
    adding every count one by one holds, keys in the same order."""
    outline = align._outline(corpus.load(2016))
    counts = align._term_counts(outline.tokens, {})
    own = [{} for _ in range(outline.n)]
    for c, i in zip(counts, outline.owner):
        for j, k in c.items():
            own[i][j] = own[i].get(j, 0) + k
    sub = [dict(c) for c in own]
    for i in range(outline.n - 1, 0, -1):
        if outline.parent[i] >= 0:
            for j, k in sub[i].items():
                sub[outline.parent[i]][j] = sub[outline.parent[i]].get(j, 0) + k
    got_own = align._own_counts(outline, counts)
    got_sub = align._subtree_counts(outline, got_own)
    assert [list(c.items()) for c in got_own] == [list(c.items()) for c in own]
    assert [list(c.items()) for c in got_sub] == [list(c.items()) for c in sub]
    sentence_dicts = {id(c) for c in counts}
    assert not any(id(c) in sentence_dicts for c in got_own)  # copies: the sentences' counts stay theirs


def test_subtree_norms_dropping_counts_as_read_equal_the_norms_of_the_subtree_counts(corpus):
    """Subtree norms made while the subtree counts are summed and dropped equal _norm of
    _subtree_counts' dicts, and leave every section's own counts as they were."""
    for report in (corpus.load(2016), corpus.load(2024), copies(corpus.load(2023), 2)):
        outline = align._outline(report)
        vocab: dict[str, int] = {}
        own = align._own_counts(outline, align._term_counts(outline.tokens, vocab))
        idf = [1.0 + (j % 7) / 5 for j in range(len(vocab))]
        before = [list(c.items()) for c in own]
        want = [align._norm(c, idf) or 1.0 for c in align._subtree_counts(outline, own)]
        assert align._subtree_norms(outline, own, idf) == want
        assert [list(c.items()) for c in own] == before


def test_token_set_ratios_a_row_at_a_time_equal_the_pairwise_ones(corpus):
    from rapidfuzz import fuzz

    t_norm, b_norm = align._outline(corpus.load(2024)).norm, tuple(align._outline(corpus.load(2016)).norm)
    for query in t_norm:
        assert align._ratios(query, b_norm, "token_set_ratio") == tuple(fuzz.token_set_ratio(query, c) for c in b_norm)


# --- work done once, JSON ----------------------------------------------------------------------------


def test_update_aligns_each_pair_once_and_writes_the_index_once(tmp_corpus, tmp_path, monkeypatch):
    from differ import render, update
    from differ.corpus import Corpus

    aligned: list[tuple[int, int]] = []
    real_align = align.align_reports

    def counting_align(base, target, overrides=None):
        aligned.append((base.year, target.year))
        return real_align(base, target, overrides)

    indexes: list[dict] = []
    real_index = render.write_index

    def counting_index(reports_dir, summaries=None):
        indexes.append(dict(summaries or {}))
        return real_index(reports_dir, summaries)

    monkeypatch.setattr(align, "align_reports", counting_align)
    monkeypatch.setattr(render, "write_index", counting_index)
    reports = tmp_path / "reports"
    assert update.regenerate(Corpus(tmp_corpus, "kazakhstan"), reports) == []
    # 2016→2023 and 2023→2024 for the comparisons, reused by the trend page; 2016→2024 for it alone
    assert sorted(aligned) == [(2016, 2023), (2016, 2024), (2023, 2024)]
    assert len(indexes) == 1 and set(indexes[0]) == {"kazakhstan-2016-2023.json", "kazakhstan-2023-2024.json"}
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "kazakhstan-2016-2023.html" in index and "kazakhstan-trend.html" in index


def test_json_is_compact_by_default_and_indented_with_pretty(tmp_path):
    compact, pretty = tmp_path / "c.json", tmp_path / "p.json"
    base = ["diff", "2023", "2024", "--corpus", str(CORPUS_DIR), "-o", str(tmp_path / "page.html")]
    for path, extra in ((compact, []), (pretty, ["--pretty"])):
        result = CliRunner().invoke(cli, base + ["--json", str(path)] + extra, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert compact.read_text(encoding="utf-8").count("\n") == 1 and '":' in compact.read_text(encoding="utf-8")
    assert pretty.read_text(encoding="utf-8").startswith('{\n  "schema_version": 1,')
    assert json.loads(compact.read_text(encoding="utf-8")) == json.loads(pretty.read_text(encoding="utf-8"))
    assert "’" in compact.read_text(encoding="utf-8")  # not ASCII-escaped


def test_json_refuses_nan():
    from differ.render import json_text

    with pytest.raises(ValueError):
        json_text({"x": float("nan")})


def test_module_patterns_compile_on_first_use():
    import re

    from differ.lazyre import LazyPattern, lazy

    p = lazy(r"(\d+) items", re.I)
    assert "search" not in vars(p)
    assert p.search("12 ITEMS").group(1) == "12" and p.sub("n", "3 items") == "n"
    assert "search" in vars(p) and p.pattern == r"(\d+) items" and p.flags & re.I
    code = ("import differ.parse.text as t, differ.sentences as s, differ.align as a; from differ.lazyre import LazyPattern;"
            "print(sum('match' in vars(v) for m in (t, s, a) for v in vars(m).values() if isinstance(v, LazyPattern)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"  # importing the parser and the aligner compiles none of their patterns
    assert isinstance(align._LETTERING, LazyPattern)


def test_pairs_aligned_on_two_cores_equal_the_serial_alignment(tmp_corpus):
    from differ.align import OVERRIDES_FILE, load_overrides
    from differ.corpus import Corpus
    from differ.update import align_pairs

    corpus = Corpus(tmp_corpus, "kazakhstan")
    overrides = load_overrides(corpus.dir / OVERRIDES_FILE)
    jobs = [(2016, 2023, False), (2016, 2024, False), (2023, 2024, False), (2016, 2024, True)]
    got = align_pairs(corpus, jobs, overrides)  # four jobs: the two-worker path where there are two cores
    for base, target, with_overrides in jobs:
        want = align.align_reports(corpus.load(base), corpus.load(target), overrides if with_overrides else None)
        assert got[(base, target, with_overrides)] == want
    assert got[(2016, 2024, True)] != got[(2016, 2024, False)]  # the pin applies to 2024 → 2016 only


def test_distinct_sentence_vectors_equal_the_plain_unit_vectors(corpus):
    """Each distinct sentence's vector, weights taken as the idf itself when every count is
    1 (most sentences), is _unit's: the same weights, in the same order."""
    t_counts, b_counts, df, idf = sentence_counts(corpus, 2016, 2023)
    for counts in (t_counts, b_counts):
        _keys, vectors, of, _first = align._distinct(counts, idf)
        assert any(max(c.values(), default=1) == 1 for c in counts) and any(max(c.values(), default=1) > 1 for c in counts)
        for c, u in zip(counts, of):
            assert list(vectors[u].items()) == list(align._unit(c, idf).items())


def test_distinct_sentence_vectors_group_equal_counts_whatever_their_order():
    """Counts equal as dicts (terms met in another order) share one vector and one key; others do not."""
    idf = [1.0, 2.0, 0.5, 3.0]
    counts = [{0: 1, 2: 2}, {2: 2, 0: 1}, {0: 1, 2: 1}, {}, {3: 1}, {}, {0: 2, 2: 4}]
    keys, vectors, of, first = align._distinct(counts, idf)
    assert of == [0, 0, 1, 2, 3, 2, 4] and first == [0, 2, 3, 4, 6]
    assert [list(v) for v in vectors] == [[0, 2], [0, 2], [], [3], [0, 2]]
    assert vectors[0] == align._unit(counts[0], idf)
    assert sorted(keys.values()) == [0, 1, 2, 3, 4]  # {0: 2, 2: 4} points the same way but is its own key


# --- the harness ---------------------------------------------------------------------------------


def test_the_harness_reports_a_small_process_own_memory_not_its_own(monkeypatch):
    """Linux charges a child, when it execs, with the peak RSS of the process it was forked
    from: timed straight from a large harness, `python -c pass` read as the harness's size."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import run

    ballast = bytearray(160 * 2**20)
    ballast[:: 4096] = bytes(len(range(0, len(ballast), 4096)))  # touched: resident, so counted
    argv = [sys.executable, "-c", "pass"]
    assert run.run_once(argv, dict(run.os.environ))[2] >= 160  # what wait4 alone reports
    if run.GNU_TIME is not None:
        assert int(run.peak_rss(argv, dict(run.os.environ)).split()[0]) < 60
    monkeypatch.setattr(run, "GNU_TIME", None)
    assert run.peak_rss(argv, dict(run.os.environ)).startswith("≤ ")
    del ballast
