"""URL normalisation: one key per article, however the link was shared.

Two URLs that show the same article should normalise to the same string, so saving a page
again updates the stored article (and re-anchors its highlights) instead of creating a twin.
We only apply rewrites that are safe for every site: the path keeps its case and the query
keeps every parameter that is not a well-known click or campaign tracker.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}

TRACKING_PARAMS = frozenset(
    {
        # Ad-click identifiers.
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "epik",
        # Newsletter and marketing-automation tags.
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "hsctatracking",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "rb_clickid",
        "s_cid",
        "__s",
        # Analytics linkers and referral tags.
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
    }
)
TRACKING_PREFIXES = ("utm_",)


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only say where a click came from."""
    key = unquote(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """The key under which an article is stored.

    - scheme and host are lower-cased, default ports dropped, the fragment removed;
    - tracking parameters (``utm_*``, ``fbclid``, ``gclid``…) removed, the others sorted but
      kept byte-for-byte (their percent-encoding is not rewritten);
    - the path keeps its case (many servers treat it case-sensitively); an empty http(s) path
      becomes ``/``.

    Never raises: a string that does not parse as a URL is returned stripped.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # e.g. "http://[::1" or a non-numeric port
        return text
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        return text
    netloc = _normalize_netloc(parts.netloc, parts.hostname, port, scheme)
    path = parts.path
    if not path and scheme in ("http", "https"):
        path = "/"
    return urlunsplit((scheme, netloc, path, _normalize_query(parts.query), ""))


def url_host(url: str) -> str:
    """The lower-case host name of ``url`` (no port, no brackets), or ``""``."""
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return ""


def _normalize_netloc(netloc: str, hostname: str | None, port: int | None, scheme: str) -> str:
    userinfo, _, _ = netloc.rpartition("@")
    host = (hostname or "").rstrip(".")
    if ":" in host:  # IPv6 literal: urlsplit removed the brackets
        host = f"[{host}]"
    if port is not None and DEFAULT_PORTS.get(scheme) != port:
        host = f"{host}:{port}"
    return f"{userinfo}@{host}" if userinfo else host


def _normalize_query(query: str) -> str:
    pairs = [pair for pair in query.split("&") if pair]
    kept = [pair for pair in pairs if not is_tracking_param(pair.partition("=")[0])]
    return "&".join(sorted(kept))
