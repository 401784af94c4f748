"""Sanitising: the reader HTML keeps structure and media, never anything that runs.

nh3 (the Rust Ammonia sanitiser) with an allowlist: no scripts, styles, event handlers, forms,
frames or embeds; URLs only with http(s)/mailto schemes (``javascript:``, ``vbscript:`` and
``data:`` are dropped by the allowlist, not by pattern matching). Ammonia re-serialises from a
parsed tree, which also defeats mutation-XSS strings that rely on parser differences.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
        "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section",
        "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title", "id"},
    "a": {"href"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "source": {"srcset", "sizes", "media", "type"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
SRCSET_SCHEMES = frozenset({"http", "https"})

# Browsers drop ASCII whitespace and control characters inside a URL's scheme.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "template", "textarea", "title", "noscript"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme of ``href``/``src`` but not of the URLs inside ``srcset``: a
    ``srcset`` with any non-web URL is dropped whole (the element keeps its ``src``). The
    extractor already keeps only http(s) candidates; this matters for HTML that did not come
    through it (an import file), which the reader view sanitises again before showing.

    Ids stay, so a table of contents and footnote links ('#cite_note-1') work inside the
    reader view, but under a prefix (``rm-``) and so do the in-page links to them: an article's
    ``id="config"`` must not clobber a global of the page's own script (DOM clobbering)."""
    if attribute == "srcset" and not all(_web_or_relative(url) for url in _srcset_urls(value)):
        return None
    if attribute == "id":
        return _prefixed(value) if value.strip() else None
    if attribute == "href" and value.startswith("#") and len(value) > 1:
        return "#" + _prefixed(value[1:])
    return value


ID_PREFIX = "rm-"


def _prefixed(name: str) -> str:
    """Idempotent: the reader view sanitises stored HTML again before showing it."""
    name = name.strip()
    return name if name.startswith(ID_PREFIX) else ID_PREFIX + name


def _web_or_relative(url: str) -> bool:
    scheme = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return scheme is None or scheme.group(1).lower() in SRCSET_SCHEMES


def _srcset_urls(srcset: str) -> list[str]:
    """The candidate URLs of a ``srcset``, split the way the HTML standard's parser does: a
    URL runs to the next whitespace (trailing commas end it), descriptors run to the next
    comma outside parentheses."""
    urls, position, length = [], 0, len(srcset)
    while position < length:
        while position < length and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < length and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while position < length and (srcset[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(srcset[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls
