"""Stage 2 — declutter: remove what is not the article before the scorer sees the page.

Each rule is a small function ``rule(root) -> Iterable[element]`` that *names* nodes to remove;
it never mutates the tree. :func:`declutter` runs the rules in order, removes what they name and
records a :class:`Removal` for each node, so ``readmode extract --explain`` can say which rule
removed what. Removing clutter first has two effects: the readability scorer cannot pick a
newsletter box or a "More news" rail as the article, and it walks a smaller tree.

The safety valve: a node that holds a large share of the page's paragraph text, or that holds
the densest paragraph block (the likely article body) and a fair share of the text, is the
article whatever its class says (sites do call their content "newsletter" or "promo"); such a
node is kept and its removal is recorded as ``restored``.

All rules of one pass share a single walk over the tree (:class:`_Scan`): the elements with a
class or id, the short leaf blocks with their text, and the elements with visibility/role
attributes. ``PAGE_RULES`` run on the page before scoring; ``BODY_RULES`` (the same families
plus byline/credit/caption rules) run again inside the chosen body in stage 4, where the valve
compares against the body's own paragraph text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from readmode.extract import rules as R
from readmode.extract.article import Removal
from readmode.extract.dom import (
    HEADING_TAGS,
    class_tokens,
    describe,
    has_block_children,
    is_named,
    link_density,
    normalize_space,
    tag_of,
    text_of,
    token_set,
)

# Tunables --------------------------------------------------------------------------------------
SAFETY_SHARE = 0.4
"""A node holding more than this share of the page's paragraph text is never removed (the
article itself). Real clutter blocks hold < 15 % on every corpus page; article bodies > 55 %."""

CORE_SHARE = 0.2
"""...and a node that contains the densest paragraph block (the likely article body) is kept
when it holds more than this share: short articles on pages heavy with teasers."""

PROSE_MAX_LINK_DENSITY = 0.25
"""Text with more link text than this is a list of links (teasers, menus), not prose."""

MIN_PARAGRAPH_CHARS = 60
"""Paragraphs at least this long count as 'article text' for the safety valve."""

MAX_CTA_CHARS = 300
"""Text rules (newsletter legends, cookie notices, audio blurbs) only act on blocks at most this
long: a sign-up card's lines are short, an article paragraph that mentions a newsletter is not."""

MAX_CARD_CHARS = 700
"""A newsletter/share/related card grows from its form or heading up to this much text."""

ARTICLE_IN_DIALOG_CHARS = 600
"""Sign-up and consent dialogs carry one or two sentences; a dialog with this much paragraph
text is an article viewer."""

CARD_MAX_OUTSIDE_PROSE = 150
"""A card may carry one pitch sentence ('Get the best stories in your inbox every week') but
not a section's worth of paragraphs."""

MAX_CLASS_RULE_CHARS = 2500
"""Class-token rules (share, related, promo) leave larger blocks to the scorer: a long block with
a 'related' class is more often a layout wrapper than a rail of links."""

DUPLICATE_KEY_CHARS = 60
"""Captions that share their first 60 characters are copies (full and truncated variants)."""

RELATED_MIN_LINK_DENSITY = 0.35
"""A 'More news' section is mostly links; an article section called 'Related work' is not."""


_SHORT_BLOCK_TAGS = frozenset(
    {"p", "div", "span", "li", "label", "h1", "h2", "h3", "h4", "h5", "h6", "small", "strong",
     "em", "button", "a", "section", "aside", "figure", "blockquote", "td", "legend", "header",
     "footer"}
)  # fmt: skip
_FLAG_ATTRIBUTES = frozenset({"hidden", "aria-hidden", "style", "role", "aria-modal"})
MAX_SCANNED_BLOCK_CHARS = 700  # the longest limit any text rule asks for (MAX_CARD_CHARS)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    find: Callable[[HtmlElement], Iterable[HtmlElement]]
    guarded: bool = True  # False: always safe (scripts, empty blocks): skip the valve
    recorded: bool = True  # False: too common to list (every <script> and <meta>)


@dataclass(slots=True)
class _Scan:
    """One walk over the tree, shared by every rule of a pass: the elements that carry a
    class or id (with their tokens) and the short leaf blocks (with their text). Rules used to
    walk the whole tree each; this made decluttering the slowest stage."""

    root: HtmlElement
    tokened: list[tuple[HtmlElement, frozenset[str]]] = field(default_factory=list)
    blocks: list[tuple[HtmlElement, str]] = field(default_factory=list)
    flagged: list[HtmlElement] = field(default_factory=list)  # role/hidden/style/aria-*

    @classmethod
    def of(cls, root: HtmlElement) -> _Scan:
        scan = cls(root)
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if is_named(el):
                scan.tokened.append((el, class_tokens(el)))
            if tag == "dialog" or not _FLAG_ATTRIBUTES.isdisjoint(el.keys()):
                scan.flagged.append(el)
            if tag in _SHORT_BLOCK_TAGS and (tag in ("li", "td") or not has_block_children(el)):
                text = text_of(el)
                if text and len(text) <= MAX_SCANNED_BLOCK_CHARS:
                    scan.blocks.append((el, text))
        return scan


_current_scan: ContextVar[_Scan | None] = ContextVar("_current_scan", default=None)


