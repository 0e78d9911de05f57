"""The report model every parser produces and every later stage reads.

A report is a tree of sections. Levels:
  0  the executive summary
  1  ``Section N. …``
  2  a lettered subsection ``a. …``
  3  a standalone sub-heading line (``Prison and Detention Center Conditions``)
  4  a run-in heading (``Physical Conditions:  text…``) opening a paragraph; it holds that
     paragraph and the ones after it up to the next heading.

Parsers do not build the tree themselves: they emit a flat list of blocks
(:class:`Heading` and :class:`Para`) and :func:`build_report` nests them, so every
source format yields the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from differ.sentences import split_sentences


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a section: its text and its sentences (as the diff engine splits them)."""

    text: str
    sentences: tuple[str, ...]
    run_in_heading: str | None = None


@dataclass(frozen=True)
class Section:
    """A section of a report: its heading, depth, heading path, own paragraphs and subsections."""

    heading: str
    level: int
    path: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    children: tuple["Section", ...] = ()

    def walk(self) -> Iterator["Section"]:
        """This section and all its descendants, pre-order."""
        return _preorder((self,))

    @property
    def own_text(self) -> str:
        """Text of this section's own paragraphs (not its children's)."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def full_text(self) -> str:
        """Text of this section and everything under it."""
        return "\n\n".join(p.text for s in self.walk() for p in s.paragraphs)

    def all_paragraphs(self) -> Iterator[Paragraph]:
        for s in self.walk():
            yield from s.paragraphs


@dataclass(frozen=True)
class Report:
    """One edition of one country's report, parsed: its sections in document order."""

    country: str
    year: int
    title: str
    sections: tuple[Section, ...]

    def walk(self) -> Iterator[Section]:
        """Every section of the report, pre-order (document order)."""
        return _preorder(self.sections)

    def find(self, path: Sequence[str]) -> Section | None:
        path = tuple(path)
        for section in self.walk():
            if section.path == path:
                return section
        return None

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for s in self.walk() for p in s.paragraphs)


def _preorder(sections: Sequence[Section]) -> Iterator[Section]:
    """``sections`` and everything under them, pre-order, from one stack: a recursive ``yield
    from`` hands each section up through a generator per level above it (the stages walk the
    reports a few dozen times; this is about twice as fast)."""
    stack = list(reversed(sections))
    pop, push = stack.pop, stack.extend
    while stack:
        section = pop()
        yield section
        if section.children:
            push(reversed(section.children))


# --- blocks: what parsers emit ---------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading line as a parser found it (level 0 is the report's top level)."""

    level: int
    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph as a parser found it, with the run-in heading it opened with, if any."""

    text: str
    run_in_heading: str | None = None


Block = Heading | Para


class _Node:
    """A section while :func:`build_report` nests blocks. (A plain class: making a dataclass
    costs half a millisecond at import, for a type that never leaves this module.)"""

    __slots__ = ("heading", "level", "path", "paragraphs", "children")

    def __init__(self, heading: str, level: int, path: tuple[str, ...]):
        self.heading = heading
        self.level = level
        self.path = path
        self.paragraphs: list[Paragraph] = []
        self.children: list[_Node] = []

    def freeze(self) -> Section:
        return Section(
            heading=self.heading,
            level=self.level,
            path=self.path,
            paragraphs=tuple(self.paragraphs),
            children=tuple(c.freeze() for c in self.children),
        )


def make_paragraph(text: str, run_in_heading: str | None = None) -> Paragraph:
    return Paragraph(text=text, sentences=tuple(split_sentences(text)), run_in_heading=run_in_heading)


def build_report(country: str, year: int, title: str, blocks: Sequence[Block]) -> Report:
    """Nest a flat block list into the section tree.

    A run-in paragraph opens a level-4 section named after its heading. Text before the
    first heading goes to an implicit executive summary, so no prose is ever lost.
    """
    roots: list[_Node] = []
    stack: list[_Node] = []

    def open_section(level: int, heading: str) -> _Node:
        while stack and stack[-1].level >= level:
            stack.pop()
        parents = [] if level <= 1 else stack
        path = tuple(n.heading for n in parents) + (heading,)
        node = _Node(heading=heading, level=level, path=path)
        if level <= 1:
            stack.clear()  # a Section N. heading closes the executive summary too
            roots.append(node)
        elif stack:
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)
        return node

    for block in blocks:
        if isinstance(block, Heading):
            open_section(block.level, block.text)
        else:
            if block.run_in_heading:
                open_section(4, block.run_in_heading)
            if not stack:
                open_section(0, "Executive Summary")
            stack[-1].paragraphs.append(make_paragraph(block.text, block.run_in_heading))
    return Report(country=country, year=year, title=title, sections=tuple(n.freeze() for n in roots))
