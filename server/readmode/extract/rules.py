"""Clutter vocabularies: the data the declutter rules match against.

Everything a rule *recognises* lives here, as named token tuples and compiled patterns, so the
rules themselves (:mod:`readmode.extract.declutter`) stay small functions and a new site's
vocabulary is a one-line change. Tokens are matched against an element's ``class`` and ``id``
split into lower-case words (``newsletter-signup__form`` → ``newsletter``, ``signup``, ``form``),
so a short token like ``ad`` never matches inside ``head`` or ``shadow``.
"""

from __future__ import annotations

import re

# -- class/id tokens ----------------------------------------------------------------------------

HIDDEN_TOKENS = (
    "hidden",
    "visually-hidden",
    "sr-only",
    "screen-reader-text",
    "d-none",
    "hide",
    "off-screen",
    "offscreen",
)
"""``screen-reader-text`` and friends hold text for screen readers only ("Posted on", "Share on
Facebook (opens in new window)", 'Image caption' in ``off-screen``); sighted readers never see
it, so the reader view drops it. Matched as whole class names ('hidden-xs' is visible on a
desktop), except :data:`SCREEN_READER_TOKENS`."""

RESPONSIVE_SHOW_CLASS = re.compile(
    r"^(d-(sm|md|lg|xl|xxl)-(block|flex|inline|inline-block|grid|table)"
    r"|(sm|md|lg|xl|2xl):(block|flex|inline|inline-block|grid|table))$"
)
"""'d-none d-lg-block' (Bootstrap), 'hidden md:block' (Tailwind): hidden on phones only, shown
on a desktop, where the page was read."""

SCREEN_READER_TOKENS = (
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
    "screen-reader-only",
    "off-screen",
    "offscreen",
)
"""Names that only ever mean 'for screen readers': also matched inside generated class names
('ssrcss-1ly73wi-VisuallyHidden', 'screen-reader-only__sr-only__3RGGJ')."""

ARIA_HIDDEN_VISIBLE_TAGS = ("img", "picture", "figcaption", "math")
"""``aria-hidden`` hides from screen readers, not from the eye. On a collapsed menu or a closed
modal it goes with CSS that hides the block too, so such blocks go; but a formula's image
(its MathML twin is the screen-reader copy), a caption or a photo marked so is what sighted
readers see (Readability.js keeps formula images too, by their class). Other text marked so
still goes, as in Readability.js: it is a visual duplicate of a screen-reader copy."""

DIALOG_TOKENS = (
    "modal",
    "popup",
    "pop-up",
    "lightbox",
    "overlay",
    "interstitial",
    "dialog",
    "tooltip",
    "popover",
    "hovercard",
    "hover-card",
    "rollover",
    "toast",
    "snackbar",
)
"""Overlays, hover cards that a link opens (a person's photo and their latest headlines), and
the notices a button pops up ('Thanks for the toast!', 'Link copied')."""

NEWSLETTER_TOKENS = (
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "subscribe-form",
    "signup",
    "sign-up",
    "optin",
    "opt-in",
    "email-capture",
    "email-signup",
    "mailing-list",
    "mailchimp",
    "mc_embed_signup",
    "mc-field-group",
    "mc4wp",
    "formkit",
    "convertkit",
    "ck_form",
    "hs-form",
    "hbspt",
    "hubspot",
    "subscription-widget",
    "substack",
    "klaviyo",
    "sendinblue",
    "brevo",
    "beehiiv",
    "revue",
    "buttondown",
)

COOKIE_TOKENS = (
    "cookie",
    "cmplz",
    "cookies",
    "cookie-banner",
    "cookie-notice",
    "cookie-consent",
    "consent",
    "gdpr",
    "ccpa",
    "onetrust",
    "cookiebot",
    "cmpbox",  # consentmanager.net; a bare 'cmp' is Adobe's component prefix ('cmp-text')
    "cmpwrapper",
    "cmp-container",
    "truste",
    "qc-cmp2",
    "cc-banner",
    "cc-window",
)

PAYWALL_TOKENS = (
    "paywall",
    "upsell",
    "membership",
    "contribution-box",
    "contributions-box",
    "member-cta",
    "regwall",
    "piano",
    "tp-modal",
    "tp-container",
    "meter",
    "metered",
    "subscriber-promo",
    "premium-banner",
    "subscribe-banner",
    "subscription-promo",
    "registration-wall",
    "offer",
)

SHARE_TOKENS = (
    "share",
    "shares",
    "sharing",
    "share-bar",
    "share-buttons",
    "social",
    "social-share",
    "social-links",
    "socials",
    "sharedaddy",
    "addthis",
    "sharethis",
    "a2a",
    "addtoany",
    "shariff",
    "jp-relatedposts",
    "follow-us",
)