def _scan_of(root: HtmlElement) -> _Scan:
    scan = _current_scan.get()
    # Outside a pass (a rule called on its own) the tree is scanned for that call only.
    return scan if scan is not None and scan.root is root else _Scan.of(root)


def _with_tokens(root: HtmlElement, vocabulary: frozenset[str]) -> Iterator[HtmlElement]:
    for el, tokens in _scan_of(root).tokened:
        if tokens & vocabulary:
            yield el


def _says(text: str, phrases: re.Pattern[str], hints: tuple[str, ...]) -> bool:
    """``phrases`` matches ``text``; ``hints`` (one of them is in every phrase) rule most
    blocks out with a substring test before the regex runs."""
    low = text.lower()
    return any(hint in low for hint in hints) and phrases.search(text) is not None


def _is_content(el: HtmlElement) -> bool:
    return bool(class_tokens(el) & _CONTENT) or tag_of(el) in ("article", "main", "body", "html")


def _short_blocks(
    root: HtmlElement, limit: int = MAX_CTA_CHARS
) -> Iterator[tuple[HtmlElement, str]]:
    """Leaf-ish blocks (no block children) with at most ``limit`` characters, and their text."""
    for el, text in _scan_of(root).blocks:
        if len(text) <= limit:
            yield el, text


def _grow_card(
    el: HtmlElement, limit: int = MAX_CARD_CHARS, *, keep_headings: bool = False
) -> HtmlElement:
    """The largest ancestor of ``el`` that is still a small card (for headings, legends and
    messages that belong to the same box). With ``keep_headings`` it stops below a block that
    holds a heading: a 'Listen' button sits beside the article's subtitle, not in a box."""
    card = el
    parent = el.getparent()
    while parent is not None and not _is_content(parent):
        if len(text_of(parent)) > limit:
            break
        if keep_headings and next(parent.iter(*HEADING_TAGS), None) is not None:
            break
        if next(parent.iter("h1"), None) is not None:
            break  # the article's own header (a 'Subscribe' button beside the byline)
        if _box_prose(parent) - _box_prose(card) > CARD_MAX_OUTSIDE_PROSE:
            break  # the parent holds prose of its own: it is a section, not the card
        card = parent
        parent = parent.getparent()
    return card


_CONTENT = token_set(R.CONTENT_TOKENS)
_HIDDEN = token_set(R.HIDDEN_TOKENS)
_SCREEN_READER = token_set(R.SCREEN_READER_TOKENS)
_DIALOG = token_set(R.DIALOG_TOKENS)
_NEWSLETTER = token_set(R.NEWSLETTER_TOKENS)
_COOKIE = token_set(R.COOKIE_TOKENS)
_PAYWALL = token_set(R.PAYWALL_TOKENS)
_SHARE = token_set(R.SHARE_TOKENS)
_RELATED = token_set(R.RELATED_TOKENS)
_COMMENTS = token_set(R.COMMENT_TOKENS)
_ADS = token_set(R.AD_TOKENS)
_PROMO = token_set(R.PROMO_TOKENS)
_AUDIO = token_set(R.AUDIO_TOKENS)
_VIDEO = token_set(R.VIDEO_TOKENS)
_ADMIN = token_set(R.ADMIN_TOKENS)
_SKIP = token_set(R.SKIP_TOKENS)
_META = token_set(R.META_LINE_TOKENS)
_AUTHOR_BIO = token_set(R.AUTHOR_BIO_TOKENS)
_BUTTON = token_set(R.BUTTON_TOKENS)
_TABULAR = frozenset({"td", "li", "table", "pre", "code", "dt", "dd", "kbd", "samp", "var"})
"""Where bare numbers are data (a table cell, a code signature's default value)."""
_CAPTION = token_set(R.CAPTION_TOKENS)


# -- rules ----------------------------------------------------------------------------------------


def non_content(root: HtmlElement) -> Iterator[HtmlElement]:
    """Scripts, styles, templates, embedded widgets: never part of the reader view."""
    yield from root.iter("script", "style", "template", "link", "meta", "iframe", "object",
                         "embed", "svg", "canvas", "map", "noembed", "frameset", "frame",
                         "applet")  # fmt: skip


def form_controls(root: HtmlElement) -> Iterator[HtmlElement]:
    """Buttons and fields left after the form rules: a reader view has nothing to submit. A
    button inside a data table's cell is the cell's value made clickable (a browser-support
    table's 'Chrome 103'): it stays."""
    for el in root.iter("button", "select", "textarea", "input", "form"):
        if tag_of(el) == "button" and next(el.iterancestors("td", "th"), None) is not None:
            continue
        yield el


def hidden_nodes(root: HtmlElement) -> Iterator[HtmlElement]:
    """``hidden``, ``aria-hidden="true"``, inline ``display:none``/``visibility:hidden``,
    screen-reader-only text."""
    for el in _scan_of(root).flagged:
        if el.get("hidden") is not None:
            if tag_of(el) not in ("html", "body"):
                yield el
            continue
        if el.get("aria-hidden") == "true":
            if tag_of(el) not in ("html", "body") and not _seen_though_aria_hidden(el):
                yield el
            continue
        style = el.get("style")
        if style and R.INLINE_HIDDEN_STYLE.search(style):
            yield el
            continue
    for el, tokens in _scan_of(root).tokened:
        # Whole class names only: 'hide' is a utility class, 'hide-until-leftcol' is layout.
        classes = (el.get("class") or "").lower().split()
        if tag_of(el) != "body" and (
            (_HIDDEN.intersection(classes) and not _shown_on_desktop(classes))
            or tokens & _SCREEN_READER
        ):
            yield el


