"""Which pictures an extraction keeps, named by file so two extractions of one page compare.

Readability.js's ``expected.html`` keeps a page's photos with the URLs the page wrote (``src``,
or only ``data-srcset`` for lazy ones); an extractor may pick another size from a ``srcset``.
A picture is therefore named by the last path segment of its first URL (``.../w_800/abc.jpg``
and ``.../w_470/abc.jpg`` are both ``abc.jpg``). Inline ``data:`` placeholders name nothing.
"""

from __future__ import annotations

import lxml.html
from lxml import etree
from readmode.extract.dom import url_file_name

_URL_ATTRIBUTES = ("src", "srcset", "data-srcset", "data-src")


def image_names(html: str) -> frozenset[str]:
    """File names of the pictures in an HTML fragment or document."""
    if not html.strip():
        return frozenset()
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return frozenset()
    names = set()
    for img in root.iter("img"):
        url = _first_url(img)
        name = url_file_name(url) if url else ""
        if name:
            names.add(name)
    return frozenset(names)


def _first_url(img: lxml.html.HtmlElement) -> str:
    for attribute in _URL_ATTRIBUTES:
        value = (img.get(attribute) or "").strip()
        first = value.split(",")[0].split()[0] if value.split() else ""
        if first and not first.startswith("data:"):
            return first
    return ""