RELATED_TOKENS = (
    "related",
    "bookmark-card",
    "related-posts",
    "related-articles",
    "related-stories",
    "relatedposts",
    "more-news",
    "more-stories",
    "morenews",
    "read-next",
    "readnext",
    "up-next",
    "recommended",
    "recommendations",
    "recirc",
    "recirculation",
    "outbrain",
    "taboola",
    "editors-picks",
    "editors-choice",
    "most-read",
    "most-popular",
    "mostread",
    "popular",
    "trending",
    "news-feed",
    "newsfeed",
    "also-read",
    "see-also",
    "you-may-like",
    "post-navigation",
    "nav-links",
    "next-post",
    "prev-post",
    "article-teaser",
    "teaser",
    "teasers",
    "card-list",
)

COMMENT_TOKENS = (
    "comments",
    "comment-list",
    "commentlist",
    "comment-respond",
    "comments-area",
    "comment-form",
    "respond",
    "disqus",
    "disqus_thread",
    "coral",
    "talk-stream",
    "webmentions",
    "webmention",
    "talkbacks",
    "talkback",
    "testimonials",  # readers' stories under a how-to ('Reader Success Stories')
    "reader-success",
)

AD_TOKENS = (
    "ad",
    "billboard",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "ad-slot",
    "ad-container",
    "ad-wrapper",
    "adsbygoogle",
    "adunit",
    "ad-unit",
    "dfp",
    "gpt-ad",
    "sponsored",
    "sponsor",
    "promoted",
    "native-ad",
    "banner-ad",
)

PROMO_TOKENS = (
    "promo", "promo-strip", "promotion", "cta", "call-to-action", "donate", "donation", "banner",
    "product-card", "affiliate-disclaimer", "affiliate-disclosure", "poll", "referral",
    "announcement-bar",
)  # fmt: skip

VIDEO_TOKENS = (
    "video",
    "video-resource",
    "video-player",
    "video-embed",
    "video-card",
    "inline-video",
    "jwplayer",
    "jw-player",
    "brightcove-player",
    "vjs-player",
    "media-player",
)
"""Video players. The reader view has no players (the sanitiser drops them): what they leave
behind is their headline, running time and source line."""

DURATION_TEXT = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
"""A running time ('02:12', '1:04:30'): the mark of a player's label, not of a caption."""

AUDIO_TOKENS = (
    "audio-player",
    "article-audio",
    "listen",
    "listen-button",
    "tts",
    "text-to-speech",
    "speechify-player",
    "speechify-embed",
    "speechify-widget",
    "beyondwords",
    "trinity-audio",
    "ai-audio",
    "podcast-player",
)

ADMIN_TOKENS = ("post-edit-link", "edit-link", "admin-bar", "wpadminbar", "edit-post")

SKIP_TOKENS = ("skip-link", "skip-to-content", "skip-links", "skiplink", "skip")

BYLINE_TOKENS = (
    "byline", "author", "dateline", "writtenby", "p-author", "author-name", "creator-name",
    "submitted",
)  # fmt: skip
"""Where a page names its author (Readability.js's byline pattern): read for the byline, before
the body's copy goes (see META_LINE_TOKENS)."""

META_LINE_TOKENS = (
    "byline",
    "dateline",
    "reading-time",
    "read-time",
    "readtime",
    "post-meta",
    "entry-meta",
    "article-meta",
    "meta",
    "metas",
    "pub-date",
    "timestamp",
    "posted-on",
    "author-info",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "tag-list",
    "article-tag",
    "post-tag",
    "primary-tag",
    "post-tags",
    "entry-tags",
    "categories",
    "cat-links",
    "tags-links",
)
"""Metadata strips inside the article body (byline, date, "2 min read", tag lists). The reader
view prints byline and date in its own header, so the body copy would be a duplicate."""

BUTTON_TOKENS = ("button", "btn", "cta", "button-primary", "btn-primary")
"""A link styled as a button ('Buy Now', 'Sign In'): an action, not text to read."""

CAPTION_TOKENS = ("caption", "wp-caption-text", "image-caption", "photo-caption", "credit")
"""Captions and photo credits: they belong to a picture, not to the running text."""

AUTHOR_BIO_TOKENS = (
    "author-bio",
    "about-author",
    "about-the-author",
    "author-box",
    "author-card",
    "author-description",
    "author-details",
    "authorbox",
    "post-author",
    "entry-author",
    "contributor-bio",
    "bio-box",
)
"""The 'About the author' box after an article: about the writer, not part of the piece."""

AUTHOR_BIO_HEADING_TEXT = re.compile(
    r"^\s*(about\s+the\s+(author|writer|reporter|contributor)s?"
    r"|über\s+(den|die)\s+autor(in|en|innen)?|à\s+propos\s+de\s+l['’]auteur(e)?"
    r"|sobre\s+(el|la|o|a)\s+autora?|over\s+de\s+auteur|informazioni\s+sull['’]autore)\s*:?\s*$",
    re.I,
)
"""The heading of an author box whose classes say nothing ('About the Author')."""

_NAME_CHAR = r"(?:[^.!?]|(?:(?<=\b(?-i:[A-Z]))|(?<=\b(?:Dr|Mr|Ms|Jr|St))|(?<=\bMrs)|(?<=\bProf))\.)"
"""A character of a name: no sentence end, but initials and titles ('Hansa D. Bhargava')."""
BYLINE_LINE_TEXT = re.compile(
    r"^\s*(by|written\s+by|words\s+by|(medically\s+)?reviewed\s+by|fact[\s-]?checked\s+by"
    rf"|von|par|por)\s+(?!(?:the|a|an|der|die|das|le|la|les|el|los|las)\s)[^\s.!?]{_NAME_CHAR}{{1,60}}?"
    r"(\s*[-–—|,·•]\s*[^.!?]{0,40})?\s*$",
    re.I,
)
"""A byline left in the body ('By FEDERICA LUSIARDI - 2019-04-10', 'Reviewed by Hansa D.
Bhargava, MD'): the header shows it. (Medical-review lines and initials: RT text F1 +0.0001,
SH unchanged.)"""

COPYRIGHT_TEXT = re.compile(
    r"^\s*(copyright\b|©|\(c\)\s|\S{0,8}声明[:：]\s*此(消息|文)系转载|转载请注明|(免责|版权)声明[:：])",
    re.I,
)
"""A copyright or licence line closing the page, not the article."""

NAV_ROLES = ("navigation", "banner", "contentinfo", "search", "menubar", "menu", "toolbar")
DIALOG_ROLES = ("dialog", "alertdialog")

# Tokens that mark the article itself: never remove an element carrying one of them by class
# tokens alone (a site may call its body "post-content newsletter-issue").
CONTENT_TOKENS = (
    "article-body",
    "articlebody",
    "article-content",
    "post-content",
    "post-body",
    "entry-content",
    "story-body",
    "story-content",
    "content-body",
    "main-content",
    "article__body",
    "rich-text",
    "prose",
)

POSITIVE_HINTS = (
    "article-body",
    "articleBody",
    "article-content",
    "article__body",
    "post-content",
    "post-body",
    "entry-content",
    "story-body",
    "story-content",
    "body-text",
    "main-content",
)
"""Fed to readability-lxml as ``positive_keywords`` (+25 to an element's class weight)."""

NEGATIVE_HINTS = (
    "newsletter",
    "subscribe",
    "signup",
    "share",
    "social",
    "related",
    "recommend",
    "promo",
    "teaser",
    "byline",
    "author-bio",
    "breadcrumb",
    "caption-credit",
)
"""Fed to readability-lxml as ``negative_keywords`` (-25): what survived decluttering because
its text was long, but still should not win the article contest."""

# -- text patterns -------------------------------------------------------------------------------

SKIP_LINK_TEXT = re.compile(
    r"^\s*(skip|jump)\s+(to|navigation|past|over)\b.{0,40}$|^\s*(перейти к содержимому)\s*$"
    r"|^\s*skip\s+(ad|advertisement)\s*$|^\s*(back|return)\s+to\s+(the\s+)?top\b.{0,10}$",
    re.I,
)

ADMIN_TEXT = re.compile(
    r"^\s*(edit( this)?( post| page| article| entry| source)?|log ?in to edit)\s*$", re.I
)

NEWSLETTER_TEXT = re.compile(
    r"""
    \bindicates\s+required\b
    | ^\s*\*?\s*required\s*(field)?\s*$
    | \benter\s+(your|a|correct|valid)\s+(e-?mail|email\s+address)\b
    | \bplease,?\s+enter\s+(a\s+)?(correct|valid)\s+e-?mail
    | \b(successful+y|successfully)\s+subscribed\b
    | \bthank\s+you\s+for\s+(signing\s+up|subscribing)\b
    | \bthanks\s+for\s+(signing\s+up|subscribing)\b
    | \bsent\s+you\s+(a|an)\s+confirmation\s+e-?mail\b
    # the footer of a newsletter issue read on the web
    | \b(if\s+)?(someone|somebody|a\s+friend)\s+forwarded\s+(you\s+)?this\b
    | \byou('re|\s+are)\s+receiving\s+this\b
    | \bforward\s+this\s+(e-?mail\s+|newsletter\s+|issue\s+)?to\s+(a|one|your)\s+friends?\b
    | ^\s*unsubscribe\b[^.!?]{0,60}$
    | \b(sign\s*up|subscribe)\s+(to|for)\s+(our|the|my)\b.{0,60}
      \b(newsletter|emails?|updates|digest|briefing)\b
    | ^\s*(sign\s*up|subscribe)(\s+now|\s+today|\s+for\s+free)?\s*[.!]?\s*$
    | \bget\s+(our|the)\s+.{0,40}\bnewsletter\b
    | \bdelivered\s+(straight\s+)?to\s+your\s+inbox\b
    | \bunsubscribe\s+at\s+any\s+time\b
    | \bby\s+(signing\s+up|subscribing|clicking\s+subscribe),?\s+you\s+(agree|accept)
    | \bnewsletter\s+sign[\s-]?up\b
    | \bjoin\s+(our|the)\s+(mailing\s+list|newsletter)\b
    | (^|[.?!:]\s+)(subscribe|sign\s*up)\s+(to|for|now|today)\b
    | \bsubscribe\s+(to|for)\s+.{0,60}\b(magazine|newsletter|podcast|channel|print\s+edition)\b
    | \bprivacy\s+notice\s*:|\bnewsletters?\s+may\s+contain\b|\bprotected\s+by\s+recaptcha\b
    | \bwe\s+use\s+google\s+recaptcha\b
    | ^\s*newsletters?\s*([«"“:]|$)
    # the same box in the languages most read on the web
    | \bnewsletter\s+(abonnieren|bestellen)\b|\bin\s+ihr(em)?\s+postfach\b
    | \bmit\s+der\s+anmeldung\s+stimmen\s+sie\b
    | \bdans\s+votre\s+bo[îi]te\s+(mail|aux\s+lettres|de\s+r[ée]ception)\b
    | \b(inscrivez[\s-]vous|abonnez[\s-]vous)\s+[àa]\s+(la|notre|nos)\s+newsletters?\b
    | \ben\s+tu\s+(bandeja\s+de\s+entrada|correo)\b|\bsuscr[íi]bete\s+a\s+(la|nuestra)\b
    | \bnella\s+tua\s+casella\b|\biscriviti\s+alla\s+newsletter\b
    | सब्सक्राइब\s+कर
    """,
    re.I | re.X,
)
"""Newsletter boxes' own words: the labels, the required-field legend, and the success/error
messages that sit hidden next to the form. Matched against short blocks only (see
``declutter.scan.MAX_CTA_CHARS``), so an article that *discusses* a newsletter keeps its
paragraphs."""

