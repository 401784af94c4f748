"""Stage 1 — load: bytes or text in, one parsed lxml tree out.

Decoding follows the HTML standard's order of precedence, simplified: a byte-order mark, then a
``<meta charset>`` / ``http-equiv`` declaration in the first bytes, then strict UTF-8, then
statistical detection (charset-normalizer). The tree is parsed exactly once; every later stage
works on it. Nothing here touches the network: ``<base href>`` is read, never fetched.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from readmode.extract.article import NotReadable

# Tunables -------------------------------------------------------------------------------------
MAX_INPUT_BYTES = 24 * 1024 * 1024
"""Pages larger than this are refused. The largest article page in the benchmark corpora is
2.3 MB; pages with megabytes of inline data (SPA state, base64 fonts) rarely reach 10 MB.
Parsing 24 MB takes about half a second, so the bound also keeps worst-case latency sane."""

MAX_ELEMENTS = 150_000
"""Element count guard: real article pages have 1,000-15,000 elements (corpus p99: 12,400);
scoring is roughly linear, so this keeps pathological inputs under a second."""

MAX_UTF8_ERRORS = 8
"""Undecodable sequences tolerated before a page is taken for another encoding (or at most
one in 200 characters): enough for a few corrupted bytes, far below what a Latin-1 or CP1251
page produces when read as UTF-8 (one error per accented letter)."""

SNIFF_BYTES = 4096
"""How far to look for a ``<meta charset>`` (the HTML standard's prescan reads 1024 bytes;
real pages often put the declaration after long comments, so we look a little further)."""

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers map to a superset; decoding with the superset is what users see.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "x-sjis": "shift_jis",
    "win-1251": "cp1251",
    "windows-874": "cp874",
}
_TEXTUAL_CONTROL = set(b"\t\n\r\f")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MAX_DEPTH = 200
"""Deeper elements are unwrapped (their text kept): a hundred unclosed ``<font>`` tags must not
truncate the page, and 100,000 nested divs must not make later tree walks quadratic. Real
article pages nest 15-40 levels deep."""
_UNWRAP_ALWAYS = ("embed", "object", "applet")
"""libxml2 treats these void-ish elements as containers and would swallow the rest of the
article into them; unwrap them so removing the element keeps what follows."""


@dataclass(slots=True)
class LoadedPage:
    root: HtmlElement
    base_url: str | None


def decode(data: bytes) -> str:
    """Bytes → text, the way a browser would pick the encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    head = data[:SNIFF_BYTES]
    if _looks_binary(head):
        raise NotReadable("This is not a web page (binary data).")
    match = _META_CHARSET.search(head) or _XML_DECL.search(head)
    if match:
        label = match.group(1).decode("ascii", "replace").strip().lower()
        encoding = _CHARSET_ALIASES.get(label, label)
        # A page that declares UTF-16 in a meta tag but is readable as ASCII is lying; so is
        # one that declares a legacy encoding but is valid UTF-8 with non-ASCII text (converted
        # by a tool that left the old <meta> behind): legacy text is almost never valid UTF-8.
        if encoding not in ("utf-8", "utf8") and _is_utf8_text(data):
            return data.decode("utf-8")
        if not encoding.startswith("utf-16"):
            try:
                return data.decode(encoding, errors="replace")
            except LookupError:
                pass  # unknown label: fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # A UTF-8 page with a few broken bytes (a truncated upload, a bad copy) is still UTF-8:
    # guessing another encoding for it would garble every line, not just the broken ones.
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(MAX_UTF8_ERRORS, len(text) // 200):
        return text
    from charset_normalizer import from_bytes  # imported lazily: rarely needed, slow to import

    best = from_bytes(data[: 256 * 1024]).best()
    encoding = best.encoding if best is not None else "utf-8"
    return data.decode(encoding, errors="replace")


def _is_utf8_text(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(head: bytes) -> bool:
    """Many control characters: an image, archive or executable, not HTML. (A few stray NULs
    or escape characters occur in real pages; they are stripped, not fatal.)"""
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in _TEXTUAL_CONTROL)
    return controls > len(head) // 20


def _check_text(text: str) -> str:
    # libxml2 refuses characters that XML forbids; browsers ignore them. Form feed and
    # vertical tab are whitespace to a reader.
    text = _XML_FORBIDDEN.sub("", text.replace("\f", " ").replace("\v", " "))
    if not text.strip():
        raise NotReadable("The page is empty.")
    if "<" not in text[:SNIFF_BYTES] and "<" not in text:
        raise NotReadable("This is plain text, not a web page.")
    return text


def load(source: str | bytes, url: str | None = None) -> LoadedPage:
    """Parse ``source`` once. Raises :class:`NotReadable` for unusable input."""
    size = (
        len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "surrogatepass"))
    )
    if size > MAX_INPUT_BYTES:
        raise NotReadable(
            f"The page is too large to read ({size / 1024 / 1024:.0f} MB; "
            f"the limit is {MAX_INPUT_BYTES // 1024 // 1024} MB)."
        )
    text = decode(source) if isinstance(source, bytes) else source
    text = _check_text(text)
    try:
        root = lxml.html.document_fromstring(text, parser=_parser())
    except (lxml.etree.ParserError, ValueError) as exc:
        raise NotReadable("The page could not be parsed as HTML.") from exc
    if not isinstance(root, HtmlElement):
        raise NotReadable("The page could not be parsed as HTML.")
    _flatten(root)
    for count, _ in enumerate(root.iter(), start=1):
        if count > MAX_ELEMENTS:
            raise NotReadable(
                f"The page has too many elements to read (more than {MAX_ELEMENTS:,})."
            )
    return LoadedPage(root=root, base_url=_base_url(root, url))


def _flatten(root: HtmlElement) -> None:
    """Unwrap elements nested deeper than ``MAX_DEPTH``, embed-like containers and script
    links, in one linear walk (``iterwalk`` tracks depth without walking ancestors)."""
    too_deep: list[HtmlElement] = []
    depth = 0
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > MAX_DEPTH or el.tag in _UNWRAP_ALWAYS or _is_script_link(el):
                too_deep.append(el)
        else:
            depth -= 1
    for el in too_deep:
        if el.getparent() is not None:
            el.drop_tag()


def _is_script_link(el: HtmlElement) -> bool:
    """``<a href="javascript:…">`` is a button in disguise: its text stays, the link goes."""
    return el.tag == "a" and (el.get("href") or "").lstrip().lower().startswith("javascript:")


def _parser() -> lxml.html.HTMLParser:
    # remove_comments/remove_pis: nothing downstream wants them and they cost time in every
    # later tree walk. no_network: libxml2 must never fetch a DTD or entity.
    # huge_tree lifts libxml2's depth limit of 256, past which it silently drops the rest of
    # the page; _flatten then bounds the depth itself.
    return lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )


def _base_url(root: HtmlElement, url: str | None) -> str | None:
    """The URL relative links resolve against: ``<base href>`` joined onto the page URL."""
    base = root.find(".//base[@href]")
    href = (base.get("href") or "").strip() if base is not None else ""
    if url and not _is_http_like(url):
        url = None
    if href:
        joined = urljoin(url, href) if url else href
        if _is_http_like(joined):
            return joined
    return url


def _is_http_like(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https", "file") and bool(
        parts.netloc or parts.scheme == "file"
    )