def _shown_on_desktop(classes: list[str]) -> bool:
    return any(R.RESPONSIVE_SHOW_CLASS.match(name) for name in classes)


def _seen_though_aria_hidden(el: HtmlElement) -> bool:
    """See ``rules.ARIA_HIDDEN_VISIBLE_TAGS``."""
    return tag_of(el) in R.ARIA_HIDDEN_VISIBLE_TAGS


def dialogs(root: HtmlElement) -> Iterator[HtmlElement]:
    """``<dialog>``, ``role=dialog``, ``aria-modal``, and modal/popup/overlay containers —
    unless the dialog holds an article (news sites open stories in a modal viewer: that
    story is what the user is reading)."""
    for el in _scan_of(root).flagged:
        if (
            tag_of(el) == "dialog"
            or el.get("role") in R.DIALOG_ROLES
            or el.get("aria-modal") == "true"
        ) and paragraph_mass(el) < ARTICLE_IN_DIALOG_CHARS:
            yield el
    for el in _with_tokens(root, _DIALOG):
        if not _is_content(el) and paragraph_mass(el) < ARTICLE_IN_DIALOG_CHARS:
            yield el


def page_chrome(root: HtmlElement) -> Iterator[HtmlElement]:
    """Site navigation, headers and footers: ``<nav>``, landmark roles, page-level
    ``<header>``/``<footer>`` (not the article's own header, which holds its title)."""
    for el in root.iter("nav"):
        yield el
    for el in _scan_of(root).flagged:
        if el.get("role") in R.NAV_ROLES and tag_of(el) not in ("body", "html", "main", "article"):
            yield el
    for el in root.iter("header", "footer"):
        in_article = any(tag_of(a) in ("article", "main") for a in el.iterancestors())
        site_level = tag_of(el) == "footer" or el.find(".//nav") is not None
        if not in_article and (site_level or el.find(".//h1") is None):
            yield el


def ancillary_notes(root: HtmlElement) -> Iterator[HtmlElement]:
    """``role="note"``, ARIA's 'parenthetic or ancillary to the main content': an encyclopedia's
    hatnotes ('Main article: …', 'For other uses, see …'), which Readability.js leaves out too.
    Short ones only: a note that holds paragraphs of prose is the author's. Measured: RT text
    F1 +0.0002 (four encyclopedia pages), SH unchanged (no page uses the role)."""
    for el in _scan_of(root).flagged:
        if el.get("role") == "note" and len(text_of(el)) <= MAX_CTA_CHARS:
            yield el


def skip_links(root: HtmlElement) -> Iterator[HtmlElement]:
    """'Skip to content' links (by class or by their words)."""
    for el in root.iter("a"):
        href = el.get("href") or ""
        if (href.startswith("#") and R.SKIP_LINK_TEXT.match(text_of(el))) or (
            el.get("class") and class_tokens(el) & _SKIP
        ):
            yield el


def admin_links(root: HtmlElement) -> Iterator[HtmlElement]:
    """CMS admin links left in the markup: 'Edit post', 'Edit this'."""
    for el in _with_tokens(root, _ADMIN):
        yield el
    for el in root.iter("a"):
        if R.ADMIN_TEXT.match(text_of(el)) and ("edit" in (el.get("href") or "") or
                                                "post.php" in (el.get("href") or "")):  # fmt: skip
            parent = el.getparent()
            yield parent if parent is not None and _only_wraps(parent, el) else el


def _only_wraps(parent: HtmlElement, el: HtmlElement) -> bool:
    """``parent`` holds nothing but ``el`` and punctuation: the brackets of a wiki's '[edit]'
    go with the link, or the heading would end in '[]'."""
    rest = text_of(parent).replace(text_of(el), "", 1)
    return not any(ch.isalnum() for ch in rest)


def newsletter_forms(root: HtmlElement) -> Iterator[HtmlElement]:
    """Sign-up forms by their semantics (an e-mail field, a provider's markup) with the card
    around them: its heading, legend and success/error messages."""
    for form in root.iter("form"):
        if _is_email_form(form):
            yield _grow_card(form)
    for control in root.iter("input"):
        if _is_email_input(control):
            yield _grow_card(control)
    for el in _with_tokens(root, _NEWSLETTER):
        if not _is_content(el) and len(text_of(el)) <= MAX_CARD_CHARS * 2:
            yield _grow_card(el)


def _is_email_input(el: HtmlElement) -> bool:
    kind = (el.get("type") or "").lower()
    name = f"{el.get('name') or ''} {el.get('id') or ''} {el.get('placeholder') or ''}".lower()
    return (
        kind == "email"
        or (el.get("autocomplete") or "").lower() == "email"
        or (kind in ("", "text") and ("email" in name or "e-mail" in name))
    )


def _is_email_form(form: HtmlElement) -> bool:
    if class_tokens(form) & _NEWSLETTER:
        return True
    action = (form.get("action") or "").lower()
    if any(p in action for p in ("list-manage.com", "convertkit", "hsforms", "substack.com/api",
                                  "subscribe", "newsletter", "mailchimp", "klaviyo")):  # fmt: skip
        return True
    return any(_is_email_input(i) for i in form.iter("input"))


def newsletter_text(root: HtmlElement) -> Iterator[HtmlElement]:
    """Short blocks in a newsletter box's own words: '* indicates required', 'Enter your email',
    'Successfully subscribed', 'Thank you for signing up…'."""
    for el, text in _short_blocks(root):
        if _says(text, R.NEWSLETTER_TEXT, R.NEWSLETTER_TEXT_HINTS):
            # A heading in those words is the box's title: the box goes with it.
            yield _grow_card(el) if _is_title(el) else el


_TITLE = frozenset({"title", "heading", "headline", "hed"})


def _is_title(el: HtmlElement) -> bool:
    return tag_of(el) in HEADING_TAGS or bool(class_tokens(el) & _TITLE)


def cookie_banners(root: HtmlElement) -> Iterator[HtmlElement]:
    for el in _with_tokens(root, _COOKIE):
        if not _is_content(el) and len(text_of(el)) <= MAX_CARD_CHARS * 2:
            yield el
    for el, text in _short_blocks(root, MAX_CARD_CHARS):
        if R.COOKIE_TEXT.search(text):
            yield _grow_card(el)


def paywalls(root: HtmlElement) -> Iterator[HtmlElement]:
    """Paywall, upsell and membership boxes. Not the gated text itself: sites mark the
    paragraphs behind the wall ('<p class="paywall">'), and the page came from the reader's own
    browser, where they are visible."""
    marked = list(_with_tokens(root, _PAYWALL))
    # The word the site puts on its gated paragraphs is on their headings and lists too.
    gated_words = frozenset().union(
        *(class_tokens(el) & _PAYWALL for el in marked if tag_of(el) == "p" and _is_gated_prose(el))
    )
    for el in marked:
        if (
            not _is_content(el)
            and len(text_of(el)) <= MAX_CARD_CHARS * 2
            and not _is_gated_prose(el)
            and not (tag_of(el) in _GATED_TOO and class_tokens(el) & gated_words)
        ):
            yield el
    for el, text in _short_blocks(root):
        if R.PAYWALL_TEXT.search(text):
            yield _grow_card(el, MAX_CTA_CHARS * 2)
        elif len(text) <= 60 and R.PAYWALL_LABEL_TEXT.match(text):
            yield el


_GATED_TOO = frozenset(
    {*HEADING_TAGS, "p", "ul", "ol", "li", "figure", "blockquote", "table", "pre"}
)


def _is_gated_prose(el: HtmlElement) -> bool:
    """An article paragraph (or a run of them) under a paywall class, not a sign-up box."""
    if tag_of(el) in ("p", "blockquote"):
        return paragraph_mass(el) > 0 and link_density(el) < 0.25
    text = text_of(el)
    return (
        paragraph_mass(el) > 2 * CARD_MAX_OUTSIDE_PROSE
        and not R.PAYWALL_TEXT.search(text)
        and el.find(".//form") is None
        and el.find(".//button") is None
    )


def share_bars(root: HtmlElement) -> Iterator[HtmlElement]:
    """Share and social bars: by class, by share-intent links, by their button words."""
    for el in _with_tokens(root, _SHARE):
        if (
            not _is_content(el)
            and len(text_of(el)) <= MAX_CTA_CHARS
            and not _has_prose(el)
            and not _holds_photo(el)
        ):
            yield el
    for a in root.iter("a"):
        if R.SHARE_LINK_HOSTS.search(a.get("href") or ""):
            yield _share_container(a)
    for el, text in _short_blocks(root, 40):
        if (
            R.SHARE_TEXT.match(text)
            and tag_of(el) in ("a", "span", "div", "li", "p", "h2", "h3", "h4", "strong")
            and not _in_a_sentence(el, text)
        ):
            yield el


def _in_a_sentence(el: HtmlElement, text: str) -> bool:
    """A word of running text ('follow us on <a>Facebook</a> and <a>X</a>'), not a button."""
    if tag_of(el) not in ("a", "span", "strong"):
        return False
    parent = el.getparent()
    return parent is not None and len(text_of(parent)) > 3 * len(text) + 40


def _holds_photo(el: HtmlElement) -> bool:
    """A picture that is not a link: a photo with share buttons or a lightbox around it
    ('mbArticleSharePic', 'conModal'), not a bar of linked icons or a linked banner."""
    return any(
        next(img.iterancestors("a", "button"), None) is None
        for img in el.iter("img")
        if img.get("src") or img.get("srcset")
    )


def _has_prose(el: HtmlElement) -> bool:
    """Quotations or paragraphs inside: an embedded post ('social-media-embed'), not a bar of
    buttons."""
    return any(len(text_of(q)) >= 40 for q in el.iter("blockquote", "p"))


def _share_container(a: HtmlElement) -> HtmlElement:
    """The list/bar holding a share link: grow while the parent is still short and link-heavy."""
    el = a
    parent = a.getparent()
    while parent is not None and not _is_content(parent) and tag_of(parent) != "figure":
        if parent.find(".//img") is not None or parent.find(".//picture") is not None:
            break  # a share button on a photo: the photo stays
        text = text_of(parent)
        if len(text) > MAX_CTA_CHARS or (text and link_density(parent, len(text)) < 0.5):
            break
        el = parent
        parent = parent.getparent()
    return el


def button_links(root: HtmlElement) -> Iterator[HtmlElement]:
    """A paragraph holding only a link styled as a button ('Share Small Places', 'Subscribe
    now', 'Leave a comment'): a call to action, not a sentence of the article."""
    for a in root.iter("a"):
        if not class_tokens(a) & _BUTTON:
            continue
        text = text_of(a)
        parent = a.getparent()
        if len(text) > 60:
            continue
        if parent is not None and tag_of(parent) in ("p", "div") and text_of(parent) == text:
            yield parent
        else:
            yield a


def audio_blurbs(root: HtmlElement) -> Iterator[HtmlElement]:
    """Audio players and their blurbs ('This audio is created with AI assistance')."""
    for el in _with_tokens(root, _AUDIO):
        if not _is_content(el) and len(text_of(el)) <= MAX_CARD_CHARS:
            yield el
    # A bare <audio> is embedded media (an anthem in an infobox, a podcast episode): only
    # the element goes (the sanitiser would drop it anyway), never the text around it.
    yield from root.iter("audio")
    for el, text in _short_blocks(root):
        if _says(text, R.AUDIO_TEXT, R.AUDIO_TEXT_HINTS):
            yield _grow_card(el, MAX_CTA_CHARS, keep_headings=True)


def video_leftovers(root: HtmlElement) -> Iterator[HtmlElement]:
    """A video player's label ('Watch what … / 02:12 - Source: CNN'): the video cannot come
    into the reader, its headline and running time mean nothing without it. Only labels with
    a running time: a figure's caption under a video stays."""
    for el in _with_tokens(root, _VIDEO):
        text = text_of(el)
        if not _is_content(el) and len(text) <= MAX_CTA_CHARS and R.DURATION_TEXT.search(text):
            yield el


def promo_strips(root: HtmlElement) -> Iterator[HtmlElement]:
    """Promotional strips: 'WATCH DOCUMENTARY', donate bars, site banners."""
    for el in _with_tokens(root, _PROMO):
        if not _is_content(el) and len(text_of(el)) <= MAX_CTA_CHARS:
            yield el
    for el, text in _short_blocks(root, 60):
        if (
            text.isupper()
            and R.PROMO_TEXT.match(text)
            and (tag_of(el) == "a" or el.find(".//a") is not None)
        ):
            yield _grow_card(el, 120)


def related_blocks(root: HtmlElement) -> Iterator[HtmlElement]:
    """'Related', 'More news', 'News Feed', 'Editors' Picks', 'Read next': by class tokens and
    by the heading that opens them."""
    for el in _with_tokens(root, _RELATED):
        if _is_content(el):
            continue
        text = text_of(el)
        if len(text) <= MAX_CLASS_RULE_CHARS or link_density(el, len(text)) > 0.5:
            yield el
    for heading, text in _headings(root):
        if R.RELATED_HEADING.match(text):
            if _is_counter_link(heading, text):
                yield heading  # '4 comments' beside the byline: the link goes, not its line
            else:
                yield from _section_of(heading)


def _is_counter_link(el: HtmlElement, text: str) -> bool:
    return tag_of(el) not in HEADING_TAGS and text[:1].isdigit() and link_density(el) > 0.9


