"""The rule runner: :class:`Rule`, :func:`declutter`, the safety valve and the removal records.

:func:`declutter` scans the tree once (:mod:`.scan`), runs the rules in order, removes what they
name and records a :class:`Removal` for each node — unless the safety valve finds that the node,
or everything the rule named, is the article itself: then it stays and the removal is recorded
as ``restored``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml.html import HtmlElement

from readmode.extract.article import Removal
from readmode.extract.declutter.prose import densest_block, paragraph_mass
from readmode.extract.declutter.scan import _current_scan, _Scan
from readmode.extract.dom import describe, link_density, normalize_space, tag_of

# Tunables --------------------------------------------------------------------------------------
SAFETY_SHARE = 0.4
"""A node holding more than this share of the page's paragraph text is never removed (the
article itself). Real clutter blocks hold < 15 % on every corpus page; article bodies > 55 %."""

CORE_SHARE = 0.2
"""...and a node that contains the densest paragraph block (the likely article body) is kept
when it holds more than this share: short articles on pages heavy with teasers."""

PROSE_MAX_LINK_DENSITY = 0.25
"""Text with more link text than this is a list of links (teasers, menus), not prose."""


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    find: Callable[[HtmlElement], Iterable[HtmlElement]]
    guarded: bool = True  # False: always safe (scripts, empty blocks): skip the valve
    recorded: bool = True  # False: too common to list (every <script> and <meta>)


def declutter(root: HtmlElement, rules: tuple[Rule, ...], stage: str) -> list[Removal]:
    """Apply ``rules`` to the tree under ``root`` in place; return what was removed."""
    removals: list[Removal] = []
    # The scan lives for this pass only: left in the context variable, it would keep the whole
    # page tree alive in the worker until the next extraction.
    token = _current_scan.set(_Scan.of(root))
    try:
        _run_rules(root, rules, stage, removals)
    finally:
        _current_scan.reset(token)
    return removals


def _run_rules(
    root: HtmlElement, rules: tuple[Rule, ...], stage: str, removals: list[Removal]
) -> None:
    total_mass = paragraph_mass(root)
    core = densest_block(root)
    for rule in rules:
        named = list(dict.fromkeys(rule.find(root)))  # dedupe, keep document order
        misread = rule.guarded and total_mass > 0 and _takes_the_article(named, total_mass)
        for el in named:
            if el is root or not _attached(el, root):
                continue  # already gone with an ancestor
            if misread or (rule.guarded and total_mass and _is_article(el, core, total_mass)):
                removals.append(_removal(stage, rule.name, el, restored=True))
                continue
            if rule.recorded:
                removals.append(_removal(stage, rule.name, el))
            el.drop_tree()


def _is_article(el: HtmlElement, core: HtmlElement | None, total_mass: int) -> bool:
    """The safety valve: removing ``el`` would take the article with it — it holds most of
    the page's prose, or the densest paragraph block and a good share of the prose. (Most of
    the paragraph text but mostly links is a rail of teasers beside a short article.)"""
    mass = paragraph_mass(el)
    holds_core = core is not None and (el is core or el in core.iterancestors())
    if holds_core:
        return mass > CORE_SHARE * total_mass
    return mass > SAFETY_SHARE * total_mass and link_density(el) < PROSE_MAX_LINK_DENSITY


def _takes_the_article(named: list[HtmlElement], total_mass: int) -> bool:
    """The safety valve for a rule as a whole: one that names most of the page's prose piece
    by piece (a site that marks every paragraph 'paywall' or 'meter') has misread the page, and
    removes none of it. Only prose counts (under a quarter links): a rail of teasers beside a
    short article can outweigh it in paragraph text, but its text is mostly headline links."""
    if not named:
        return False
    named_set = set(named)
    taken = 0
    for el in named:
        if any(a in named_set for a in el.iterancestors()):
            continue  # counted with its ancestor
        mass = paragraph_mass(el)
        if mass and link_density(el) < PROSE_MAX_LINK_DENSITY:
            taken += mass
    return taken > SAFETY_SHARE * total_mass


def _attached(el: HtmlElement, root: HtmlElement) -> bool:
    return any(ancestor is root for ancestor in el.iterancestors())


REMOVAL_TEXT_CHARS = 80
"""The listing shows the first words of what went, not all of it."""


def _removal(stage: str, rule: str, el: HtmlElement, *, restored: bool = False) -> Removal:
    text = normalize_space(_opening_text(el, 4 * REMOVAL_TEXT_CHARS))
    return Removal(
        stage=stage,
        rule=rule,
        tag=tag_of(el),
        selector=describe(el),
        text=text[:REMOVAL_TEXT_CHARS] + ("…" if len(text) > REMOVAL_TEXT_CHARS else ""),
        restored=restored,
    )


def _opening_text(el: HtmlElement, limit: int) -> str:
    """The element's text up to about ``limit`` characters (a removed footer can be long)."""
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece.strip())  # indentation does not count
        if size > limit:
            break
    return "".join(parts)
