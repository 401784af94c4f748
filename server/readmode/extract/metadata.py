"""Page metadata: title, byline, site name, date, language, excerpt, lead image, canonical URL.

Sources in order of trust, as Firefox Reader View orders them: JSON-LD (schema.org Article
types), then ``<meta>`` tags (Dublin Core, OpenGraph, Twitter, Parse.ly), then the document
itself (``<title>``, ``<time>``, ``rel=author``, byline-classed elements). Read from the tree
*before* decluttering, which removes ``<head>`` scripts and page headers.

Two titles: ``title`` is the one the page declares, chosen and cut exactly as Firefox Reader
View does (og:title as published, site name and all; a ``<title>`` cut at its last separator);
``headline`` is what the reader shows — that title without the site's name or section trail,
confirmed by the page's ``<h1>`` where no tag names the site.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from readmode.extract import rules as R
from readmode.extract.dom import (
    CJK_CHARACTER,
    class_tokens,
    has_block_children,
    is_named,
    normalize_space,
    tag_of,
    text_of,
    token_set,
)

ARTICLE_TYPES = re.compile(
    r"^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|"
    r"BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|"
    r"SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|"
    r"LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|WebPage|MedicalWebPage|Recipe)$"
)
_META_PROPERTY = re.compile(
    r"^\s*(article|dc|dcterm|og|twitter)\s*:\s*"
    r"(author|creator|description|published_time|title|site_name|image)\s*$",
    re.I,
)
_META_NAME = re.compile(
    r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(?:article|webpage))\s*[-.:]\s*)?"
    r"(author|creator|pub-date|description|title|site_name|image)\s*$",
    re.I,
)
_ASCII_WORD_BREAKS = re.compile(r"\W+", re.ASCII)
_TITLE_SEPARATORS = re.compile(r" [|\-–—\\/>»] ")
_HIERARCHICAL = re.compile(r" [\\/>»] ")
_BYLINE_TOKENS = token_set(R.BYLINE_TOKENS)
_RTL_LANGS = frozenset(
    {"ar", "arc", "dv", "fa", "ha", "he", "iw", "khw", "ks", "ku", "ps", "sd", "ur", "yi"}
)
_LANG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
MAX_BYLINE_CHARS = 100
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_ABBREVIATIONS = tuple(name[:3] for name in _MONTH_NAMES)
_MONTH = rf"(?:{'|'.join(_MONTH_ABBREVIATIONS)})[a-z]*\.?"
"""A month written out or abbreviated ('Dec.', 'Sept', 'December'), loosely: in a date."""
_TRAILING_TIME = re.compile(
    rf"""\s*[•·|,–-]?\s*(
        \d{{1,2}}:\d{{2}}\s*([ap]\.?m\.?)?(\s*[a-z]{{2,4}})?
      | \d+\s*(h|hr|hrs|m|min|mins|d)(\s+ago)?
      | {_MONTH}\s+\d{{1,2}},?\s+\d{{4}}
      | \d{{1,2}}\s+{_MONTH}\s+\d{{4}}
      | \d{{1,2}}/\d{{1,2}}/\d{{2,4}}
    )\s*$""",
    re.I | re.X,
)
"""A date or time that a byline block carries after the name ('Sarah Archer 1:39 PM ET',
'James Akinaka • 8h'): the reader header shows the date on its own."""
_DATE_WORDS = re.compile(
    rf"""\b({"|".join((*_MONTH_NAMES, *_MONTH_ABBREVIATIONS, "sept"))}
    |monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thurs?|fri|sat|sun
    |[ap]\.?m|utc|gmt|[ecmp][sd]t|at|on|updated|published|posted)\b\.?|\d+(st|nd|rd|th)?""",
    re.I | re.X,
)
"""The words of a date line ('Sunday, Feb 1, 2015 11:57 AM UTC', 'Updated 3 March at 9:40')."""
_PUBLISHED_META_NAMES = (
    "pubdate", "publish-date", "publishdate", "publish_date", "publication_date",
    "date_published", "datepublished", "sailthru.date", "dcterms.issued", "dcterms.created",
    "dc.date.issued", "citation_publication_date", "article_date_original",
    "cxenseparse:recs:publishtime",
)  # fmt: skip
"""Other names publishers give the publication date (after the standard ones): CMS defaults,
Parse.ly / Sailthru / cXense tags, Highwire citation tags for papers."""
_EXTRA_META_NAMES = frozenset(
    {"date", "dc.date", "application-name", "parsely-title", "parsely-page",
     *_PUBLISHED_META_NAMES}
)  # fmt: skip


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    headline: str | None = None
    byline: str | None = None
    site_name: str | None = None
    published: str | None = None
    lang: str | None = None
    dir: str | None = None
    excerpt: str | None = None
    lead_image_url: str | None = None
    canonical_url: str | None = None
    byline_names_publisher: bool = False


def read_metadata(root: HtmlElement, base_url: str | None) -> Metadata:
    values = _meta_values(root)
    ld = _json_ld(root)
    doc_title = _document_title(root)
    meta = Metadata()

    ld_site = ld.get("site_name")
    if ld_site and ld_site == ld.get("byline") and values.get("og:site_name"):
        ld_site = None  # the publisher is the author (jekyll-seo-tag): the site names itself
    meta.site_name = _clean(ld_site or values.get("og:site_name") or
                            values.get("application-name"))  # fmt: skip
    page_title = _title_from_document(root, doc_title)
    titles = [
        _pick_ld_title(ld, page_title),
        values.get("dc:title"),
        values.get("dcterm:title"),
        values.get("og:title"),
        values.get("weibo:article:title"),
        values.get("weibo:webpage:title"),
        values.get("title"),
        values.get("twitter:title"),
        values.get("parsely-title"),
    ]
    raw_title = next((t for t in titles if t), None)
    meta.title = _clean(raw_title) or _clean(page_title)
    meta.headline = _headline(raw_title, page_title, titles, root, meta.site_name)

    article_author = values.get("article:author")
    if article_author and re.match(r"^https?://", article_author):
        article_author = None
    meta.byline = _clean_byline(
        ld.get("byline")
        or values.get("dc:creator")
        or values.get("dcterm:creator")
        or values.get("author")
        or values.get("parsely-author")
        or article_author
        or values.get("authors")
        or _unless_site_trail(values.get("og-article-author"))
    )
    meta.byline_names_publisher = bool(meta.byline) and _is_publisher(
        meta.byline or "", meta.site_name, ld
    )
    meta.excerpt = _clean(
        ld.get("excerpt")
        or values.get("dc:description")
        or values.get("dcterm:description")
        or values.get("og:description")
        or values.get("weibo:article:description")
        or values.get("weibo:webpage:description")
        or values.get("description")
        or values.get("twitter:description")
    )
    canonical = root.find(".//link[@rel='canonical']")
    if canonical is not None and canonical.get("href"):
        meta.canonical_url = _absolute(canonical.get("href", ""), base_url)
    elif values.get("og:url"):
        meta.canonical_url = _absolute(values["og:url"], base_url)
    meta.published = _iso_date(
        ld.get("date_published")
        or values.get("article:published_time")
        or values.get("parsely-pub-date")
        or values.get("dc:date")
        or values.get("date")
        or next((values[k] for k in _PUBLISHED_KEYS if values.get(k)), None)
        or _parsely_page(values).get("pub_date")
        or _time_element(root)
        or _date_line(root)
        or _date_in_url(meta.canonical_url or base_url or "")
    )
    image = ld.get("image") or values.get("og:image") or values.get("twitter:image")
    if image:
        meta.lead_image_url = _absolute(image, base_url)
    meta.lang = _language(root, values)
    meta.dir = _direction(root, meta.lang)
    return meta


def refine_language(meta: Metadata, article_root: HtmlElement | None) -> None:
    """Prefer the ``lang``/``dir`` declared on the article's own ancestors (a Hebrew post on an
    English-language site) over the page's, as Readability does for ``dir``."""
    if article_root is None:
        return
    for el in (article_root, *article_root.iterancestors()):
        lang, direction = el.get("lang"), (el.get("dir") or "").lower()
        if lang and _LANG.match(lang.strip()) and not meta.lang:
            meta.lang = lang.strip()
        if direction in ("rtl", "ltr"):
            meta.dir = direction
            break
    if meta.dir is None:
        meta.dir = _direction_of_language(meta.lang)