NEWSLETTER_TEXT_HINTS = (
    "required", "mail", "subscri", "thank", "sign", "newsletter", "inbox", "privacy", "recaptcha",
    "forward", "receiving",
    "postfach", "anmeldung", "boîte", "boite", "correo", "bandeja", "suscr", "casella",
    "सब्सक्राइब",
)  # fmt: skip
"""Every alternative of :data:`NEWSLETTER_TEXT` contains one of these (lower case): a cheap
test that spares the regex most of a page's short blocks (it was a tenth of the time per
page). ``tests/test_extract_rules.py`` checks the promise on sample texts."""

COOKIE_TEXT = re.compile(
    r"\b(we|this (web)?site) uses? cookies\b|\baccept (all )?cookies\b"
    r"|\bcookie (policy|settings|preferences)\b",
    re.I,
)

PAYWALL_TEXT = re.compile(
    r"""
    \b(subscribe|log\s*in|sign\s*in)\s+to\s+(continue|keep)\s+reading\b
    | \balready\s+(a\s+)?(subscriber|member)\b
    | \byou('ve| have)\s+(reached|read)\s+(your|all)\b.{0,30}\b(free|limit)\b
    | \bthis\s+(article|story|content)\s+is\s+(for|available\s+to)\s+(subscribers|members)\b
    | \bbecome\s+a\s+(member|subscriber)\b
    | \bsupport\s+(our|independent)\s+journalism\b
    | \bhelp\s+(us\s+)?keep\s+(our\s+)?(stories|journalism|reporting|articles)\s+free\b
    | \byour\s+contribution\s+of\s+as\s+little\s+as\b
    | \b(requires?|needs?)\s+a\s+(paid\s+|premium\s+)?subscription\s+to\s+(read|continue|access)\b
    | \bsua\s+assinatura\b|\bassine\s+(a|o|j[áa])\b|\babonnez[\s-]vous\b|\bjetzt\s+abonnieren\b
    | \bsuscr[íi]bete\s+(ya|ahora)\b|\babbonati\s+(ora|subito)\b
    """,
    re.I | re.X,
)

PAYWALL_LABEL_TEXT = re.compile(
    r"""^\s*(article\s+)?(
      r[ée]serv[ée]e?\s+aux\s+abonn[ée]s | exclusivo\s+para\s+suscriptores
      | nur\s+f[üu]r\s+abonnenten | riservato\s+agli\s+abbonati | exclusivo\s+para\s+assinantes
      | for\s+subscribers(\s+only)? | subscribers?[\s-]only(\s+(content|article|story))?
      | [\w.&-]{2,30}\s+subscriber
    )\s*$""",
    re.I | re.X,
)
"""A 'subscribers only' badge beside the headline: the label goes, not the header it is in
(the page came from the reader's browser, so the article behind it is there)."""

AUDIO_TEXT = re.compile(
    r"""
    \bthis\s+audio\s+is\s+(created|generated|produced)\s+with\s+ai\b
    | \baudio\s+(is\s+)?(created|generated)\s+(with|by|using)\s+(ai|artificial\s+intelligence)\b
    | ^\s*listen\s+to\s+(this|the)\s+(article|story)\b.{0,40}$
    | ^\s*(play|listen)\s*(now)?\s*\d*:?\d*\s*(min)?\s*$
    | \bvoiced\s+by\s+(ai|artificial)\b
    """,
    re.I | re.X,
)

AUDIO_TEXT_HINTS = ("audio", "listen", "play", "voiced")
"""Every alternative of :data:`AUDIO_TEXT` contains one of these (lower case), like
:data:`NEWSLETTER_TEXT_HINTS`."""

PROMO_TEXT = re.compile(
    r"^\s*(watch|listen|download|get|try|join|donate|support us|subscribe|follow us|shop)\b"
    r"[^.!?]{0,50}$",
    re.I,
)
"""A short call-to-action strip ("WATCH DOCUMENTARY"): only when the block is a link or button
and written in capitals, see ``declutter.page_rules.promo_strips``."""

