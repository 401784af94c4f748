"""Shared helpers for the extraction tests: fixture loading, bounded calls, HTML safety checks.

Kept out of ``conftest.py`` on purpose: these are plain functions the extraction test modules
import, not fixtures, and the shared conftest stays small for the other test areas.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
from readmode.extract import Article, NotReadable, extract

PAGES_DIR = Path(__file__).parent / "pages"


# --- fixture pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageCase:
    """One ``tests/pages/<name>/`` directory: the page and what extraction must make of it."""

    name: str
    source: str
    expected: dict[str, Any]


def page_case_names() -> list[str]:
    return sorted(p.name for p in PAGES_DIR.iterdir() if (p / "source.html").is_file())


def load_page_case(name: str) -> PageCase:
    directory = PAGES_DIR / name
    return PageCase(
        name=name,
        source=(directory / "source.html").read_text(encoding="utf-8"),
        expected=json.loads((directory / "expected.json").read_text(encoding="utf-8")),
    )


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


# --- bounded extraction -----------------------------------------------------------------------


def extract_within(
    html: str | bytes, seconds: float, url: str | None = None
) -> Article | NotReadable:
    """Run ``extract`` and return its Article or its NotReadable; fail if it takes too long.

    Any other exception propagates, which fails the calling test: the contract is that the
    extractor answers every input with an Article or NotReadable, nothing else.
    """
    started = time.perf_counter()
    try:
        result: Article | NotReadable = extract(html, url=url)
    except NotReadable as error:
        result = error
    elapsed = time.perf_counter() - started
    assert elapsed < seconds, f"extract took {elapsed:.2f} s (limit {seconds} s)"
    if isinstance(result, NotReadable):
        assert_user_facing_reason(result)
    else:
        assert isinstance(result, Article), f"extract returned {type(result).__name__}"
    return result


def assert_user_facing_reason(error: NotReadable) -> None:
    reason = error.reason
    assert isinstance(reason, str), f"NotReadable.reason is {type(reason).__name__}"
    assert reason.strip(), "NotReadable.reason is empty"
    assert len(reason) <= 300, f"NotReadable.reason is not a short sentence: {reason!r}"
    assert "Traceback" not in reason, f"NotReadable.reason leaks a traceback: {reason!r}"


# --- HTML safety ------------------------------------------------------------------------------

# Elements that can run script, load active content, submit data, restyle the reader view or
# change how the rest of the document is parsed. None has a place in sanitised reader HTML.
FORBIDDEN_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param",
        "form", "input", "button", "textarea", "select", "option", "keygen", "isindex",
        "link", "meta", "base", "title", "head", "html", "body",
        "svg", "math", "noscript", "noembed", "noframes", "template", "xmp", "plaintext",
        "listing", "dialog", "portal", "fencedframe",
    }
)  # fmt: skip

# Attributes whose value a browser may load or navigate to.
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "srcset", "action", "formaction", "poster", "background", "cite", "data",
        "xlink:href", "lowsrc", "dynsrc", "longdesc", "ping", "manifest", "codebase", "archive",
        "usemap", "profile", "icon", "attributionsrc",
    }
)  # fmt: skip

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:", "mocha:")
SAFE_DATA_URL = re.compile(r"data:image/(png|gif|jpe?g|webp|avif)[;,]")

# Browsers drop ASCII whitespace and control characters inside a URL's scheme
# ("java\tscript:" runs), so compare with those removed.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def _normalised_url(value: str) -> str:
    return _IGNORED_IN_SCHEME.sub("", value).lower()


def _unsafe_url(value: str) -> bool:
    url = _normalised_url(value)
    if url.startswith(SCRIPT_SCHEMES):
        return True
    return url.startswith("data:") and not SAFE_DATA_URL.match(url)


def unsafe_html_findings(content_html: str) -> list[str]:
    """Everything in ``content_html`` that sanitised reader HTML must not contain."""
    wrapper_id = "readmode-test-wrapper"
    document = lxml.html.document_fromstring(
        f'<!DOCTYPE html><html><head></head><body><div id="{wrapper_id}">'
        f"{content_html}</div></body></html>"
    )
    findings: list[str] = []
    # Only elements: comments and processing instructions carry no markup.
    for element in document.iter(lxml.etree.Element):
        tag = str(element.tag).lower()
        is_wrapper = tag in {"html", "head", "body"} and element.getparent() in (None, document)
        if is_wrapper or element.get("id") == wrapper_id:
            continue
        where = f"<{tag}>"
        if tag in FORBIDDEN_ELEMENTS:
            findings.append(f"forbidden element {where}")
        for raw_name, raw_value in element.attrib.items():
            attribute, value = str(raw_name).lower(), str(raw_value)
            if attribute.startswith("on"):
                findings.append(f"event handler {attribute}={value!r} on {where}")
            elif attribute == "style":
                findings.append(f"style attribute {value!r} on {where}")
            elif attribute == "srcset":
                candidates = [c.split()[0] for c in value.split(",") if c.strip()]
                findings.extend(
                    f"unsafe srcset URL {c!r} on {where}" for c in candidates if _unsafe_url(c)
                )
            elif attribute in URL_ATTRIBUTES and _unsafe_url(value):
                findings.append(f"unsafe URL {attribute}={value!r} on {where}")
    return findings


def assert_safe_html(content_html: str) -> None:
    findings = unsafe_html_findings(content_html)
    assert not findings, (
        "content_html is not safe:\n  - "
        + "\n  - ".join(findings)
        + f"\n--- content_html ---\n{content_html}"
    )


# --- small pages shared by several modules ----------------------------------------------------

NAVIGATION_ONLY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Site map | Harbour Tools</title></head>
<body>
<header><a href="/">Harbour Tools</a>
<nav class="main-menu"><ul>
  <li><a href="/shop">Shop</a></li><li><a href="/shop/hand-tools">Hand tools</a></li>
  <li><a href="/shop/power-tools">Power tools</a></li><li><a href="/shop/garden">Garden</a></li>
  <li><a href="/shop/workwear">Workwear</a></li><li><a href="/shop/sale">Sale</a></li>
</ul></nav></header>
<main><ul class="sitemap">
  <li><a href="/about">About us</a></li><li><a href="/stores">Find a store</a></li>
  <li><a href="/delivery">Delivery and returns</a></li><li><a href="/careers">Careers</a></li>
  <li><a href="/trade">Trade accounts</a></li><li><a href="/gift-cards">Gift cards</a></li>
  <li><a href="/blog">Workshop blog</a></li><li><a href="/contact">Contact us</a></li>
</ul></main>
<footer><nav><a href="/privacy">Privacy</a> <a href="/terms">Terms</a>
<a href="/cookies">Cookies</a> <a href="/accessibility">Accessibility</a></nav></footer>
</body></html>
"""

ARTICLE_PARAGRAPHS = (
    "The ferry to the outer island leaves twice a day in winter, once at dawn and once in the "
    "early afternoon, and the crossing takes a little under two hours in calm weather.",
    "Most passengers are islanders coming back from the mainland with shopping, post and spare "
    "parts, and the crew know nearly all of them by name after years on the same route.",
    "When the wind rises above a certain strength the afternoon sailing is cancelled, and the "
    "harbour office writes the news in chalk on a board beside the ticket window.",
    "A new vessel is due next year with a larger car deck, which islanders hope will end the "
    "long queues of vans that build up on the quay every Friday during the summer months.",
    "Until then the old ferry keeps running, repainted every spring, its engines serviced by "
    "the same two mechanics who have looked after it since it first arrived from the shipyard.",
)


def readable_page(
    body_extra: str = "", head_extra: str = "", title: str = "The ferry to the outer island"
) -> str:
    """A plain, clearly readable article page; ``body_extra`` lands between its paragraphs."""
    first, second, *rest = (f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head_extra}</head>\n<body><main><article><h1>{title}</h1>\n"
        f"{first}\n{second}\n{body_extra}\n{''.join(rest)}\n</article></main></body></html>\n"
    )