def byline_from_content(root: HtmlElement) -> str | None:
    """Readability's fallback, run on the decluttered page: ``rel=author``, ``itemprop=author``
    or a byline-classed element with short text, first in document order."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        itemprop = el.get("itemprop") or ""
        if (
            el.get("rel") == "author"
            or "author" in itemprop.split()
            or (is_named(el) and class_tokens(el) & _BYLINE_TOKENS)
        ):
            name_el = el.find(".//*[@itemprop='name']")
            if name_el is None and (names := _author_names(el)):
                return names
            if name_el is None:
                name_el = _byline_line(el)
            if name_el is None and _LABELLED_FIELDS.search(text_of(el)):
                name_el = _name_inside(el)
            if name_el is not None and tag_of(name_el) == "meta":
                text = name_el.get("content") or ""  # microdata: <meta itemprop=name content=…>
            else:
                text = text_of(name_el if name_el is not None else el)
            byline = _clean_byline(_without_trailing_time(text))
            if (
                byline
                and len(byline) < MAX_BYLINE_CHARS
                and not _is_date_only(byline)
                and not _is_date_and_place(el, byline)
            ):
                return byline
    return None


_NAME_TOKENS = frozenset({"author-name", "name", "fn", "p-name", "byline-name"})
_LABELLED_FIELDS = re.compile(r"\b(updated|published|posted|modified)\s*(on|at)?\s*:", re.I)


def _author_names(el: HtmlElement) -> str | None:
    """Papers list each author as a block of a name and an affiliation (LaTeXML's
    'ltx_creator > ltx_personname + ltx_author_notes'): the names of this block and of its
    siblings of the same class, without the affiliations."""
    names = []
    parent = el.getparent()
    siblings = [el] if parent is None else [s for s in parent if s.get("class") == el.get("class")]
    for block in siblings:
        name = next((i for i in block.iterdescendants() if _PERSON_NAME & class_tokens(i)), None)
        if name is None:
            return None
        names.append(text_of(name))
    joined = ", ".join(n for n in dict.fromkeys(names) if n)
    return joined if joined and len(joined) < MAX_BYLINE_CHARS * 2 else None


_PERSON_NAME = frozenset({"personname", "person-name"})


def _name_inside(el: HtmlElement) -> HtmlElement | None:
    """The element naming the writer inside an author block that also lists labelled dates
    ('div.blog-post-author-meta > a.blog-post-author-name' beside 'Updated: …')."""
    for inner in el.iterdescendants():
        if (
            isinstance(inner.tag, str)
            and is_named(inner)
            and class_tokens(inner) & _NAME_TOKENS
            and 0 < len(text_of(inner)) < len(text_of(el))
        ):
            return inner
    return None


def _byline_line(el: HtmlElement) -> HtmlElement | None:
    """The line that says 'By NAME' in a byline block that also gives the writer's role,
    photo or date on lines of their own."""
    if not has_block_children(el):
        return None
    for line in el.iterdescendants("div", "p", "span", "li"):
        if not has_block_children(line) and R.BYLINE_LINE_TEXT.match(text_of(line)):
            return line
    return None


# -- sources -------------------------------------------------------------------------------------


def _meta_values(root: HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    authors: list[str] = []
    for el in root.iter("meta"):
        content = (el.get("content") or "").strip()
        if not content:
            continue
        prop = el.get("property") or ""
        if prop.strip().lower() == "og:article:author":  # WeChat's; Naver puts the publisher
            values.setdefault("og-article-author", content)
        matched = False
        for part in prop.split():
            m = _META_PROPERTY.match(part)
            if m:
                # The last tag wins, as in Readability: templates append the specific value.
                values[f"{m.group(1).lower()}:{m.group(2).lower()}"] = content
                matched = True
        name = el.get("name") or ""
        if not matched and name and _META_NAME.match(name):
            values[re.sub(r"\s", "", name.lower()).replace(".", ":")] = content
        elif name.lower() in _EXTRA_META_NAMES:
            values.setdefault(name.lower().replace(".", ":"), content)
        if name.lower() == "citation_author":
            authors.append(_first_name_first(content))
        if (el.get("itemprop") or "") == "datePublished":
            values.setdefault("date", content)
        if (el.get("http-equiv") or "").lower() == "content-language":
            values.setdefault("content-language", content)
    if authors:
        # Journals list every author in a tag of its own (Highwire's citation_author).
        values["authors"] = ", ".join(dict.fromkeys(authors))
    return values


def _unless_site_trail(name: str | None) -> str | None:
    """A name, not 'Daily Paper | Portal' (a publisher and its portal, as Naver fills it)."""
    return None if not name or _TITLE_SEPARATORS.search(name) else name


def _first_name_first(name: str) -> str:
    """'Kobayashi, Hana' → 'Hana Kobayashi' (citation tags write the family name first)."""
    family, comma, given = name.partition(",")
    return f"{given.strip()} {family.strip()}" if comma and given.strip() else name.strip()


def _json_ld(root: HtmlElement) -> dict[str, Any]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", raw)
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for item in _ld_items(data):
            found = _ld_article(item)
            if found:
                return found
    return {}


def _ld_items(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _ld_items(data["@graph"], depth + 1)


def _ld_article(item: dict[str, Any]) -> dict[str, Any]:
    types = item.get("@type")
    type_list = types if isinstance(types, list) else [types]
    if not any(isinstance(t, str) and ARTICLE_TYPES.match(t) for t in type_list):
        return {}
    out: dict[str, Any] = {}
    name, headline = _str(item.get("name")), _str(item.get("headline"))
    out["name"], out["headline"] = name, headline
    author = item.get("author")
    found = [_str(a.get("name")) if isinstance(a, dict) else _str(a) for a in _as_list(author)]
    names = [n for n in found if n and not n.startswith("http")]
    if names:
        out["byline"] = ", ".join(dict.fromkeys(names))
        out["byline_is_person"] = any(
            isinstance(a, dict) and a.get("@type") == "Person" for a in _as_list(author)
        )
    out["excerpt"] = _str(item.get("description"))
    publisher = item.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        out["site_name"] = _str(publisher.get("name"))
    out["date_published"] = _str(item.get("datePublished")) or _str(item.get("dateCreated"))
    image = item.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict):
        image = image.get("url")
    out["image"] = _str(image)
    if "WebPage" in type_list and not out.get("byline"):
        # A WebPage whose mainEntity is the article (journals): the article says more.
        main = item.get("mainEntity")
        if isinstance(main, dict) and main.get("@type") != "WebPage":
            article = _ld_article(main)
            if article:
                # The journal's publisher is not the site's name; the page says that.
                article.pop("site_name", None)
                return article
        # A bare WebPage says little about an article; use it for the title only.
        return {k: v for k in ("name", "headline") if (v := out[k])}
    return {k: v for k, v in out.items() if v}


_TRAIL_START = re.compile(r"^\s+[|\-–—»/:·]")


def _is_publisher(byline: str, site_name: str | None, ld: dict[str, Any]) -> bool:
    """An 'author' that is the publication itself ('BBC News' on a page of BBC News): sites put
    their own name there when the writer is only named on the page (``byline_from_content``
    is asked first then)."""
    if ld.get("byline_is_person"):
        return False  # a personal blog named after its author
    name = byline.strip().lower()
    return name in {(site_name or "").strip().lower(), (ld.get("site_name") or "").lower()}


def _headline(
    raw_title: str | None,
    page_title: str,
    titles: list[str | None],
    root: HtmlElement,
    site_name: str | None,
) -> str | None:
    """The article's headline as the reader shows it: the title without the site's name or its
    section trail. ``Article.title`` keeps the title as the page declares it (what Firefox
    Reader View reports); the reader's header shows the site's name on the next line, so the
    headline does not repeat it."""
    title = _clean(_without_trail(raw_title, titles))
    if title:
        return _headline_part(_strip_site_suffix(title, site_name), root, site=site_name)
    return _clean(_strip_site_suffix(_headline_part(page_title, root), site_name))


def _without_trail(title: str | None, others: list[str | None]) -> str | None:
    """'Headline » Local » News » Site' when another tag of the page says just 'Headline': the
    trail is the site's sections, and the shorter title is the article's."""
    if not title:
        return title
    for other in others:
        other = (other or "").strip()
        rest = title.strip()[len(other) :]
        if other and title.strip().startswith(other) and _TRAIL_START.match(rest):
            return other
    return title


def _pick_ld_title(ld: dict[str, Any], page_title: str) -> str | None:
    """Readability.js's choice between JSON-LD ``name`` and ``headline`` when they differ: the
    headline only when it matches the page's title and the name does not."""
    name: str | None = ld.get("name")
    headline: str | None = ld.get("headline")
    if name and headline and name != headline:
        name_matches = _text_similarity(name, page_title) > 0.75
        headline_matches = _text_similarity(headline, page_title) > 0.75
        return headline if headline_matches and not name_matches else name
    return name or headline


