"""Lazy images and URLs: make every image and link work outside the original page.

Sites defer images with ``data-src``/``data-srcset`` and a placeholder GIF in ``src``, or put
the real ``<img>`` in a ``<noscript>`` fallback. Readability would drop the ``<noscript>`` and
keep the placeholder, so this runs *before* the core (and URL resolution after it).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from readmode.extract.dom import tag_of, url_file_name

LAZY_SRC_ATTRS = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-orig-file",
    "data-large-file",
    "data-medium-file",
    "data-img-src",
    "data-echo",
)
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "data-original-set")
_PLACEHOLDER = re.compile(
    r"^data:image/(gif|svg|png)|(^|/)(blank|spacer|pixel|placeholder|transparent|lazy|grey|gray|"
    r"empty|loading)[\w-]*\.(gif|png|svg|jpg)",
    re.I,
)
_IMAGE_URL = re.compile(r"\.(jpe?g|png|webp|gif|avif|svg)(\?|$)|/image|/img|/photo", re.I)
_SRCSET_ITEM = re.compile(r"\s*(\S+)(\s+[\d.]+[wx])?\s*(?:,|$)")
URL_ATTRS = ("href", "src", "poster", "cite")


def resolve_lazy_images(root: HtmlElement) -> None:
    """Promote lazy-loading attributes to ``src``/``srcset``; unwrap ``<noscript>`` images;
    AMP's ``<amp-img>`` becomes the ``<img>`` it stands for."""
    for noscript in list(root.iter("noscript")):
        _unwrap_noscript_image(noscript)
    for amp in list(root.iter("amp-img", "amp-anim")):
        _amp_to_img(amp)
    found = _LAZY_PLACEHOLDERS(root)
    for holder in found if isinstance(found, list) else []:
        if isinstance(holder, HtmlElement):
            _placeholder_to_img(holder)
    for img in root.iter("img", "source"):
        for attr in LAZY_SRCSET_ATTRS:
            if img.get(attr):
                img.set("srcset", img.get(attr, ""))
                break
        if tag_of(img) == "source":
            continue
        src = (img.get("src") or "").strip()
        if not src or _PLACEHOLDER.search(src):
            lazy = next((img.get(a) for a in LAZY_SRC_ATTRS if img.get(a)), None)
            if lazy is None:
                lazy = next(
                    (v for k, v in img.attrib.items() if _looks_like_image_attr(k, v)), None
                )
            if lazy:
                img.set("src", lazy.strip())
            elif img.get("srcset"):
                img.set("src", largest_candidate(img.get("srcset", "")) or src)
        if img.get("loading") == "lazy":
            del img.attrib["loading"]


_AMP_IMG_ATTRS = ("src", "srcset", "alt", "width", "height", "title")


def _amp_to_img(amp: HtmlElement) -> None:
    """``<amp-img src=… srcset=…>`` (its children are placeholders and fallbacks, an already
    unwrapped ``<noscript>`` image among them) → ``<img>``."""
    inner = amp.find(".//img")
    if inner is not None and inner.get("src"):
        amp.addprevious(inner)  # the <noscript> fallback, unwrapped above, is the real one
        inner.tail = amp.tail
        amp.tail = None
        amp.getparent().remove(amp)
        return
    kept = {name: amp.get(name, "") for name in _AMP_IMG_ATTRS if amp.get(name)}
    for child in list(amp):
        amp.remove(child)
    amp.attrib.clear()
    amp.attrib.update(kept)
    amp.tag = "img"
    amp.text = None


_LAZY_PLACEHOLDERS = etree.XPath(
    "//span[@data-src][contains(@class, 'lazy')] | //div[@data-src][contains(@class, 'lazy')]"
)


def _placeholder_to_img(holder: HtmlElement) -> None:
    """A script-drawn picture ('<span class="lazy-image-placeholder" data-src=…>', Wikipedia's
    mobile skin): the ``<img>`` the script would have made."""
    src = (holder.get("data-src") or "").strip()
    if holder.find(".//img") is not None or not _IMAGE_URL.search(src):
        return
    img = holder.makeelement("img", {"src": src})
    for source, target in (("data-alt", "alt"), ("data-width", "width"), ("data-height", "height")):
        if holder.get(source):
            img.set(target, holder.get(source, ""))
    if holder.get("data-srcset"):
        img.set("srcset", holder.get("data-srcset", ""))
    img.tail = holder.tail
    holder.getparent().replace(holder, img)