SHARE_TEXT = re.compile(
    r"^\s*(share|share this( (article|story|post|page))?|share on \w+|tweet|email|print|copy link|"
    r"facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest)\s*:?\s*$",
    re.I,
)

AD_TEXT = re.compile(
    r"^[\s\-–—•·*\[(]*(advertisement|advertising|advert|sponsored(\s+(content|links?))?|ad|promoted"
    r"|paid\s+(content|post)"
    r"|anzeige|publicité|publicidad|pubblicità|реклама|广告|廣告|広告|광고|إعلان|פרסומת"
    r"|reklama|reklam|advertentie|publicidade|annonce|mainos|hirdetés|reclame|reclamă"
    r"|διαφήμιση|โฆษณา|annons|quảng\s+cáo|iklan"
    r"|dalsz[ay]\s+(część|ciąg)\s+artykułu\s+pod\s+.{0,30}|haberin\s+devamı"
    r"|la\s+suite\s+(après|sous)\s+(cette\s+)?(la\s+)?(publicité|vidéo)"
    r"|(story|article)\s+continues\s+(below|after)(\s+(this\s+)?(advertisement|ad|gallery|video"
    r"|photos?))?"
    r"|(together\s+with|presented\s+by|brought\s+to\s+you\s+by|in\s+partnership\s+with)\s+\S.{0,30}"
    r"|continue\s+reading\s+(below|after\s+(the\s+)?(ad|advertisement))"
    r")"
    r"[\s\-–—•·*\])]*$",
    re.I,
)

COOKIE_TEXT_HINTS = ("cookie",)
PAYWALL_TEXT_HINTS = (
    "reading", "already", "you've", "you’ve", "you have", "scribers", "members", "become",
    "journalism", "assin", "abonn", "suscr", "abbonat", "free", "contribution", "subscription",
)  # fmt: skip
SCRIPT_NOTICE_TEXT_HINTS = ("javascript", "browser", "loading")
"""As :data:`NEWSLETTER_TEXT_HINTS`: one of these is in every phrase of the pattern they go
with (lower case), so most blocks are ruled out before its regex runs."""

SCRIPT_NOTICE_TEXT = re.compile(
    r"\brequires?\s+javascript\b|\benable\s+javascript\b|\bjavascript\s+(is\s+)?(disabled|required)\b"
    r"|\byour\s+browser\s+does\s*n[o']t\s+support\b"
    r"|^\s*loading(\s+[\w-]+){0,3}\s*(\.\.\.|…)\s*$|^\s*loading\s*$",
    re.I,
)
"""Fallback messages for widgets that did not run ('This slideshow requires JavaScript.')."""

PHOTO_CREDIT_TEXT = re.compile(
    r"^\s*\(?\s*(photo|image|picture|foto|credit|illustration|video)s?\s*"
    r"(:|by|credit:?|copyright|source:?)\s*[^.!?]{1,60}\)?\s*$"
    r"|^[^.!?]{0,60}\b(getty\s+images|shutterstock|alamy|associated\s+press|ap\s+photo|afp|reuters"
    r"|epa(-efe)?|bloomberg|istock(photo)?)\s*\)?\s*$",
    re.I,
)
"""A lone credit line under an image ('Photo: Hau Dinh, AP', 'Image copyright Getty Images',
'Natalie Naccache | Bloomberg | Getty Images'): attribution, not article text."""

INLINE_TEASER_TEXT = re.compile(
    r"^\s*(see|read|watch|listen)\s+(more|also|next|this)\s*[:»|-]"
    r"|^\s*(related|also\s+read|read\s+also|recommended|more|trending|latest)\s*(story|stories|article|video)?\s*[:»|]"
    r"|^\s*read\s*[:|]"
    r"|^\s*(baca\s+juga|leia\s+tamb[ée]m|veja\s+tamb[ée]m|lesen\s+sie\s+auch|mehr\s+zum\s+thema"
    r"|([àa]\s+)?lire\s+aussi|lee\s+tambi[ée]n|leggi\s+anche|lees\s+ook"
    r"|czytaj\s+(też|także|również)|читайте\s+(также|також)|اقرأ\s+أيضا\S?|相关阅读|延伸阅读"
    r"|関連記事)\s*[:：»|-]"
    r"|^\s*点击(进入|查看)(专题|更多)"
    r"|^\s*(यह|ये)\s+भी\s+पढ़ें\s*[:：»|-]?"
    r"|^\s*(vai\s+a|torna\s+a)\s+tutte\s+le\s+notizie\b"
    r"|^\s*go\s+deeper\s*[:»|-]"
    r"|^\s*(zobacz\s+(też|także|również)|önerilen\s+haber|ilgili\s+haber|ayrıca\s+(oku|bakınız)"
    r"|קראו\s+גם|leia\s+mais|lees\s+meer|διαβάστε\s+(επίσης|ακόμα)|čtěte\s+(také|též)"
    r"|lue\s+myös|läs\s+(också|mer)|อ่านเพิ่มเติม|อ่านข่าว(ที่เกี่ยวข้อง)?)\s*[:：»|-]",
    re.I,
)
"""An inline link to another article inside the body ('SEE MORE: …', 'Related: …')."""

