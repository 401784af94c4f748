"""MathML → plain HTML: text with ``<sub>``/``<sup>``, fractions as a/b, roots as √(x).

The sanitiser allows no MathML (allowing it would reopen the namespace-confusion door that
mutation-XSS strings use), and flattening a formula to its text loses what makes it one:
``z∈ℝ<sup>E</sup>`` read as 'z∈ℝE', ``p<sub>i</sub>`` as 'pi'. This rewrite keeps the
structure a reader needs with tags the sanitiser already trusts. The output is built from
escaped text and a fixed set of tags, and the sanitiser still runs over it.
"""

from __future__ import annotations

import html

import lxml.html
from lxml.html import HtmlElement

_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
_DROPPED = frozenset({"annotation", "annotation-xml", "mprescripts", "none"})
_SPACED_OPERATORS = frozenset("=+−-<>≤≥≠≈∈∉→←↔⇒⇔×⋅±∼≡↦⊂⊆⊃⊇∪∩∧∨")
"""Relations and binary operators: typeset with space around them ('a = b')."""
_ACCENTS = {"¯": "\u0304", "‾": "\u0305", "^": "\u0302", "ˆ": "\u0302", "~": "\u0303",
            "˜": "\u0303", "˙": "\u0307", "¨": "\u0308", "→": "\u20d7", "⃗": "\u20d7"}  # fmt: skip
"""An accent over a single letter (x̄, x̂, v⃗) becomes its combining character."""


def mathml_to_html(body: HtmlElement) -> None:
    """Replace every ``<math>`` under ``body`` with a ``<span>`` (``<div>`` for a displayed
    formula) holding the same formula in text, ``<sub>``, ``<sup>`` and ``<br>``."""
    for math in list(body.iter("math")):
        if any(a.tag == "math" for a in math.iterancestors()):
            continue  # rendered with its outermost formula
        block = math.get("display") == "block"
        markup = " ".join(_render(math).split())
        wrapper = lxml.html.fragment_fromstring(markup, create_parent="div" if block else "span")
        wrapper.tail = math.tail
        parent = math.getparent()
        if parent is not None:
            parent.replace(math, wrapper)


def _render(el: HtmlElement) -> str:
    tag = _local_name(el)
    if tag in _DROPPED:
        return ""
    children = [c for c in el if isinstance(c.tag, str)]
    if tag in _TOKENS:
        text = html.escape(" ".join(el.text_content().split()))
        if tag == "mo" and text in _SPACED_OPERATORS and el.getprevious() is not None:
            return f" {text} "
        return text
    if tag == "mspace":
        return " "
    if tag == "semantics":
        return _render(children[0]) if children else ""
    parts = [_render(c) for c in children]
    if tag in ("msub", "munder") and len(parts) >= 2:
        return f"{parts[0]}<sub>{parts[1]}</sub>"
    if tag == "mover" and len(parts) >= 2:
        accent = _ACCENTS.get(" ".join(children[1].text_content().split()))
        base = children[0].text_content().strip()
        if accent and len(base) == 1:
            return html.escape(base) + accent
        return f"{parts[0]}<sup>{parts[1]}</sup>"
    if tag == "msup" and len(parts) >= 2:
        return f"{parts[0]}<sup>{parts[1]}</sup>"
    if tag in ("msubsup", "munderover") and len(parts) >= 3:
        return f"{parts[0]}<sub>{parts[1]}</sub><sup>{parts[2]}</sup>"
    if tag == "mfrac" and len(parts) >= 2:
        return f"{_grouped(parts[0], children[0])}/{_grouped(parts[1], children[1])}"
    if tag == "msqrt":
        return f"√({''.join(parts)})"
    if tag == "mroot" and len(parts) >= 2:
        return f"<sup>{parts[1]}</sup>√({parts[0]})"
    if tag == "mtable":
        return "<br>".join(parts)
    return " ".join(parts)  # a row of symbols: each its own word (what a screen reader says)


def _grouped(markup: str, el: HtmlElement) -> str:
    """A fraction's part in parentheses unless it is a single symbol: (a+b)/2, x/2."""
    return markup if len(el.text_content().strip()) <= 1 else f"({markup})"


def _local_name(el: HtmlElement) -> str:
    tag = str(el.tag)
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