def _looks_like_image_attr(name: str, value: str) -> bool:
    """Any other ``data-*`` attribute holding a single image URL (sites invent new names)."""
    value = (value or "").strip()
    return name.startswith("data-") and " " not in value and bool(_IMAGE_URL.search(value))


def _unwrap_noscript_image(noscript: HtmlElement) -> None:
    images = noscript.findall(".//img")
    if len(images) != 1 or noscript.text_content().strip():
        return
    real = images[0]
    previous = noscript.getprevious()
    if previous is not None and tag_of(previous) == "img":
        previous.drop_tree()
    elif (
        previous is not None
        and previous.find(".//img") is not None
        and len(previous.findall(".//img")) == 1
    ):
        placeholder = previous.find(".//img")
        if placeholder is not None and not _looks_real(placeholder):
            placeholder.drop_tree()
    _drop_previews_of(real, noscript.getparent())
    noscript.addnext(real)
    real.tail = noscript.tail
    noscript.tail = None
    noscript.drop_tree()


def _drop_previews_of(real: HtmlElement, container: HtmlElement | None) -> None:
    """A blurred low-resolution preview of the same picture ('…/max/60/photo.png?q=20' beside
    '…/max/3788/photo.png'), in the fallback's own block: the real image replaces it."""
    name = url_file_name(real.get("src") or "")
    if container is None or not name:
        return
    for img in list(container.iter("img")):
        if img is not real and url_file_name(img.get("src") or "") == name:
            img.drop_tree()


def _looks_real(img: HtmlElement) -> bool:
    src = img.get("src") or ""
    return bool(src) and not _PLACEHOLDER.search(src)


def largest_candidate(srcset: str) -> str | None:
    best, best_size = None, -1.0
    for match in _SRCSET_ITEM.finditer(srcset):
        url, descriptor = match.group(1), (match.group(2) or "").strip()
        try:
            size = float(descriptor[:-1]) if descriptor else 1.0
        except ValueError:
            size = 1.0
        if size > best_size:
            best, best_size = url, size
    return best


def make_urls_absolute(root: HtmlElement, base_url: str | None) -> None:
    """Resolve ``href``/``src``/``srcset``/``poster`` against the page URL; in-page fragments
    (``#fn1``) stay relative so footnotes keep working inside the reader view."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in URL_ATTRS:
            value = el.get(attr)
            if value is None:
                continue
            value = value.strip()
            if value.startswith("#") or not value or not base_url:
                continue
            try:
                el.set(attr, urljoin(base_url, value))
            except ValueError:
                del el.attrib[attr]
        srcset = el.get("srcset")
        if srcset is not None:
            safe = _absolute_srcset(srcset, base_url)
            if safe:
                el.set("srcset", safe)
            else:
                del el.attrib["srcset"]


def _absolute_srcset(srcset: str, base_url: str | None) -> str:
    """Each candidate resolved; only http(s) candidates survive (the sanitiser checks ``src``
    schemes but not the URLs inside ``srcset``)."""
    parts = []
    for match in _SRCSET_ITEM.finditer(srcset):
        if not match.group(1):
            continue
        try:
            url = urljoin(base_url, match.group(1)) if base_url else match.group(1)
        except ValueError:
            continue
        if url.lower().startswith(("http://", "https://")):
            parts.append(url + (match.group(2) or ""))
    return ", ".join(parts)


def drop_tracking_pixels(root: HtmlElement) -> None:
    """Images of 0 or 1 pixel, by attribute or by inline style: counters, not pictures."""
    for img in list(root.iter("img")):
        if (
            img.get("width") in ("0", "1")
            or img.get("height") in ("0", "1")
            or _pixel_by_style(img.get("style") or "")
        ):
            img.drop_tree()


def _pixel_by_style(style: str) -> bool:
    """'width:1px;height:1px' — but not Next.js's 'width:0;height:0;min-width:100%', a full
    picture sized by its box."""
    return bool(_PIXEL_STYLE.search(style)) and not _GROWS.search(style)


_PIXEL_STYLE = re.compile(r"(^|;|\s)(width|height)\s*:\s*[01](px)?\s*(;|$|!)", re.I)
_GROWS = re.compile(r"min-(width|height)\s*:\s*[1-9]", re.I)