ALSO_TEASER_TEXT = re.compile(r"^\s*(see\s+)?also\s*:", re.I)
"""'Also: <a>See our Black Friday coverage</a>': a teaser when the rest of the line is a link
(a sentence that happens to start with 'Also:' is not)."""

SOCIAL_CTA_TEXT = re.compile(
    r"^\s*(follow|like|join|tag)\s+.{0,40}?\bon\s+(twitter|x|instagram|facebook|youtube|linkedin"
    r"|tiktok|threads|bluesky|mastodon|snapchat|telegram|pinterest)\b"
    r"|^\s*follow\s+.{0,30}?\bcoverage\s+(of|on)\b|^\s*follow\s+(topics|authors)\b"
    r"|^\s*(s[íi]guenos|sigue\s+.{0,60}?)\s+en\s+(facebook|x|twitter|instagram|youtube|tiktok)\b"
    r"|^\s*pin\s+(this|it)\b[^.]{0,30}$|^\s*view\s+original\s+content\b"
    r"|^\s*get\s+all\s+the\s+latest\b|^\s*we\s+pay\s+for\s+your\s+stories\b"
    r"|^\s*(do\s+you\s+have|have|got)\s+a\s+(confidential\s+)?(news\s+)?(story|tip)\s+for\b"
    r"|^\s*(suivez[\s-]nous|retrouvez[\s-]nous)\s+sur\b|^\s*folgen\s+sie\s+(uns|.{0,30}?)\s+auf\b"
    r"|^\s*seguici\s+su\b|^\s*siga[\s-]nos\s+n[oa]\b"
    r"|^\s*veja\s+mais\s+not[íi]cias\b[^.]{0,60}$|^\s*see\s+more\s+news\s+(from|on|about)\b[^.]{0,60}$"
    r"|^\s*click\s+here\s+(to|for)\s+(get|download|subscribe|sign\s+up|join|read\s+more)\b"
    r"|^\s*(read|listen|watch)\s+(it\s+|this\s+|more\s+)?(on|in)\s+the\s+.{0,30}\bapp\s*[.!]?\s*$"
    r"|^\s*(点个?|点击)\s*[“\"「]?在看[”\"」]?",
    re.I,
)
"""'Follow Newsbeat on Instagram…', 'CLICK HERE TO GET THE … APP': calls to action."""

FEEDBACK_TOKENS = ("thumb-feedback", "page-feedback", "feedback-widget", "was-this-helpful")
"""A page's feedback widget with its thank-you messages ('awsdocs-thumb-feedback')."""

FEEDBACK_TEXT = re.compile(
    r"^\s*(was\s+this\s+(article|page|answer|information|post|guide)\s+helpful\??"
    r"|did\s+this\s+(doc|article|page|answer)\s+help(\s+you)?\??|is\s+this\s+page\s+(helpful|useful)\??"
    r"|helpful\s*\d*\s+not\s+helpful\s*\d*|feedback\s*:?)(\s*[-–]?\s*(yes|no)\b)*\s*$",
    re.I,
)
"""'Was this article helpful?', 'Helpful 14 Not Helpful 3': a page's feedback widget."""

VIDEO_STATUS_TEXT = re.compile(r"^\s*(now\s+playing|up\s+next|watch\s+now|playing\s+next)", re.I)
"""A video player's status line ('NOW PLAYING', 'Up Next'): the player cannot come along."""

VIDEO_LABEL_TEXT = re.compile(r"^\s*(V[ÍI]DEOS?|WATCH)\s*:\s*\S[^.!?]{0,80}$")
"""'WATCH: The moment the bridge fell', 'VÍDEOS: tudo sobre Campinas': the label of a video
that cannot play in the reader (upper case: 'Watch: …' may open a sentence)."""

GOOGLE_NEWS_TEXT = re.compile(
    r"\b(on|in|di|en|sur|auf|su|no|na)\s+google\s+news\b|গুগল\s+নিউজ|गूगल\s+न्यूज़", re.I
)
"""'Follow us on Google News', 'Simak berita lainnya di Google News': a call to action."""

TYPO_HINT_TEXT = re.compile(r"\bctrl\s*\+\s*enter\b", re.I)
"""'Found a typo? Select it and press Ctrl+Enter': a site's correction form, not the story."""

COMMERCE_NOTE_TEXT = re.compile(
    r"\b(may|might|we|us)\s+(also\s+)?(earn|receive|get)\s+(an?\s+)?(small\s+)?(affiliate\s+)?"
    r"commission\b"
    r"|\b(buy|purchase|shop)\w*\b[^.]{0,80}\b(earn|receive|get)s?\s+(an?\s+)?(small\s+)?"
    r"(affiliate\s+)?commission\b|\bimages?\s+from\s+amazon\s+product\s+advertising\s+api\b"
    r"|\bis\s+reader[\s-]supported\b|^\s*prices?\s+(were\s+)?(last\s+updated|taken|accurate)\s+"
    r"(on|at)\b",
    re.I,
)
"""Affiliate disclosures and price notes ('we may earn a commission', 'When you buy a book
using a link on this page, we receive a commission', 'Prices taken at time of publishing'):
shop fine print beside the article. ('The agent earns a commission' is not one.)"""

