"""The HTML pages: library (``/``), reader (``/read/{id}``) and search (``/search``).

Pages need a page session. The extension opens them with ``?code=`` (a one-time code it got
with the token); we trade the code for a session cookie and redirect to the same URL without
it, so the code never stays in the address bar or the history.
"""

from __future__ import annotations

from aiohttp import web

from readmode.web.handlers.session import login_url
from readmode.web.jsonio import MAX_ID
from readmode.web.keys import PAGE_CODES, STORE
from readmode.web.rendering import render, trusted_html
from readmode.web.security import is_authenticated, set_session_cookie

routes = web.RouteTableDef()

LIBRARY_SIZE = 50


def _without_code(request: web.Request) -> str:
    query = request.rel_url.query.copy()
    query.popall("code", None)
    return str(request.rel_url.with_query(query))


def _unauthorized(request: web.Request) -> web.Response:
    target = _without_code(request)
    return render(
        request,
        "unauthorized.html",
        {"next": target, "login_url": login_url(target)},
        status=401,
        fallback=(
            "Open this page from the extension",
            "This page needs a session: open it from the readmode extension, or log in at"
            " /login with the token shown by `readmode token`.",
        ),
    )


def page_session(request: web.Request) -> web.Response | None:
    """``None`` when the visitor may see the page, else the response to send instead."""
    code = request.query.get("code")
    if code is None:
        return None if is_authenticated(request) else _unauthorized(request)
    fresh = request.app[PAGE_CODES].consume(code)
    if not fresh and not is_authenticated(request):
        return _unauthorized(request)  # unknown, expired or already used
    response = web.Response(status=303, headers={"Location": _without_code(request)})
    if fresh:
        set_session_cookie(request, response)
    return response


@routes.get("/")
async def library(request: web.Request) -> web.Response:
    if (answer := page_session(request)) is not None:
        return answer
    total, articles = await request.app[STORE].list_articles(limit=LIBRARY_SIZE, offset=0)
    return render(request, "index.html", {"articles": articles, "total": total, "q": ""})


@routes.get(r"/read/{id:\d+}")
async def reader(request: web.Request) -> web.Response:
    if (answer := page_session(request)) is not None:
        return answer
    article_id = int(request.match_info["id"])
    article = await request.app[STORE].get_article(article_id) if article_id <= MAX_ID else None
    if article is None:
        message = f"There is no article {article_id}; it may have been deleted."
        return render(
            request,
            "error.html",
            {"status": 404, "message": message},
            status=404,
            fallback=("Not found", message),
        )
    article["content_html"] = trusted_html(article["content_html"])
    dek = standfirst(article.get("excerpt"), article.get("text") or "")
    return render(request, "reader.html", {"article": article, "dek": dek})


STANDFIRST_SEARCH_CHARS = 1500
"""How far into the article to look for the excerpt before showing it as a standfirst."""


def standfirst(excerpt: str | None, text: str) -> str | None:
    """The page's description under the title, when the article does not open with it.

    Templates keep the standfirst (dek, summary) in the header beside the body, and both
    benchmarks' references leave it out of the article text; the page's description usually
    holds it. When the text already starts with it (an excerpt taken from the first
    paragraph), it is not shown twice."""
    if not excerpt:
        return None
    words = excerpt.split()
    opening = " ".join(words[:10]).lower()
    if len(words) < 5 or opening in " ".join(text[:STANDFIRST_SEARCH_CHARS].split()).lower():
        return None
    return excerpt


@routes.get("/search")
async def search_page(request: web.Request) -> web.Response:
    if (answer := page_session(request)) is not None:
        return answer
    return render(request, "search.html", {"q": request.query.get("q", "")})
