"""Plain text of an HTML fragment the way a reader sees it: blocks on their own lines.

Used for the reference text of the Mozilla test pages (``expected.html``) and for extractors that
return HTML (readability-lxml), so both sides of a comparison are flattened the same way.
Adjacent inline elements join without a space (as in the browser), block elements and ``<br>``
break lines, and scripts, styles, templates and comments contribute nothing.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip
SILENT_TAGS = ("script", "style", "noscript", "template", "head")

_INLINE_SPACE_RE = re.compile(r"[^\S\n]+")
_BLANK_LINES_RE = re.compile(r"\n{2,}")


def html_to_text(html: str) -> str:
    """Visible text of ``html`` with one block per line; "" for empty or unparsable input."""
    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    return element_text(root)


def element_text(root: etree._Element) -> str:
    """Visible text below ``root`` (which is modified: silent elements are removed)."""
    # with_tail=False keeps the text that follows a removed <script>, which is visible.
    etree.strip_elements(
        root, *SILENT_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    parts: list[str] = []
    # iterwalk instead of recursion: real pages nest deeper than Python's recursion limit.
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag == "br" or tag in BLOCK_TAGS:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(element.tail)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    lines = (_INLINE_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n", "\n".join(lines)).strip()