META_LABEL_TEXT = re.compile(
    r"^\s*(pinned(\s+post)?|live|breaking(\s+news)?|updated)\s*$"
    r"|^\s*(last\s+)?(published|updated|update|modified)\s*(on\s*)?:?\s+.{0,40}\d.{0,80}$"
    r"|^\s*(asked|answered|edited)\s+(\w{3,9}\.?\s+\d{1,2},?\s+(\d{4}\s+)?at\s+[\d:]+"
    r"|\d+\s+\w+\s+ago|yesterday|today)\s*$"
    r"|^\s*(עודכן|aktualisiert|mis\s+à\s+jour|actualizado|aggiornato|atualizado|zaktualizowano"
    r"|güncellendi|bijgewerkt)\s*:?\s*[\d\s:./,-]{0,40}$"
    r"|^\s*(for\s+immediate\s+release|embargoed\s+until\b.{0,60})\s*$",
    re.I,
)
"""A post's status badge ('Pinned', 'LIVE') and a press release's ('FOR IMMEDIATE RELEASE'):
the reader shows no status."""

SHORTCODE_TEXT = re.compile(r"^\s*\[\w[\w-]*(\s[^\]]*)?\].*\[/\w[\w-]*\]\s*$", re.S)
"""A CMS shortcode the site forgot to render ('[button link=…]Send us your review[/button]')."""

IMAGE_CONTROL_TEXT = re.compile(
    r"^\s*(view|see|open|show|expand|enlarge|zoom)\s+(this\s+|the\s+|full(-|\s)size\s+|larger\s+)?"
    r"(image|photo|picture|gallery|slideshow|larger|full(-|\s)size|fullscreen|original)\b[\s›»>]*$"
    r"|^\s*click\s+(to|here\s+to)\s+(enlarge|zoom|expand)\b[\s›»>]*$"
    r"|^\s*(see|view)\s+all\s+\d+\s+(images|photos|pictures)[\s›»>]*$"
    r"|^\s*(purchase|buy)\s+(licensing\s+rights|this\s+(photo|image|picture)|a\s+print)\b.{0,20}$"
    r"|^\s*(hide|show|toggle)\s+caption\s*$|^\s*\d{1,3}\s+(photos|images|pictures|slides)\s*$",
    re.I,
)
"""A lightbox's or photo shop's button under a photo ('View this image ›', 'Click to enlarge',
'Purchase Licensing Rights'): it does nothing in a reader view."""

CITATION_LINK_TEXT = re.compile(
    r"^\s*(google\s+scholar|pubmed(\s+central)?|cas|crossref|mathscinet|ads|article|\[source\]"
    r"|(view\s+in\s+)?scopus|web\s+of\s+science|isi)\s*$",
    re.I,
)
"""A reference list's lookup links ('Google Scholar', 'PubMed', 'CAS'): buttons, not the
citation."""

PAGER_TEXT = re.compile(
    r"\b(previous|prev|next|older|newer)(\s+(post|page|article|story|entry|chapter|by\s+\w+))?\s*[:»›]"
    r"|[«‹]\s*(previous|prev|older|newer)\b|\b(date|thread)\s+(prev|next|index)\b",
    re.I,
)
"""A bar of links to the neighbouring posts ('« Previous: … | Index | Next: … »', a mail
archive's '[Date Prev][Date Next]'): navigation, when the bar is mostly links."""

PAGER_TEXT_HINTS = ("prev", "next", "older", "newer", "«", "‹", "index")
"""Every alternative of :data:`PAGER_TEXT` contains one of these (lower case)."""

BREADCRUMB_TEXT = re.compile(r"^[^>»›/]{1,40}(\s[>»›/]\s[^>»›/]{1,80}){2,}$")
"""'Home > Local History Articles > The Flood of 1938' written as text."""

GALLERY_COUNTER_TEXT = re.compile(
    r"^\s*((slide|photo|image|picture)\s+)?\d{1,3}(\s*(/|of)\s*\d{1,3})?\s*$", re.I
)

READING_TIME_TEXT = re.compile(
    r"^\s*\d+\s*(-|to)?\s*\d*\s*min(ute)?s?\.?\s*(read|listen)\s*$", re.I
)

