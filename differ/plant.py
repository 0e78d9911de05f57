"""Planted edits: take a real report, make known edits, and check the diff finds exactly those.

:func:`plant` returns the edited report and the list of :class:`PlantedEdit` with what the
comparison must report for each (a change of a given kind in a given section, a changed
statistic, an added law, an added or dropped abuse item). :func:`evaluate` matches a
:class:`~differ.diff.Comparison` of (original, edited) against those expectations and
counts what it found, what it missed and what it reported that nobody planted.

Used by ``tests/test_planted.py`` and ``benchmarks/planted_edits.py``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from differ.model import Paragraph, Report, Section

KINDS = (
    "sentence_deleted",
    "sentence_inserted",
    "number_changed",
    "paragraph_moved",
    "heading_renamed",
    "abuse_added",
    "abuse_removed",
    "law_added",
    "paragraph_reordered",
    "paragraph_inserted",
    "figures_deleted",
    "threshold_changed",
    "comparison_sentence",
    "punctuation_only",
)

# Sentences with no figures, no law names and no dates, unlike anything in the reports.
INSERTS = (
    "Observers noted that local officials rarely answered written inquiries from independent monitors.",
    "Several civil society representatives described the consultation process as largely symbolic.",
    "Activists said regional authorities routinely discouraged residents from speaking with foreign visitors.",
    "Independent analysts observed that the policy was applied unevenly across different regions.",
    "Community leaders complained that municipal offices ignored repeated requests for public hearings.",
    "Some defense lawyers reported that court clerks delayed access to case materials without explanation.",
    "Journalists working for smaller outlets described growing difficulty in obtaining official comment.",
    "Volunteers at several shelters said that outreach to rural districts remained very limited.",
)
# Abuse items whose categories no edition lists (checked against the report before use).
NEW_ABUSES = (
    "unlawful recruitment or use of child soldiers",
    "refoulement of refugees to a country where they would face persecution",
    "enforced disappearance",
    "crimes involving violence or threats of violence targeting members of national minorities",
    "acts of antisemitism",
)
LAW_TOPICS = ("public consultations", "regional broadcasting", "municipal archives", "volunteer registration")
# What an inserted comparison sentence counts: "… 412 complaints about X during the year, compared with 377 …"
COMPARISON_TOPICS = ("complaints about police conduct", "requests for legal aid", "appeals against court rulings",
                     "applications for shelter places", "inquiries from independent monitors")
_NUMBER_WORD = {n: w for w, n in (("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
                                  ("eight", 8), ("nine", 9), ("ten", 10), ("twelve", 12), ("fifteen", 15),
                                  ("twenty", 20))}
RENAME_SUFFIXES = (" and Related Issues", " and Other Concerns", " in Practice")


@dataclass(frozen=True)
class Expect:
    """One thing the comparison must report."""

    what: str  # change | statistic | law | abuse
    kind: str  # change kind / statistic, law or abuse status
    section: tuple[str, ...] | None = None  # new-edition path (old path for a move's origin: old_section)
    old_section: tuple[str, ...] | None = None
    text: str | None = None  # a text the item's old/new text must contain
    old_value: str | None = None
    new_value: str | None = None
    key: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class PlantedEdit:
    kind: str
    description: str
    expects: tuple[Expect, ...]


@dataclass
class Evaluation:
    edits: int = 0
    edits_found: int = 0
    expectations: int = 0
    expectations_found: int = 0
    reported: int = 0  # items the comparison reported (changes, statistics, non-kept laws/abuses)
    false_changes: int = 0  # reported items no planted edit explains
    missed: list = field(default_factory=list)
    extras: list = field(default_factory=list)
    by_kind: dict = field(default_factory=dict)  # kind -> [planted, found]

    @property
    def recall(self) -> float:
        return self.edits_found / self.edits if self.edits else 1.0

    @property
    def false_change_rate(self) -> float:
        return self.false_changes / self.reported if self.reported else 0.0

    def add(self, other: "Evaluation") -> "Evaluation":
        self.edits += other.edits
        self.edits_found += other.edits_found
        self.expectations += other.expectations
        self.expectations_found += other.expectations_found
        self.reported += other.reported
        self.false_changes += other.false_changes
        self.missed += other.missed
        self.extras += other.extras
        for k, (p, f) in other.by_kind.items():
            cur = self.by_kind.setdefault(k, [0, 0])
            cur[0] += p
            cur[1] += f
        return self


# --- tree surgery -------------------------------------------------------------------------------


def _rebuild(report: Report, fn: Callable[[Section], Section]) -> Report:
    def walk(section: Section) -> Section:
        section = fn(section)
        return replace(section, children=tuple(walk(c) for c in section.children))

    return replace(report, sections=tuple(walk(s) for s in report.sections))


def _with_paragraphs(report: Report, path: tuple[str, ...], paragraphs: Sequence[Paragraph]) -> Report:
    return _rebuild(report, lambda s: replace(s, paragraphs=tuple(paragraphs)) if s.path == path else s)


def _para(sentences: Sequence[str], run_in: str | None = None) -> Paragraph:
    return Paragraph(text=" ".join(sentences), sentences=tuple(sentences), run_in_heading=run_in)


def _drop_sentence(report: Report, section: Section, pi: int, si: int) -> tuple[Report, str]:
    """The report without sentence ``si`` of paragraph ``pi`` of ``section``, and that sentence."""
    p = section.paragraphs[pi]
    paras = list(section.paragraphs)
    paras[pi] = _para(p.sentences[:si] + p.sentences[si + 1:], p.run_in_heading)
    return _with_paragraphs(report, section.path, paras), p.sentences[si]


def _replace_sentence(report: Report, section: Section, pi: int, si: int, text: str) -> Report:
    """The report with sentence ``si`` of paragraph ``pi`` of ``section`` replaced by ``text``."""
    p = section.paragraphs[pi]
    paras = list(section.paragraphs)
    paras[pi] = _para(p.sentences[:si] + (text,) + p.sentences[si + 1:], p.run_in_heading)
    return _with_paragraphs(report, section.path, paras)


def _insert_sentence(report: Report, section: Section, pi: int, at: int, text: str) -> Report:
    """The report with ``text`` inserted as sentence ``at`` of paragraph ``pi`` of ``section``."""
    p = section.paragraphs[pi]
    paras = list(section.paragraphs)
    paras[pi] = _para(p.sentences[:at] + (text,) + p.sentences[at:], p.run_in_heading)
    return _with_paragraphs(report, section.path, paras)


def _changed_figure(kind: str, description: str, path: tuple[str, ...], new_text: str, old_value: str,
                    new_value: str) -> PlantedEdit:
    """A sentence whose one figure changed: a changed sentence and a changed statistic."""
    return PlantedEdit(kind, description, (
        Expect("change", "changed", path, path, new_text, scope="sentence"),
        Expect("statistic", "changed", path, path, None, old_value, new_value),
    ))


def _rename(report: Report, path: tuple[str, ...], new_heading: str) -> Report:
    depth = len(path) - 1

    def fn(s: Section) -> Section:
        if s.path[: len(path)] != path:
            return s
        new_path = s.path[:depth] + (new_heading,) + s.path[depth + 1:]
        heading = new_heading if s.path == path else s.heading
        paragraphs = s.paragraphs
        if s.path == path and s.level == 4:  # a run-in heading lives on its first paragraph too
            paragraphs = tuple(replace(p, run_in_heading=new_heading) if p.run_in_heading == s.heading else p
                               for p in paragraphs)
        return replace(s, heading=heading, path=new_path, paragraphs=paragraphs)

    return _rebuild(report, fn)


# --- choosing targets ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    from differ.diff import norm_key

    return norm_key(text)


def _plain_sentence(text: str) -> bool:
    """No figures, no law names, no abuse list: a deletion/insertion here changes only text."""
    from differ.extract import abuse_items_from_sentences, extract_laws, extract_statistics

    return (not extract_statistics(text) and not extract_laws(text)
            and not abuse_items_from_sentences([text]) and len(text) > 40 and not re.search(r"\d", text))


def _counts(report: Report) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in report.walk():
        for p in s.paragraphs:
            for t in p.sentences:
                k = _norm(t)
                counts[k] = counts.get(k, 0) + 1
    return counts


def plant(report: Report, seed: int, kinds: Sequence[str] = KINDS) -> tuple[Report, list[PlantedEdit]]:
    """Apply one edit of each kind in ``kinds`` (each in its own section) to ``report``."""
    from differ.extract import abuse_items_from_sentences, categorize, extract_statistics

    rng = random.Random(seed)
    original = report
    counts = _counts(report)
    used: set[tuple[str, ...]] = set()
    edits: list[PlantedEdit] = []
    summary_paths = {s.path for s in report.walk() if s.level == 0}

    def unique(text: str) -> bool:
        return counts.get(_norm(text), 0) == 1

    def body_sections(min_paras: int = 1, min_sentences: int = 3) -> list[Section]:
        out = []
        for s in report.walk():
            if s.path in used or s.path in summary_paths or any(u[: len(s.path)] == s.path or s.path[: len(u)] == u for u in used):
                continue
            n = sum(len(p.sentences) for p in s.paragraphs)
            if len(s.paragraphs) >= min_paras and n >= min_sentences:
                out.append(s)
        return out

    def current(path):
        return report.find(path)

    def insertion_points() -> list[tuple[Section, int]]:
        """Paragraphs of two or more sentences in sections of four or more: where a sentence goes in."""
        return [(s, pi) for s in body_sections(min_sentences=4) for pi, p in enumerate(s.paragraphs)
                if len(p.sentences) >= 2]

    def one_figure_sentences(fits: Callable) -> list[tuple[Section, int, int, object]]:
        """(section, paragraph, sentence, figure) for unique law-free sentences with one figure that fits."""
        from differ.extract import extract_laws

        out = []
        for s in body_sections(min_sentences=3):
            for pi, p in enumerate(s.paragraphs):
                for si, t in enumerate(p.sentences):
                    stats = extract_statistics(t)
                    if len(stats) == 1 and unique(t) and fits(t, stats[0]) and not extract_laws(t):
                        out.append((s, pi, si, stats[0]))
        return out

    for kind in kinds:
        if kind == "sentence_deleted":
            cands = [(s, pi, si) for s in body_sections(min_sentences=4) for pi, p in enumerate(s.paragraphs)
                     if len(p.sentences) >= 2 for si, t in enumerate(p.sentences) if _plain_sentence(t) and unique(t)]
            if not cands:
                continue
            s, pi, si = rng.choice(cands)
            report, text = _drop_sentence(report, s, pi, si)
            used.add(s.path)
            edits.append(PlantedEdit(kind, f"deleted from {s.path[-1]!r}: {text}",
                                     (Expect("change", "dropped", s.path, s.path, text),)))
        elif kind in ("sentence_inserted", "law_added"):
            cands = insertion_points()
            if not cands:
                continue
            s, pi = rng.choice(cands)
            p = s.paragraphs[pi]
            if kind == "sentence_inserted":
                text = rng.choice(INSERTS)
                expects = (Expect("change", "added", s.path, None, text),)
            else:
                num = rng.randrange(1000, 9999)
                while re.search(rf"\b{num}\b", report.text):
                    num = rng.randrange(1000, 9999)
                text = (f"Observers noted that Decree No. {num} on {rng.choice(LAW_TOPICS)} "
                        "remained largely unimplemented.")
                expects = (Expect("change", "added", s.path, None, text),
                           Expect("law", "added", key=f"decree no. {num}"))
            report = _insert_sentence(report, s, pi, rng.randrange(1, len(p.sentences) + 1), text)
            used.add(s.path)
            edits.append(PlantedEdit(kind, f"inserted into {s.path[-1]!r}: {text}", expects))
        elif kind == "number_changed":
            cands = one_figure_sentences(lambda t, st: re.fullmatch(r"\d{1,3}(?:,\d{3})*", st.value))
            if not cands:
                continue
            s, pi, si, st = rng.choice(cands)
            p = s.paragraphs[pi]
            old_n = int(st.value.replace(",", ""))
            new_n = old_n + rng.choice([1, 2, 3, 5, 7, 10, 11])
            new_value = f"{new_n:,}" if "," in st.value or new_n >= 10000 else str(new_n)
            old_text = p.sentences[si]
            new_text = old_text[: st.start] + old_text[st.start:st.end].replace(st.value, new_value, 1) + old_text[st.end:]
            report = _replace_sentence(report, s, pi, si, new_text)
            used.add(s.path)
            edits.append(_changed_figure(kind, f"{st.value} → {new_value} in {s.path[-1]!r}", s.path, new_text,
                                         st.value, new_value))
        elif kind == "paragraph_moved":
            sources = [s for s in body_sections(min_paras=3, min_sentences=6)]
            rng.shuffle(sources)
            done = False
            for src in sources:
                paras = [(pi, p) for pi, p in enumerate(src.paragraphs) if pi > 0 and not p.run_in_heading
                         and len(p.sentences) >= 2 and all(unique(t) for t in p.sentences)]
                if not paras:
                    continue
                pi, p = rng.choice(paras)
                dests = [d for d in body_sections(min_paras=2, min_sentences=5)
                         if d.path != src.path and d.path[:1] != src.path[:1]]
                if not dests:
                    continue
                dst = rng.choice(dests)
                src_paras = [q for k, q in enumerate(src.paragraphs) if k != pi]
                report = _with_paragraphs(report, src.path, src_paras)
                dst_paras = list(current(dst.path).paragraphs)
                at = rng.randrange(1, len(dst_paras) + 1)
                dst_paras.insert(at, _para(p.sentences))
                report = _with_paragraphs(report, dst.path, dst_paras)
                used.update({src.path, dst.path})
                edits.append(PlantedEdit(kind, f"moved a paragraph from {src.path[-1]!r} to {dst.path[-1]!r}", (
                    Expect("change", "moved", dst.path, src.path, p.sentences[0], scope="paragraph"),
                )))
                done = True
                break
            if not done:
                continue
        elif kind == "heading_renamed":
            cands = [s for s in body_sections(min_paras=2, min_sentences=5) if s.level >= 2 and not s.children]
            if not cands:
                continue
            s = rng.choice(cands)
            new_heading = s.heading.rstrip(" :.") + rng.choice(RENAME_SUFFIXES)
            report = _rename(report, s.path, new_heading)
            new_path = s.path[:-1] + (new_heading,)
            used.update({s.path, new_path})
            edits.append(PlantedEdit(kind, f"renamed {s.heading!r} → {new_heading!r}", (
                Expect("change", "changed", new_path, s.path, new_heading, scope="heading"),
            )))
        elif kind in ("abuse_added", "abuse_removed"):
            # the last abuse-list sentence of the summary
            found = None
            for s in report.walk():
                if s.level != 0:
                    continue
                for pi, p in enumerate(s.paragraphs):
                    for si, t in enumerate(p.sentences):
                        if abuse_items_from_sentences([t]):
                            found = (s, pi, si, t)
            if not found:
                continue
            s, pi, si, sentence = found
            items = abuse_items_from_sentences([sentence])
            if len(items) < 4:
                continue
            # categories the list has now or had before any edit (a removed item's category
            # coming back would read as kept, rightly)
            present = {c for r in (original, report) for t in r.walk() if t.level == 0 for p in t.paragraphs
                       for it in abuse_items_from_sentences(p.sentences) for c in it.categories}
            if kind == "abuse_added":
                pool = [a for a in NEW_ABUSES if categorize(a) and not set(categorize(a)) & present]
                if not pool:
                    continue
                item = rng.choice(pool)
                anchor = items[rng.randrange(1, len(items) - 1)].text
                pos = sentence.find(anchor)
                if pos < 0:
                    continue
                new_sentence = sentence[:pos] + item + "; " + sentence[pos:]
                expects = (Expect("change", "changed", s.path, s.path, None, scope="sentence"),
                           Expect("abuse", "added", text=item))
                desc = f"abuse item added: {item}"
            else:
                counts_c: dict[str, int] = {}
                for t in report.walk():
                    if t.level == 0:
                        for p in t.paragraphs:
                            for it in abuse_items_from_sentences(p.sentences):
                                for c in set(it.categories):
                                    counts_c[c] = counts_c.get(c, 0) + 1
                middle = [it for it in items[1:-1] if it.categories and all(counts_c[c] == 1 for c in it.categories)
                          and it.text not in NEW_ABUSES]
                if not middle:
                    continue
                item = rng.choice(middle).text
                pos = sentence.find(item)
                end = sentence.find(";", pos)
                if pos < 0 or end < 0:
                    continue
                new_sentence = sentence[:pos] + sentence[end + 1:].lstrip()
                expects = (Expect("change", "changed", s.path, s.path, None, scope="sentence"),
                           Expect("abuse", "dropped", text=item))
                desc = f"abuse item removed: {item}"
            report = _replace_sentence(report, s, pi, si, new_sentence)
            edits.append(PlantedEdit(kind, desc, expects))
        elif kind == "paragraph_reordered":
            # one paragraph changes place inside its section, jumping over more text than it
            # holds (so the longest common sequence keeps the others and this one moved)
            cands = []
            for s in body_sections(min_paras=3, min_sentences=6):
                paras = s.paragraphs
                for pi, p in enumerate(paras):
                    if pi == 0 or p.run_in_heading or not all(unique(t) for t in p.sentences):
                        continue
                    for to in range(1, len(paras)):
                        lo, hi = (to, pi) if to < pi else (pi + 1, to + 1)
                        if to == pi or any(q.run_in_heading for q in paras[lo:hi]):
                            continue
                        if sum(len(q.sentences) for q in paras[lo:hi]) > len(p.sentences):
                            cands.append((s, pi, to))
            if not cands:
                continue
            s, pi, to = rng.choice(cands)
            paras = list(s.paragraphs)
            p = paras.pop(pi)
            paras.insert(to, p)
            report = _with_paragraphs(report, s.path, paras)
            used.add(s.path)
            edits.append(PlantedEdit(kind, f"paragraph {pi} → {to} inside {s.path[-1]!r}", (
                Expect("change", "moved", s.path, s.path, p.sentences[0], scope="paragraph"),
            )))
        elif kind == "paragraph_inserted":
            cands = [s for s in body_sections(min_paras=1, min_sentences=3)]
            if not cands:
                continue
            s = rng.choice(cands)
            sentences = tuple(rng.sample(INSERTS, 2))
            paras = list(s.paragraphs)
            paras.insert(rng.randrange(1, len(paras) + 1), _para(sentences))
            report = _with_paragraphs(report, s.path, paras)
            used.add(s.path)
            edits.append(PlantedEdit(kind, f"paragraph inserted into {s.path[-1]!r}", (
                Expect("change", "added", s.path, None, " ".join(sentences), scope="paragraph"),
            )))
        elif kind == "figures_deleted":
            from differ.extract import extract_laws

            cands = [(s, pi, si, extract_statistics(t)) for s in body_sections(min_sentences=4)
                     for pi, p in enumerate(s.paragraphs) if len(p.sentences) >= 2
                     for si, t in enumerate(p.sentences)
                     if unique(t) and not extract_laws(t) and not abuse_items_from_sentences([t])]
            cands = [c for c in cands if c[3]]
            if not cands:
                continue
            s, pi, si, stats = rng.choice(cands)
            report, text = _drop_sentence(report, s, pi, si)
            used.add(s.path)
            edits.append(PlantedEdit(kind, f"deleted a sentence with {len(stats)} figure(s) from {s.path[-1]!r}", (
                Expect("change", "dropped", s.path, s.path, text),
                *(Expect("statistic", "dropped", None, s.path, None, st.value, None) for st in stats),
            )))
        elif kind == "threshold_changed":
            # an age limit or a legal duration changes in one sentence ("up to 15 days’ arrest" → 20)
            cands = one_figure_sentences(lambda t, st: (
                st.kind == "threshold" and "–" not in st.value and t[st.start:].startswith(st.value)
                and re.search(r"(?:\d+|\b(?:%s))$" % "|".join(_NUMBER_WORD.values()), st.value, re.I)))
            if not cands:
                continue
            s, pi, si, st = rng.choice(cands)
            p = s.paragraphs[pi]
            number = re.search(r"(?:\d+|[A-Za-z]+)$", st.value)
            old_n = int(st.number)
            new_n = old_n + rng.choice([1, 2, 3, 5])
            if number.group(0).isdigit():
                new_number = str(new_n)
            else:
                new_n = min((n for n in _NUMBER_WORD if n > old_n), default=old_n + 1)
                new_number = _NUMBER_WORD.get(new_n, str(new_n))
                if number.group(0)[:1].isupper():
                    new_number = new_number.capitalize()
            new_value = st.value[: number.start()] + new_number
            old_text = p.sentences[si]
            # the figure's span is its value and then its unit: "up to 15" + " days’"
            new_text = old_text[: st.start] + new_value + old_text[st.start + len(st.value):]
            report = _replace_sentence(report, s, pi, si, new_text)
            used.add(s.path)
            edits.append(_changed_figure(kind, f"{st.value} → {new_value} ({st.unit}) in {s.path[-1]!r}", s.path,
                                         new_text, st.value, new_value))
        elif kind == "comparison_sentence":
            # a figure compared with another: both sides are figures, and both must be found. A real
            # comparison ("219 … compared with 315 …") gets its second side changed; or one is inserted
            from differ.extract import extract_laws

            real = [(s, pi, si, stats) for s in body_sections(min_sentences=3) for pi, p in enumerate(s.paragraphs)
                    for si, t in enumerate(p.sentences) if re.search(r"\bcompared (?:with|to)\b", t)
                    and unique(t) and not extract_laws(t)
                    for stats in [extract_statistics(t)] if len(stats) >= 2
                    and re.fullmatch(r"\d{1,3}(?:,\d{3})*", stats[-1].value)]
            if real and rng.random() < 0.5:
                s, pi, si, stats = rng.choice(real)
                p = s.paragraphs[pi]
                st = stats[-1]
                old_n = int(st.value.replace(",", ""))
                new_value = str(old_n + rng.choice([3, 7, 11]))
                old_text = p.sentences[si]
                new_text = old_text[: st.start] + new_value + old_text[st.end:]
                report = _replace_sentence(report, s, pi, si, new_text)
                used.add(s.path)
                edits.append(_changed_figure(kind, f"compared-with side {st.value} → {new_value} in {s.path[-1]!r}",
                                             s.path, new_text, st.value, new_value))
                continue
            cands = insertion_points()
            if not cands:
                continue
            s, pi = rng.choice(cands)
            p = s.paragraphs[pi]
            x, y = rng.sample(range(120, 990), 2)
            while re.search(rf"\b(?:{x}|{y})\b", report.text):
                x, y = rng.sample(range(120, 990), 2)
            text = (f"Local monitors recorded {x} {rng.choice(COMPARISON_TOPICS)} during the year, "
                    f"compared with {y} in the previous year.")
            report = _insert_sentence(report, s, pi, rng.randrange(1, len(p.sentences) + 1), text)
            used.add(s.path)
            edits.append(PlantedEdit(kind, f"comparison inserted into {s.path[-1]!r}: {text}", (
                Expect("change", "added", s.path, None, text),
                Expect("statistic", "added", s.path, None, None, None, str(x)),
                Expect("statistic", "added", s.path, None, None, None, str(y)),
            )))
        elif kind == "punctuation_only":
            # one comma taken out of a sentence: only punctuation changed, so not a "changed" sentence
            cands = [(s, pi, si, t) for s in body_sections(min_sentences=3) for pi, p in enumerate(s.paragraphs)
                     for si, t in enumerate(p.sentences) if unique(t) and _plain_sentence(t) and ", " in t]
            if not cands:
                continue
            s, pi, si, old_text = rng.choice(cands)
            commas = [m.start() for m in re.finditer(", ", old_text)]
            at = rng.choice(commas)
            new_text = old_text[:at] + old_text[at + 1:]
            if _norm(new_text) in counts:  # would read as the same sentence as another
                continue
            report = _replace_sentence(report, s, pi, si, new_text)
            used.add(s.path)
            edits.append(PlantedEdit(kind, f"comma removed in {s.path[-1]!r}: {new_text}", (
                Expect("change", "punctuation", s.path, s.path, new_text, scope="sentence"),
            )))
        else:
            raise ValueError(f"unknown edit kind {kind!r}")
    return report, edits


def plant_edits(report: Report, seed: int, n_edits: int | None = None,
                kinds: Sequence[str] | None = None) -> tuple[Report, list[PlantedEdit]]:
    """Plant ``n_edits`` edits of kinds drawn at random (every kind once when ``n_edits`` is None).

    Kinds may repeat; each edit still gets a section of its own, so fewer edits than asked
    are planted when a small report runs out of sections.
    """
    if kinds is None:
        if n_edits is None:
            kinds = KINDS
        else:
            rng = random.Random(seed ^ 0x5EED)
            kinds = [KINDS[i % len(KINDS)] for i in rng.sample(range(max(n_edits, len(KINDS))), n_edits)] \
                if n_edits <= len(KINDS) else [rng.choice(KINDS) for _ in range(n_edits)]
    return plant(report, seed, kinds)


# --- evaluation ----------------------------------------------------------------------------------


def _change_matches(e: Expect, c, section_new) -> bool:
    if c.kind != e.kind or (e.scope and c.scope != e.scope):
        return False
    if e.kind == "moved":
        return (tuple(c.new_section or ()) == e.section and tuple(c.old_section or ()) == e.old_section
                and e.text in (c.new_text or ""))
    if e.kind == "dropped":
        return tuple(c.old_section or ()) == e.old_section and e.text in (c.old_text or "")
    if section_new != e.section:
        return False
    return e.text is None or e.text in (c.new_text or "")


def evaluate(comparison, edits: Sequence[PlantedEdit]) -> Evaluation:
    """Score a comparison of (original, planted) against the planted edits."""
    ev = Evaluation(edits=len(edits))
    changes = [(tuple(s.new_path) if s.new_path else None, c) for s in comparison.sections for c in s.changes]
    observed: dict[tuple[str, int], object] = {}
    for i, (_sp, c) in enumerate(changes):
        observed[("change", i)] = c
    for i, st in enumerate(comparison.statistics):
        observed[("statistic", i)] = st
    for i, law in enumerate(comparison.laws):
        if law.status != "kept":
            observed[("law", i)] = law
    for i, ab in enumerate(comparison.abuses):
        if ab.status != "kept":
            observed[("abuse", i)] = ab
    explained: set = set()
    # abuse edits share one summary sentence: one "changed" change explains both
    for edit in edits:
        ok = True
        for e in edit.expects:
            ev.expectations += 1
            hit = None
            if e.what == "change":
                for i, (sp, c) in enumerate(changes):
                    if _change_matches(e, c, sp) and (("change", i) not in explained or e.text is None):
                        hit = ("change", i)
                        break
            elif e.what == "statistic":
                for i, st in enumerate(comparison.statistics):
                    if ("statistic", i) in explained or st.status != e.kind:
                        continue
                    if ((st.old.value if st.old else None) == e.old_value
                            and (st.new.value if st.new else None) == e.new_value
                            and (e.old_section is None or st.old_section == e.old_section)):
                        hit = ("statistic", i)
                        break
            elif e.what == "law":
                for i, law in enumerate(comparison.laws):
                    if law.status == e.kind and law.key == e.key:
                        hit = ("law", i)
                        break
            elif e.what == "abuse":
                for i, ab in enumerate(comparison.abuses):
                    text = ab.new_text if e.kind == "added" else ab.old_text
                    if ab.status == e.kind and text and e.text in text and ("abuse", i) not in explained:
                        hit = ("abuse", i)
                        break
            if hit is None:
                ok = False
                ev.missed.append((edit.kind, e))
            else:
                ev.expectations_found += 1
                explained.add(hit)
        ev.edits_found += ok
        cur = ev.by_kind.setdefault(edit.kind, [0, 0])
        cur[0] += 1
        cur[1] += ok
    ev.reported = len(observed)
    for key, item in observed.items():
        if key not in explained:
            ev.false_changes += 1
            ev.extras.append(item)
    # sections: anything but unchanged/changed is a false change (planted edits never add or drop one)
    for s in comparison.sections:
        if s.status in ("added", "dropped"):
            ev.reported += 1
            ev.false_changes += 1
            ev.extras.append(s)
    return ev


def run_planted(report: Report, seed: int, kinds: Sequence[str] = KINDS):
    """Plant edits with ``seed``, compare, evaluate. Returns ``(evaluation, comparison, edits)``."""
    from differ.diff import compare

    planted, edits = plant(report, seed, kinds)
    comparison = compare(report, planted, old_meta={"year": report.year, "sha256": None},
                         new_meta={"year": report.year, "sha256": None})
    return evaluate(comparison, edits), comparison, edits
