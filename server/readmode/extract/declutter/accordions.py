"""Accordions: the one change made to the page before the rules run (the rules only name nodes).

An FAQ's answers sit in collapsed panels that the page's script opens; the reader has no button
to open them, and the hidden-node rule would take them as hidden clutter.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from readmode.extract import rules as R
from readmode.extract.dom import HEADING_TAGS

_TRIGGERS = etree.XPath("//*[@aria-controls and @aria-expanded]")
_WITH_ID = etree.XPath("//*[@id]")


def open_accordions(root: HtmlElement) -> None:
    """Show the collapsed panels of an accordion. A panel is what a trigger inside a heading or
    a ``<dt>`` (the WAI-ARIA accordion pattern) names in ``aria-controls``; a menu's toggle is
    not in one, so a hidden menu stays hidden."""
    ids: set[str] = set()
    for trigger in _elements(_TRIGGERS(root)):
        if next(trigger.iterancestors(*HEADING_TAGS, "dt"), None) is not None:
            ids.update(str(trigger.get("aria-controls")).split())
    if not ids:
        return
    for panel in _elements(_WITH_ID(root)):
        if panel.get("id") in ids:
            panel.attrib.pop("hidden", None)
            style = panel.get("style")
            if style and R.INLINE_HIDDEN_STYLE.search(style):
                del panel.attrib["style"]


def _elements(found: object) -> list[HtmlElement]:
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []
