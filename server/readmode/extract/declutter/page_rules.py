"""The rules of the page pass (stage 2, before scoring), and ``PAGE_RULES`` in the order they
run.

The body pass (stage 4) runs them again inside the chosen body, all but ``non_content`` and
``page_chrome``, followed by the rules of :mod:`.body_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from readmode.extract import rules as R
from readmode.extract.declutter.prose import paragraph_mass
from readmode.extract.declutter.runner import Rule
from readmode.extract.declutter.scan import (
    CARD_MAX_OUTSIDE_PROSE,
    MAX_CARD_CHARS,
    MAX_CTA_CHARS,
    _grow_card,
    _is_content,
    _says,
    _scan_of,
    _short_blocks,
    _with_tokens,
)
from readmode.extract.dom import (
    HEADING_TAGS,
    class_tokens,
    link_density,
    tag_of,
    text_of,
    token_set,
)

# Tunables --------------------------------------------------------------------------------------
ARTICLE_IN_DIALOG_CHARS = 600
"""Sign-up and consent dialogs carry one or two sentences; a dialog with this much paragraph
text is an article viewer."""

MAX_CLASS_RULE_CHARS = 2500
"""Class-token rules (share, related, promo) leave larger blocks to the scorer: a long block with
a 'related' class is more often a layout wrapper than a rail of links."""

RELATED_MIN_LINK_DENSITY = 0.35
"""A 'More news' section is mostly links; an article section called 'Related work' is not."""


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
_FEEDBACK = token_set(R.FEEDBACK_TOKENS)
_ADMIN = token_set(R.ADMIN_TOKENS)
_SKIP = token_set(R.SKIP_TOKENS)
_BUTTON = token_set(R.BUTTON_TOKENS)


def non_content(root: HtmlElement) -> Iterator[HtmlElement]:
    """Scripts, styles, templates, embedded widgets: never part of the reader view. (Microdata
    ``<meta itemprop>`` in the body stays for the byline fallback; it shows nothing and the
    sanitiser drops it.)"""
    yield from root.iter("script", "style", "template", "link", "iframe", "object",
                         "embed", "svg", "canvas", "map", "noembed", "frameset", "frame",
                         "applet")  # fmt: skip
    for meta in root.iter("meta"):
        if meta.get("itemprop") is None:
            yield meta


def form_controls(root: HtmlElement) -> Iterator[HtmlElement]:
    """Buttons and fields left after the form rules: a reader view has nothing to submit. A
    button inside a data table's cell is the cell's value made clickable (a browser-support
    table's 'Chrome 103'): it stays."""
    for el in root.iter("button", "select", "textarea", "input", "form"):
        if tag_of(el) == "button" and next(el.iterancestors(*_BUTTON_KEEPERS), None) is not None:
            continue  # (the sanitiser unwraps it: its words stay)
        yield el
    for label in root.iter("label"):
        if not any(ch.isalnum() for ch in text_of(label)):
            yield label  # a toggle's symbol ('⊕' opening a Tufte sidenote): no words to read


_BUTTON_KEEPERS = ("td", "th", *HEADING_TAGS, "dt")
"""Where a button is text: a table cell's value ('Chrome 103' in a compatibility table), an
accordion's question (WAI-ARIA's pattern puts the trigger button inside a heading)."""


def hidden_nodes(root: HtmlElement) -> Iterator[HtmlElement]:
    """``hidden``, ``aria-hidden="true"``, inline ``display:none``/``visibility:hidden``,
    screen-reader-only text. (Collapsed accordion panels were opened before this runs:
    :func:`~.accordions.open_accordions`.)"""
    for el in _scan_of(root).flagged:
        if el.get("hidden") is not None or (
            (style := el.get("style")) and R.INLINE_HIDDEN_STYLE.search(style)
        ):
            if tag_of(el) not in ("html", "body"):
                yield el
            continue
        if el.get("aria-hidden") == "true":
            if tag_of(el) not in ("html", "body") and not _seen_though_aria_hidden(el):
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
        if tag_of(el) in ("img", "picture", "figure"):
            continue  # the photo itself, classed as what opens it ('zh-lightbox-thumb')
        if tag_of(el) == "a" and el.find(".//img") is not None:
            continue  # a photo that opens in a lightbox ('js-gallery-lightbox-opener')
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
    F1 +0.0002 (four encyclopedia pages), SH unchanged (no page uses the role). A hatnote points
    somewhere; a note without a link is the author's callout (Notion writes its callouts so)."""
    for el in _scan_of(root).flagged:
        if (
            el.get("role") == "note"
            and len(text_of(el)) <= MAX_CTA_CHARS
            and el.find(".//a[@href]") is not None
        ):
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
            in_cell = next(el.iterancestors("td", "th"), None) is not None
            if (in_cell or tag_of(el) in ("td", "th")) and _REQUIRED_WORD.match(text):
                continue  # a status in a table's cell ('REQUIRED' in a checklist), not a form's
            # A heading in those words is the box's title: the box goes with it.
            yield _grow_card(el) if _is_title(el) else el


_REQUIRED_WORD = re.compile(r"^\s*required\s*$", re.I)


_TITLE = frozenset({"title", "heading", "headline", "hed"})


def _is_title(el: HtmlElement) -> bool:
    return tag_of(el) in HEADING_TAGS or bool(class_tokens(el) & _TITLE)


def cookie_banners(root: HtmlElement) -> Iterator[HtmlElement]:
    for el in _with_tokens(root, _COOKIE):
        if not _is_content(el) and len(text_of(el)) <= MAX_CARD_CHARS * 2:
            yield el
    for el, text in _short_blocks(root, MAX_CARD_CHARS):
        if _says(text, R.COOKIE_TEXT, R.COOKIE_TEXT_HINTS):
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
        if _says(text, R.PAYWALL_TEXT, R.PAYWALL_TEXT_HINTS):
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
            and not _holds_photo(el)  # 'Share on Pinterest' laid over a photo: the photo stays
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
        if _is_content(el):
            continue
        if len(text) <= MAX_CTA_CHARS and (
            R.DURATION_TEXT.search(text) or R.VIDEO_STATUS_TEXT.match(text)
        ):
            yield el
        elif "playlist" in class_tokens(el) and len(text) <= MAX_CARD_CHARS:
            yield el  # a video playlist: the titles of other videos, none of which can play


def promo_strips(root: HtmlElement) -> Iterator[HtmlElement]:
    """Promotional strips: 'WATCH DOCUMENTARY', donate bars, site banners; feedback widgets."""
    for el in _with_tokens(root, _PROMO):
        if not _is_content(el) and len(text_of(el)) <= MAX_CTA_CHARS:
            yield el
    for el in _with_tokens(root, _FEEDBACK):
        if not _is_content(el) and len(text_of(el)) <= MAX_CARD_CHARS:
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
    # The article's own header is never the section ('Why you can trust SCMP' beside the h1).
    holds_h1 = next(container.iter("h1"), None) is not None
    if not _is_content(container) and not holds_h1:
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
        if tag_of(sibling) in HEADING_TAGS or next(sibling.iter("h1"), None) is not None:
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
    for el, text in _short_blocks(root, 60):
        if R.AD_TEXT.match(text):
            yield el


PAGER_MIN_LINK_DENSITY = 0.6
"""A pager or breadcrumb line is mostly links; a sentence that mentions 'the next chapter' is
not."""


_TWO_TRAIL_MARKS = re.compile(r" [>»›/] .* [>»›/] ")


def pagers(root: HtmlElement) -> Iterator[HtmlElement]:
    """Links to the previous and next posts and breadcrumb trails written as plain text (old
    templates and mail archives name neither with a class)."""
    for el, text in _short_blocks(root, MAX_CTA_CHARS):
        if _says(text, R.PAGER_TEXT, R.PAGER_TEXT_HINTS):
            if link_density(el, len(text)) >= PAGER_MIN_LINK_DENSITY:
                yield el
        elif (
            _TWO_TRAIL_MARKS.search(text)
            and R.BREADCRUMB_TEXT.match(text)
            and len(el.findall(".//a")) >= 2
            and link_density(el, len(text)) >= 0.3
        ):
            yield el  # the trail's last step, the page itself, is not a link


def script_notices(root: HtmlElement) -> Iterator[HtmlElement]:
    """'This slideshow requires JavaScript': the fallback text of a widget that did not run."""
    for el, text in _short_blocks(root, 120):
        if _says(text, R.SCRIPT_NOTICE_TEXT, R.SCRIPT_NOTICE_TEXT_HINTS):
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
    Rule("pagers", pagers),
    Rule("page_chrome", page_chrome),
    Rule("form_controls", form_controls),
)
"""Order matters only for the listing: the earliest rule that names a node gets the credit."""