def _headings(root: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """Headings, and the short styled blocks that act as widget titles ('MORE NEWS' in
    ``<div class="title">``, a bare 'You may also like...' paragraph in a CMS body)."""
    for el, text in _short_blocks(root, MAX_CARD_CHARS):
        tag = tag_of(el)
        if tag in HEADING_TAGS or (tag in ("div", "span", "p", "strong", "b") and len(text) <= 60):
            yield el, text


def _section_of(heading: HtmlElement) -> Iterator[HtmlElement]:
    """The block a 'More news' heading opens: its container when that is a small or link-heavy
    card, otherwise the heading and the link-heavy siblings that follow it."""
    container = heading.getparent()
    while container is not None and len(text_of(container)) <= len(text_of(heading)) + 1:
        heading, container = container, container.getparent()
    if container is None:
        return
    if not _is_content(container):
        text = text_of(container)
        body = len(text) - len(text_of(heading))
        small_card = len(text) <= MAX_CARD_CHARS
        if (
            body <= 0
            or small_card
            or link_density(container, len(text)) >= RELATED_MIN_LINK_DENSITY
            or _teaser_cards(container, text)
        ):
            yield container
            return
    yield heading
    for sibling in heading.itersiblings():
        if tag_of(sibling) in HEADING_TAGS:
            break
        text = text_of(sibling)
        if (
            text
            and link_density(sibling, len(text)) < RELATED_MIN_LINK_DENSITY
            and not _teaser_cards(sibling, text)
        ):
            break
        yield sibling


TEASER_MIN_CARDS = 3
TEASER_MAX_BLURB_CHARS = 400
"""Under a 'More stories' heading, a block of at least three cards, each a linked headline
with a blurb of a sentence or two, is a teaser grid even when the blurbs outweigh the links
(link density ~0.2, under ``RELATED_MIN_LINK_DENSITY``)."""


def _teaser_cards(block: HtmlElement, text: str) -> bool:
    headlines = [
        h
        for h in block.iter("h2", "h3", "h4", "h5")
        if h.find(".//a") is not None and link_density(h) > 0.9
    ]
    if len(headlines) < TEASER_MIN_CARDS:
        return False
    longest = max((len(text_of(p)) for p in block.iter("p")), default=0)
    linked_heads = sum(len(text_of(h)) for h in headlines)
    return longest <= TEASER_MAX_BLURB_CHARS and linked_heads >= 0.15 * len(text)


def comment_sections(root: HtmlElement) -> Iterator[HtmlElement]:
    """Comment threads and reply forms. Not guarded by the safety valve: a lively thread often
    holds more prose than the post it discusses, which is exactly when it must go. A block that
    contains the page's ``<article>``, ``<main>`` or ``<h1>`` is never a comment thread."""
    for el in _with_tokens(root, _COMMENTS):
        if _is_content(el) or el.find(".//article") is not None or el.find(".//main") is not None:
            continue
        if el.find(".//h1") is None:
            yield el


def ad_slots(root: HtmlElement) -> Iterator[HtmlElement]:
    for el in _with_tokens(root, _ADS):
        if not _is_content(el) and len(text_of(el)) <= MAX_CTA_CHARS:
            yield el
    for el, text in _short_blocks(root, 40):
        if R.AD_TEXT.match(text):
            yield el


def script_notices(root: HtmlElement) -> Iterator[HtmlElement]:
    """'This slideshow requires JavaScript': the fallback text of a widget that did not run."""
    for el, text in _short_blocks(root, 120):
        if R.SCRIPT_NOTICE_TEXT.search(text):
            yield el


def photo_credits(root: HtmlElement) -> Iterator[HtmlElement]:
    """Lone credit lines under images ('Photo: Hau Dinh, AP')."""
    for el, text in _short_blocks(root, 80):
        if R.PHOTO_CREDIT_TEXT.match(text):
            yield el


def inline_teasers(root: HtmlElement) -> Iterator[HtmlElement]:
    """Links to other articles set inside the body: 'SEE MORE: …', 'Related: …', 'Also: <a>…'
    and paragraphs that are nothing but a headline-styled (all capitals) link."""
    for el, text in _short_blocks(root, 200):
        has_link = tag_of(el) == "a" or el.find(".//a") is not None
        if has_link and _reads_as_teaser(el, text):
            yield el


def _reads_as_teaser(el: HtmlElement, text: str) -> bool:
    if R.INLINE_TEASER_TEXT.match(text):
        return True
    if R.ALSO_TEASER_TEXT.match(text):
        return link_density(el, len(text)) > 0.5
    return (
        tag_of(el) == "p"
        and text.isupper()
        and len(text) >= 20
        and link_density(el, len(text)) > 0.9
    )


def calls_to_action(root: HtmlElement) -> Iterator[HtmlElement]:
    """'Follow us on Instagram', 'Click here to get the app', unrendered CMS shortcodes."""
    for el, text in _short_blocks(root, 200):
        if (
            R.SOCIAL_CTA_TEXT.match(text)
            or R.SHORTCODE_TEXT.match(text)
            or R.TYPO_HINT_TEXT.search(text)
        ):
            yield el
    for el, text in _short_blocks(root, MAX_CTA_CHARS):
        if R.COMMERCE_NOTE_TEXT.search(text) and tag_of(el) in ("p", "div", "span", "em", "small"):
            yield el


def line_numbers(root: HtmlElement) -> Iterator[HtmlElement]:
    """The line-number gutter of a highlighted listing ('1 2 3 …' in ``td.linenos``): it
    would sit in the text before the code."""
    for el, tokens in _scan_of(root).tokened:
        if tokens & _LINE_NUMBERS and not any(ch.isalpha() for ch in text_of(el)):
            yield el


_LINE_NUMBERS = frozenset({"linenos", "lineno", "line-numbers", "linenodiv", "lntd", "gutter"})


def image_controls(root: HtmlElement) -> Iterator[HtmlElement]:
    """Lightbox buttons under photos ('View this image ›', 'Click to enlarge', 'hide caption'),
    also when they are a word inside the caption's own line."""
    for el, text in _short_blocks(root, 40):
        if R.IMAGE_CONTROL_TEXT.match(text):
            yield el
    for el in root.iter("b", "i", "span", "a", "button"):
        text = text_of(el)
        if text and len(text) <= 40 and R.IMAGE_CONTROL_TEXT.match(text):
            yield el


def citation_links(root: HtmlElement) -> Iterator[HtmlElement]:
    """'Google Scholar', 'PubMed' and 'CAS' links after each entry of a reference list, and a
    documentation page's '[source]' links."""
    for a in root.iter("a"):
        text = text_of(a)
        if R.CITATION_LINK_TEXT.match(text) and (
            text.startswith("[") or next(a.iterancestors("li"), None) is not None
        ):
            yield a


def gallery_counters(root: HtmlElement) -> Iterator[HtmlElement]:
    """Slide counters ('6', '1 / 5', 'Slide 3 of 10') left from image galleries."""
    for el, text in _short_blocks(root, 20):
        if (
            tag_of(el) in ("div", "span", "p", "small", "strong")
            and R.GALLERY_COUNTER_TEXT.match(text)
            and not any(tag_of(a) in _TABULAR for a in el.iterancestors())
            and not _labelled_value(el, text)
        ):
            yield el


def _labelled_value(el: HtmlElement, text: str) -> bool:
    """A number that is the value of a label beside it ('Calories: <span>268</span> kcal',
    'Servings <span>10</span>'), not a slide counter."""
    parent = el.getparent()
    if tag_of(el) not in ("span", "strong", "small") or parent is None:
        return False
    rest = text_of(parent).replace(text, "", 1)
    return any(ch.isalpha() for ch in rest)


def _is_caption(el: HtmlElement) -> bool:
    if tag_of(el) == "figcaption" or class_tokens(el) & _CAPTION:
        return True
    return any(tag_of(a) == "figure" for a in el.iterancestors())


def _in_running_text(el: HtmlElement) -> bool:
    """Code, and a span that is only part of its line, repeat on purpose: the same SQL
    identifier or output row in every listing, the same 'Retrieved 7 January 2011' in a
    list of references. Only a caption, or a span that is its block's whole text, is a
    widget's copy. Measured: RT text F1 +0.0011 (access dates of references, repeated rows
    and identifiers of code listings back), SH unchanged."""
    if any(tag_of(a) in ("pre", "code") for a in el.iterancestors()):
        return True
    if tag_of(el) != "span" or _is_caption(el):
        return False
    parent = el.getparent()
    return parent is not None and text_of(parent) != text_of(el)


def duplicate_blocks(root: HtmlElement) -> Iterator[HtmlElement]:
    """A caption or widget line whose text already appeared (slideshows repeat each caption per
    slide): the reader needs it once. Paragraphs are left alone unless they are captions: poems
    and songs repeat on purpose."""
    seen: dict[str, HtmlElement] = {}
    for el in root.iter("figcaption", "p", "div", "span"):
        if tag_of(el) == "p" and _repeats_previous(el):
            yield el  # the same line twice in a row is a widget's (one title per slide)
            continue
        if has_block_children(el) or (tag_of(el) == "p" and not _is_caption(el)):
            continue
        if _in_running_text(el):
            continue
        text = text_of(el)
        if len(text) < 20:
            continue
        # Keyed on the opening words: galleries pair a full caption with a truncated copy.
        first = seen.setdefault(text[:DUPLICATE_KEY_CHARS], el)
        if first is not el and first not in el.iterancestors() and el not in first.iterancestors():
            yield el


def _repeats_previous(p: HtmlElement) -> bool:
    previous = p.getprevious()
    if previous is None or tag_of(previous) != "p":
        return False
    text = text_of(p)
    return len(text) >= 20 and text == text_of(previous)


def meta_lines(root: HtmlElement) -> Iterator[HtmlElement]:
    """Byline, date, '2 min read' and tag strips inside the body (the reader header shows
    them once). Only in the body pass: before scoring they help find the article."""
    for el in _with_tokens(root, _META):
        if not _is_content(el) and len(text_of(el)) <= 200 and not _attributes_a_quote(el):
            yield el
    for el, text in _short_blocks(root, 100):
        if (
            R.READING_TIME_TEXT.match(text)
            or (R.BYLINE_LINE_TEXT.match(text) and tag_of(el) not in HEADING_TAGS)
            or R.META_LABEL_TEXT.match(text)
        ):
            yield el
    for el, text in _short_blocks(root, 200):
        if R.COPYRIGHT_TEXT.match(text):
            yield el
    for el in _with_tokens(root, _AUTHOR_BIO):
        if not _is_content(el) and len(text_of(el)) <= MAX_CARD_CHARS:
            yield el


def _attributes_a_quote(el: HtmlElement) -> bool:
    """'— Dr. Hannah Okafor, seagrass ecologist' under a quotation ('blockquote__byline'): who
    said it belongs with what was said."""
    if next(el.iterancestors("blockquote"), None) is not None:
        return True
    parent = el.getparent()
    return parent is not None and parent.find("blockquote") is not None


def asides(root: HtmlElement) -> Iterator[HtmlElement]:
    """``<aside>`` inside the article body: an inset of teasers ('… Read more'), an offer box
    or a fact box beside the text. Readability.js drops every aside in the article it chose
    (``_clean(articleContent, "aside")``); a pull quote — bare text, no link, heading or
    image — stays, because human article bodies (the ScrapingHub set) keep it. Measured: RT
    text F1 +0.0003 (two lifehacker pages' teaser insets, topicseed's offer), SH unchanged."""
    for el in root.iter("aside"):
        if el is not root and not _is_pull_quote(el):
            yield el


def _is_pull_quote(el: HtmlElement) -> bool:
    return next(el.iter("a", "img", "picture", "header", *HEADING_TAGS), None) is None


def empty_blocks(root: HtmlElement) -> Iterator[HtmlElement]:
    """Blocks with neither text nor media left after the other rules. (Not ``<span>``: an
    inline element holding only a space, even an ideographic one, separates two words.)"""
    for el in root.iter("div", "section", "p", "li", "ul", "ol", "aside", "figure"):
        if (
            not el.text_content().strip()
            and el.find(".//br") is None
            and el.find(".//img") is None
            and el.find(".//video") is None
            and el.find(".//picture") is None
            and el.find(".//table") is None
        ):
            yield el


PAGE_RULES: tuple[Rule, ...] = (
    Rule("non_content", non_content, guarded=False, recorded=False),
    Rule("hidden_nodes", hidden_nodes),
    Rule("dialogs", dialogs),
    Rule("ancillary_notes", ancillary_notes),
    Rule("skip_links", skip_links, guarded=False),
    Rule("admin_links", admin_links),
    Rule("newsletter_forms", newsletter_forms),
    Rule("newsletter_text", newsletter_text),
    Rule("cookie_banners", cookie_banners),
    Rule("paywalls", paywalls),
    Rule("share_bars", share_bars),
    Rule("button_links", button_links),
    Rule("audio_blurbs", audio_blurbs),
    Rule("video_leftovers", video_leftovers),
    Rule("promo_strips", promo_strips),
    Rule("related_blocks", related_blocks),
    Rule("comment_sections", comment_sections, guarded=False),
    Rule("ad_slots", ad_slots),
    Rule("script_notices", script_notices),
    Rule("page_chrome", page_chrome),
    Rule("form_controls", form_controls),
)
"""Order matters only for the listing: the earliest rule that names a node gets the credit."""

BODY_RULES: tuple[Rule, ...] = (
    *(r for r in PAGE_RULES if r.name not in ("non_content", "page_chrome")),
    Rule("meta_lines", meta_lines),
    Rule("photo_credits", photo_credits),
    Rule("inline_teasers", inline_teasers),
    Rule("calls_to_action", calls_to_action),
    Rule("gallery_counters", gallery_counters),
    Rule("image_controls", image_controls),
    Rule("citation_links", citation_links),
    Rule("line_numbers", line_numbers),
    Rule("duplicate_blocks", duplicate_blocks),
    Rule("asides", asides),
    Rule("empty_blocks", empty_blocks, guarded=False, recorded=False),
)


# -- the runner ----------------------------------------------------------------------------------


def _box_prose(root: HtmlElement) -> int:
    """``paragraph_mass`` without the lines a sign-up box says about itself ('Every weekday in
    your inbox', 'By signing up you agree to our privacy notice'): they are the card's."""
    mass = paragraph_mass(root)
    for p in root.iter("p"):
        text = text_of(p)
        if len(text) >= MIN_PARAGRAPH_CHARS and _says(
            text, R.NEWSLETTER_TEXT, R.NEWSLETTER_TEXT_HINTS
        ):
            mass -= len(text)
    return mass


def paragraph_mass(root: HtmlElement) -> int:
    """Characters of article-like paragraphs under ``root``: what the safety valve protects."""
    total = 0
    for p in root.iter("p", "pre", "li"):
        n = len(normalize_space(p.text_content()))
        if n >= MIN_PARAGRAPH_CHARS and tag_of(p) == "li":
            # Menus are lists of long link texts: only a list item's own words count.
            n -= sum(len(normalize_space(a.text_content())) for a in p.iter("a"))
        if n >= MIN_PARAGRAPH_CHARS:
            total += n
    return total


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


def densest_block(root: HtmlElement) -> HtmlElement | None:
    """The element whose own paragraphs hold the most text: the article body, almost always."""
    mass: dict[HtmlElement, int] = {}
    for p in root.iter("p", "pre"):
        n = len(normalize_space(p.text_content()))
        parent = p.getparent()
        if n >= MIN_PARAGRAPH_CHARS and parent is not None:
            mass[parent] = mass.get(parent, 0) + n
    return max(mass, key=mass.__getitem__) if mass else None


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


STORY_TITLE_OVERLAP = 0.75
"""How much of the page's title an ``<article>``'s ``<h1>`` must share (words, Jaccard) to be
the story the page is about."""


def drop_other_stories(root: HtmlElement, title: str | None) -> list[Removal]:
    """Infinite scroll appends the next story ('Up next') as another ``<article>`` with its own
    ``<h1>``; when exactly one of those headlines is the page's title, the others go — whichever
    is longer, the page is about that one."""
    if not title:
        return []
    headed = [a for a in root.iter("article") if a.find(".//h1") is not None]
    inner = set(headed)
    stories = [a for a in headed if not any(up in inner for up in a.iterancestors())]
    if len(stories) < 2:
        return []
    current = [
        a for a in stories if _overlap(text_of(a.find(".//h1")), title) >= STORY_TITLE_OVERLAP
    ]
    if len(current) != 1:
        return []
    removals = []
    for story in stories:
        if story is not current[0]:
            removals.append(_removal("declutter", "other_stories", story))
            story.drop_tree()  # lxml keeps its tail text in place
    return removals


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


_WORD = re.compile(r"\w+")


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


__all__ = [
    "BODY_RULES",
    "PAGE_RULES",
    "Rule",
    "declutter",
    "densest_block",
    "drop_other_stories",
    "paragraph_mass",
]