RELATED_HEADING = re.compile(
    r"""^\s*(
      related(\s+(articles?|stories|posts|news|content|coverage|reading|topics|videos?))?
      | related\s+(internet\s+|external\s+)?links
      | more(\s+(news|stories|articles|from\s+.{1,40}|on\s+.{1,40}|in\s+.{1,40}|like\s+this))
      | more\s+(posts|videos|episodes)(\s+(from|by|on|in)\s+.{1,40})?
      | recent\s+(content|posts|articles|stories|news|entries)
      | more\s+(great|good|top|popular|must-read)\s+(\S+\s+){0,2}(stories|reads|articles)
      | news\s*feed
      | editors?['’]?\s*(picks?|choice)
      | read\s+(next|more|this\s+next) | read\s+more\s+(on|from|about)\s+.{1,40}
      | up\s+next
      | what\s+to\s+read\s+next
      | (you\s+(may|might)\s+(also\s+)?(like|enjoy|be\s+interested\s+in))
      | recommended(\s+(for\s+you|articles|stories|reading))?
      | (most\s+(read|popular|viewed|shared))(\s+\w+)?
      | trending(\s+(now|stories|news))?
      | latest(\s+(news|stories|articles|posts))?
      | popular(\s+(now|posts|stories|articles))?
      | also\s+(read|on|see)\b.{0,40}
      | top\s+stories
      | don['’]t\s+miss
      | in\s+other\s+news
      | further\s+reading\s+from\s+.{1,40}
      | leave\s+a\s+(comment|reply)
      | (\d+\s+)?comments?
      | join\s+the\s+(conversation|discussion)
      | share(\s+this(\s+(article|story|post))?)?
      | follow\s+us
      | sponsored(\s+(content|stories))?
      | (rights|reprints)\s+and\s+permissions | about\s+this\s+article | cite\s+this\s+article
      | why\s+you\s+can\s+trust\s+.{1,40} | jump\s+to | shop\s+(the\s+)?(story|look|this\s+story)
      | explore\s+this\s+(article|page|guide)
      | how\s+we\s+reviewed\s+this\s+(article|page)\s*:?
      # the same headings in the languages most read on the web
      | mehr\s+zum\s+thema | lesen\s+sie\s+auch | weitere\s+(artikel|nachrichten|themen)
      | das\s+k[öo]nnte\s+(sie|dich)\s+auch\s+interessieren | meistgelesen(e)?(\s+artikel)?
      | (ähnliche|verwandte)\s+artikel
      | ([àa]\s+)?lire\s+aussi | sur\s+le\s+m[êe]me\s+sujet
      | articles?\s+(li[ée]s|similaires|connexes) | les\s+plus\s+lus | vous\s+aimerez\s+aussi
      | (noticias|art[ií]culos|contenidos?)\s+relacionad[oa]s
      | (tambi[ée]n\s+)?te\s+puede\s+interesar
      | lee\s+tambi[ée]n | m[áa]s\s+noticias | lo\s+m[áa]s\s+(le[íi]do|visto)
      | m[áa]s\s+informaci[óo]n
      | leia\s+tamb[ée]m | mais\s+lidas
      | (not[íi]cias|mat[ée]rias)\s+relacionadas
      | leggi\s+anche | articoli\s+correlati | (ti\s+)?potrebbe\s+interessar(ti|e)
      | i\s+pi[ùu]\s+letti
      | lees\s+ook | gerelateerde\s+artikelen | meer\s+nieuws | meest\s+gelezen
      | czytaj\s+(też|także|również) | podobne\s+artykuły | najczęściej\s+czytane
      | читайте\s+(также|також)
      | (похожие|схожі)\s+(статьи|новости|новини|материалы)
      | другие\s+новости | по\s+теме
      | ilgili\s+haberler | baca\s+juga | (berita|artikel)\s+terkait
      | (tin|bài\s+viết)\s+liên\s+quan | xem\s+thêm | đọc\s+thêm
      | (أخبار|مقالات|مواضيع)\s+ذات\s+صلة | اقرأ\s+أيضا\S?
      | 相关(文章|阅读|新闻|推荐|报道) | 相關(文章|閱讀|新聞) | 热门(文章|推荐)
      | 推荐阅读 | 延伸阅读
      | 関連(記事|ニュース) | おすすめ記事 | 人気記事 | あわせて読みたい
      | (यह|ये)\s+भी\s+पढ़ें | ताज़ा\s+ख़बरें
      | 관련\s*기사 | 많이\s+본\s+(뉴스|기사) | 추천\s*기사
      | (เรื่อง|ข่าว|บทความ)ที่เกี่ยวข้อง
    )\s*(?:[:：.!…]+)?\s*$""",
    re.I | re.X,
)
"""Headings that open a block of links to other articles, or the comments (English, then the
same headings in the most-read languages of the web). Not 'See also' in any language: in
reference pages (wikis, manuals) it heads the document's own cross-references, which
Readability.js keeps; a news site's 'see also' rail carries a related class as well."""

SHARE_LINK_HOSTS = re.compile(
    r"(facebook\.com/(sharer|share|dialog)|twitter\.com/(intent|share)|x\.com/intent|"
    r"linkedin\.com/(share|shareArticle)|reddit\.com/submit|pinterest\.com/pin/create|"
    r"wa\.me/|api\.whatsapp\.com/send|whatsapp://|t\.me/share|telegram\.me/share|"
    r"mailto:\?|news\.ycombinator\.com/submitlink|flipboard\.com/bookmarklet)",
    re.I,
)

INLINE_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important)?\s*(?:;|$)", re.I
)

CLASS_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
"""Splits a class/id string into words; both the words and their hyphenated pairs are tokens."""