def _text_similarity(a: str, b: str) -> float:
    """Readability.js's ``_textSimilarity``: the share of ``b``'s words (by length) that ``a``
    has too. Its ``\\W`` is ASCII's, so it is here."""
    tokens_a = set(_ASCII_WORD_BREAKS.split(a.lower())) - {""}
    tokens_b = [t for t in _ASCII_WORD_BREAKS.split(b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


def _document_title(root: HtmlElement) -> str | None:
    el = root.find(".//title")
    if el is None:
        return None
    return normalize_space(el.text_content()) or None


def _title_from_document(root: HtmlElement, title: str | None) -> str:
    """Readability.js's ``_getArticleTitle``: cut a site name off ``<title>``, or fall back to the
    only ``<h1>``."""
    if not title:
        h1s = root.findall(".//h1")
        return text_of(h1s[0]) if h1s else ""
    original = title
    had_hierarchy = False
    if _TITLE_SEPARATORS.search(title):
        had_hierarchy = bool(_HIERARCHICAL.search(title))
        last = list(_TITLE_SEPARATORS.finditer(original))[-1]
        title = original[: last.start()]
        if _words(title) < 3:
            title = re.sub(r"^[^|\-–—\\/>»]*[|\-–—\\/>»]", "", original, count=1)
    elif ": " in title:
        if not any(text_of(h) == title for h in root.iter("h1", "h2")):
            title = original[original.rfind(":") + 1 :]
            if _words(title) < 3:
                title = original[original.find(":") + 1 :]
            elif _words(original[: original.find(":")]) > 5:
                title = original
    elif len(title) > 150 or len(title) < 15:
        h1s = root.findall(".//h1")
        if len(h1s) == 1:
            title = text_of(h1s[0])
    title = normalize_space(title)
    n = _words(title)
    if n <= 4 and (not had_hierarchy or n != _words(re.sub(r"[|\-–—\\/>»]+", "", original)) - 1):
        title = original
    return title


_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")
"""What stands between a headline and the site's name in a title."""
_SITE_SEPARATORS = (*_SEPARATORS, " -- ", " / ")
"""...and, once the site's name is known to follow, the rarer ones too."""
_BRACKETED_ID = re.compile(r"^\[[^\]\s]{1,30}\]\s*$")
_CJK_SEPARATORS = ("-", "_", "|", "｜", "－", "—")
"""What joins a Chinese or Japanese title to the site's name, without spaces."""


def _headline_part(title: str, root: HtmlElement, site: str | None = None) -> str:
    """'Retries and backoff | Tidewater' when the page's ``<h1>`` says 'Retries and backoff':
    what follows is the site's name, though no tag names the site. (Only then: where the site
    is named, a suffix that is not its name is part of the title, e.g. an opinion piece's
    author; and a heading equal to the part after the separator is the site's own name. A
    ``<title>`` is cut by Readability.js's rules in ``_title_from_document`` instead.)"""
    if not title:
        return title
    for h1 in itertools.islice(root.iter("h1"), 3):
        heading = text_of(h1).rstrip("¶§#🔗 ")  # a permalink mark after the heading
        if (_words(heading) < 2 and len(CJK_CHARACTER.findall(heading)) < 4) or heading == title:
            continue
        if _BRACKETED_ID.match(title[: -len(heading)]) and title.endswith(heading):
            return heading  # '[2503.04417] Gradient-Free Calibration …': an archive's number
        rest = title[len(heading) :]
        if not title.startswith(heading) or not _names_site(rest, site):
            continue
        if any(rest.startswith(sep) for sep in _SEPARATORS):
            return heading
        # Chinese and Japanese titles join the site's name without spaces: '标题-新华网'.
        if rest[:1] in _CJK_SEPARATORS and CJK_CHARACTER.match(heading[-1]):
            return heading
    return title


def _names_site(suffix: str, site: str | None) -> bool:
    """No site named, or the part after the headline shares a word with its name ('Web APIs |
    MDN' and 'MDN Web Docs'); an author after the headline does not."""
    if not site:
        return True
    words = set(re.findall(r"\w+", suffix.lower()))
    return bool(words & set(re.findall(r"\w+", site.lower())))


def _strip_site_suffix(title: str, site_name: str | None) -> str:
    """'Headline — sub | Site Name' → 'Headline — sub' when the suffix is the site's name."""
    if not site_name or not title:
        return title
    site = site_name.strip().lower()
    for sep in _SITE_SEPARATORS:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if tail.strip().lower() == site and _words(head) >= 2:
                return head.strip()
            first, _, rest = title.partition(sep)
            if first.strip().lower() == site and _words(rest) >= 2:
                return rest.strip()
    # Chinese and Japanese titles join the site name without spaces: '标题-新华网'.
    for sep in _CJK_SEPARATORS:
        suffix = sep + site_name.strip()
        head = title[: -len(suffix)].strip()
        if title.lower().endswith(suffix.lower()) and len(head) >= 4:
            return head
    return title


_PUBLISHED_KEYS = tuple(name.replace(".", ":") for name in _PUBLISHED_META_NAMES)


def _parsely_page(values: dict[str, str]) -> dict[str, Any]:
    """Parse.ly's older tag: one ``<meta name="parsely-page">`` holding JSON."""
    raw = values.get("parsely-page")
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")


def _date_line(root: HtmlElement) -> str | None:
    """A date written only as text in a date-classed line ('发布于 2025-03-04 10:12・IP 属地北京'
    in ``div.ContentItem-time``, '18 September 2025' in ``span.timestamp``): year first in
    digits, or the month in words, so the day is not ambiguous ('04/03/2025' is)."""
    for el in root.iter("div", "span", "p", "small", "em"):
        tokens = class_tokens(el)
        if not (tokens & _DATE_LINE_TOKENS) or tokens & _REVISION_TOKENS:
            continue
        text = text_of(el)
        if len(text) > 80 or _MODIFIED_WORDS.search(text):
            continue
        match = _NUMERIC_DAY.search(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return datetime(year, month, day).date().isoformat()
            except ValueError:
                continue
        written = _WRITTEN_DATE_LINE.match(text)  # '18 September 2025', 'March 4, 2025'
        if written and (parsed := _parse_date(written.group(0).strip())) is not None:
            return parsed.date().isoformat()
    return None


_WRITTEN_DATE_LINE = re.compile(
    rf"^\s*(\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})\s*$", re.I
)


_DATE_LINE_TOKENS = frozenset(
    {"time", "date", "pubtime", "pubdate", "publish-time", "publish-date", "published-at",
     "post-time",
     "post-date", "article-time", "article-date", "timestamp", "dateline"}
)  # fmt: skip
_REVISION_TOKENS = frozenset(
    {"revision", "revision-date", "modified", "updated", "last-updated", "last-update", "edited"}
)
"""A date line that tells when the page last changed ('git-revision-date-localized-plugin')."""
_NUMERIC_DAY = re.compile(r"\b((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_MODIFIED_WORDS = re.compile(
    r"updated|modified|edited|更新|编辑于|修改|atualizado|aktualisiert", re.I
)


def _date_in_url(url: str) -> str | None:
    """The last resort: news and blog addresses often carry the day ('/2024/05/12/slug')."""
    match = _URL_DATE.search(url or "")
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def _time_element(root: HtmlElement) -> str | None:
    for el in root.iter("time"):
        value = el.get("datetime") or ""
        if value and _says_modified(el):
            continue  # 'This page was last modified on …' is not when it was published
        if value and (
            el.get("itemprop") in ("datePublished", None) or "pub" in (el.get("class") or "")
        ):
            return value
    return _microdata_date(root)


def _says_modified(time: HtmlElement) -> bool:
    if _MODIFIED_LABEL.search(_label_before(time)):
        return True  # 'Updated: <time>'
    for el in itertools.islice((time, *time.iterancestors()), 3):
        names = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''}".lower()
        if "publish" in names:
            return False  # WordPress: 'entry-date published updated'
        if "modified" in names or "updated" in names:
            return True
    return False


_MODIFIED_LABEL = re.compile(r"(updated|modified|edited)\s*(on|at)?\W*$", re.IGNORECASE)


def _label_before(time: HtmlElement) -> str:
    """The words right before ``time`` in its line ('Updated:'), looking one level up when the
    label sits in the wrapper ('<span>Updated: <time>…</time></span>')."""
    node = time
    for _ in range(2):
        parent = node.getparent()
        if parent is None:
            break
        parts = [parent.text or ""]
        for sibling in parent:
            if sibling is node:
                break
            parts += [sibling.text_content(), sibling.tail or ""]
        label = "".join(parts).strip()
        if label:
            return label[-30:]
        node = parent
    return ""


def _microdata_date(root: HtmlElement) -> str | None:
    """A publication date in the markup itself: microdata ``itemprop="datePublished"`` on any
    element (``content`` or ``title``), or the hAtom ``<abbr class="published" title=…>`` that
    Blogger and older WordPress themes write; else a ``dateCreated`` (a question's 'asked'
    time on Stack Exchange). One walk finds both."""
    created: str | None = None
    for el in root.iter("abbr", "span", "div", "p", "a", "data", "dd", "time"):
        prop = el.get("itemprop")
        published = prop == "datePublished" or "published" in (el.get("class") or "").split()
        if not published and (prop != "dateCreated" or created):
            continue
        value: str = (
            el.get("content") or el.get("datetime") or el.get("value") or el.get("title") or ""
        ).strip()
        if not value and _ISO_DATE_ONLY.match(text_of(el)):
            value = text_of(el)  # '<dd class="published">2024-02-11</dd>'
        if not _ISO_START.match(value):
            continue
        if published:
            return value
        created = value
    return created or _data_attribute_date(root)


def _data_attribute_date(root: HtmlElement) -> str | None:
    """A date the page's own script reads from a ``data-*date*`` attribute of the dateline
    (``<span class="datestamp" data-date-time="2025-03-12 14:30:14">``): the last resort."""
    for el in root.iter("span", "div", "p", "em", "time"):
        for name, value in el.attrib.items():
            text = str(value).strip()
            if str(name).startswith("data-") and "date" in str(name) and _ISO_START.match(text):
                return text
    return None


_ISO_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")


def _language(root: HtmlElement, values: dict[str, str]) -> str | None:
    for candidate in (root.get("lang"), root.get("xml:lang"), values.get("content-language")):
        if candidate:
            value = candidate.strip().split(",")[0].strip()
            if _LANG.match(value):
                return value
    body = root.find("body")
    lang = (body.get("lang") or "").strip() if body is not None else ""
    return lang if _LANG.match(lang) else None


def _direction(root: HtmlElement, lang: str | None) -> str | None:
    for el in (root, root.find("body")):
        direction = (el.get("dir") or "").lower() if el is not None else ""
        if direction in ("rtl", "ltr"):
            return direction
    return None


def _direction_of_language(lang: str | None) -> str | None:
    if lang and lang.split("-")[0].split("_")[0].lower() in _RTL_LANGS:
        return "rtl"
    return None


# -- cleaning ------------------------------------------------------------------------------------


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = normalize_space(html.unescape(value))
    return text or None


def _is_date_and_place(el: HtmlElement, text: str) -> bool:
    """A dateline ('Feb 13th 2025 | Lavik') is where and when, not who: an element named only
    'dateline' is a byline only when it says 'By NAME'."""
    tokens = class_tokens(el) & _BYLINE_TOKENS
    return tokens == {"dateline"} and not R.BYLINE_LINE_TEXT.match(text)


def _is_date_only(text: str) -> bool:
    """A 'dateline' element that holds only the date is not a byline."""
    return not re.search(r"\w", _DATE_WORDS.sub(" ", text))


_TRAILING_ON_DAY = re.compile(
    r"\s+(on|at)(\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)?\s*[,-]?\s*$", re.I
)


def _without_trailing_time(text: str) -> str:
    """Drop the time after a name; keep the text whole when what is left is not a name (a
    dateline, 'Last updated:'), so such blocks are at least not mangled."""
    name = _TRAILING_TIME.sub("", text).strip()
    name = _TRAILING_TIME.sub("", name).strip()  # 'March 11, 2024 09:42': a day, then a time
    name = _TRAILING_ON_DAY.sub("", name).strip()  # 'Submitted by admin on Tue, 03/04/2025'
    if name == text.strip() or any(c.isdigit() for c in name) or name.endswith((":", " at")):
        return text
    return name


def _clean_byline(value: Any) -> str | None:
    """The byline as the page words it ('By Erin Cunningham'), like Firefox Reader View."""
    text = _clean(value)
    if not text or len(text) > MAX_BYLINE_CHARS * 2:
        return None
    # 'Kim Seo-yeon (seoyeon@example.kr)': the address is contact detail, not the name; nor
    # is the number a user card puts after it ('Marta Lindqvist 1,077': reputation, points).
    text = _TRAILING_EMAIL.sub("", text).strip() or text
    return _TRAILING_NUMBER.sub("", text).strip() or text


_TRAILING_NUMBER = re.compile(r"(?<=[^\W\d])\s+[\d.,]+\s*[km]?\s*$", re.I)


_TRAILING_EMAIL = re.compile(r"\s*[(<\[]?\s*[\w.+-]+@[\w-]+(\.[\w-]+)+\s*[)>\]]?\s*$")


def _str(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _words(text: str) -> int:
    return len(text.split())


def _absolute(url: str, base_url: str | None) -> str | None:
    url = url.strip()
    if not url:
        return None
    try:
        absolute = urljoin(base_url, url) if base_url else url
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    # canonical_url and lead_image_url are shown as links and images: a `javascript:` or
    # `data:` URL from the page's <link rel=canonical>/og:image must not become one.
    # (urlsplit drops the tabs and newlines browsers ignore, so "java\tscript:" is caught.)
    if scheme and scheme not in _WEB_SCHEMES:
        return None
    return absolute


_WEB_SCHEMES = frozenset({"http", "https", "file"})


_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y",
)  # fmt: skip
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)")
_ANY_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WRITTEN_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_YEAR_FIRST_WRITTEN_DAY = re.compile(rf"^(\d{{4}})\s+({_MONTH})\s+(\d{{1,2}})\b", re.I)
"""'2024 Jul 18': how PubMed writes a citation's date."""
_MONTH_NUMBERS = {abbreviation: n for n, abbreviation in enumerate(_MONTH_ABBREVIATIONS, 1)}


def _iso_date(value: str | None) -> str | None:
    """Normalise a published date to ISO 8601, keeping the time and offset as written (the day
    a reader sees is the day in the publisher's time zone)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    parsed = _parse_date(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None and "T" not in text and ":" not in text:
        return parsed.date().isoformat()
    return parsed.isoformat()


def _parse_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    m = _ISO_PREFIX.match(text)
    if m:
        try:
            return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}")
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text[:40], fmt)
        except ValueError:
            continue
    m = _ANY_ISO_DAY.search(text)
    if m:
        try:
            return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _WRITTEN_DAY.search(text)  # 'Saturday, December 27, 2014, 12:06 PM'
    if m:
        return _day(m.group(3), m.group(1), m.group(2))
    m = _YEAR_FIRST_WRITTEN_DAY.match(text)
    if m:
        return _day(m.group(1), m.group(2), m.group(3))
    return None


def _day(year: str, month_name: str, day: str) -> datetime | None:
    month = _MONTH_NUMBERS.get(month_name[:3].lower())
    try:
        return datetime(int(year), month, int(day)) if month else None
    except ValueError:
        return None


__all__ = ["Metadata", "byline_from_content", "read_metadata", "refine_language"]
