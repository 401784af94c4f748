"""The reader, search and library pages in a real Chromium against the real app.

Each test saves an article through the API (real extraction), opens pages the way the extension
does (a one-time page code), and drives the UI: select → toolbar → save, reload → painted again,
edit in the popover, orphans listed, search as you type, themes. Any console error (a CSP
violation, an exception in a module) fails the test.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page

from .conftest import STEP_MS, LiveServer

pytestmark = pytest.mark.browser

ARTICLE_HTML = (Path(__file__).parent / "lighthouse.html").read_text(encoding="utf-8")
ARTICLE_URL = "https://harbour.example.com/lighthouse-keepers"

# Selects article text from the start of `first` to the end of `last` (each must sit inside one
# text node), across element boundaries, then sends the mouseup a real drag would end with.
SELECT_JS = """([first, last]) => {
  const root = document.getElementById("article-content");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  const text = nodes.map((node) => node.data).join("");
  const start = text.indexOf(first);
  const lastAt = start < 0 ? -1 : text.indexOf(last, start);
  if (lastAt < 0) return null;
  const end = lastAt + last.length;
  const locate = (offset, isEnd) => {
    let position = 0;
    for (const node of nodes) {
      const after = position + node.data.length;
      if (isEnd ? offset <= after : offset < after) return [node, offset - position];
      position = after;
    }
    throw new Error("offset out of range");
  };
  const range = document.createRange();
  range.setStart(...locate(start, false));
  range.setEnd(...locate(end, true));
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  document.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
  return range.toString();
}"""

MARK_TEXT_JS = """(id) => Array.from(
  document.querySelectorAll(`mark.rm-hl[data-highlight-id="${id}"]`), (m) => m.textContent
).join("")"""


@pytest.fixture
async def article(live_server: LiveServer) -> dict[str, Any]:
    saved: dict[str, Any] = await live_server.api(
        "POST", "/api/articles", {"url": ARTICLE_URL, "html": ARTICLE_HTML}, status=201
    )
    assert "a plain, careful hand" in saved["text"]
    return saved


@pytest.fixture
def expected_console() -> list[str]:
    """Substrings of console errors a test provokes on purpose (e.g. a 404 it asked for)."""
    return []


@pytest.fixture
async def page(browser: Browser, expected_console: list[str]) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1200, "height": 850})
    page = await context.new_page()
    page.set_default_timeout(STEP_MS)
    page.set_default_navigation_timeout(STEP_MS)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not any(s in message.text for s in expected_console):
            problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page
    await context.close()
    assert problems == [], "the page logged errors (CSP violations show up here)"


async def open_reader(
    page: Page, live_server: LiveServer, article_id: int, hash_: str = ""
) -> None:
    await page.goto(await live_server.page_url(f"/read/{article_id}") + hash_)
    # The one-time code was traded for a cookie and dropped from the address bar.
    assert re.fullmatch(rf"{re.escape(live_server.base_url)}/read/{article_id}(#.*)?", page.url)
    await page.wait_for_selector('#article[data-highlights="ready"]', state="attached")


async def select(page: Page, first: str, last: str) -> str:
    selected: str | None = await page.evaluate(SELECT_JS, [first, last])
    assert selected, f"could not find {first!r} … {last!r} in the article"
    await page.wait_for_selector("#hl-toolbar:not([hidden])")
    return selected


async def highlights_of(live_server: LiveServer, article_id: int) -> list[dict[str, Any]]:
    listed = await live_server.api("GET", f"/api/articles/{article_id}/highlights")
    return list(listed["highlights"])


def assert_anchored(highlight: dict[str, Any], text: str) -> None:
    """The stored selectors agree with the server's text (code point offsets)."""
    start, end = highlight["start"], highlight["end"]
    assert text[start:end] == highlight["exact"]
    assert highlight["prefix"] == text[max(0, start - 32) : start]
    assert highlight["suffix"] == text[end : end + 32]
    assert highlight["orphan"] is False


async def test_select_save_reload_edit_and_search(
    page: Page,
    live_server: LiveServer,
    article: dict[str, Any],
    shots: Callable[[str], Path],
) -> None:
    article_id, text = article["id"], article["text"]
    await open_reader(page, live_server, article_id)
    assert await page.get_attribute("#article", "lang") == "en"
    assert await page.get_attribute("#article", "dir") == "ltr"
    assert await page.get_attribute("a.article__original", "rel") == "noreferrer noopener"

    # 1. Select inside one paragraph, add a note and tags, save.
    await select(page, "a plain, careful hand", "a plain, careful hand")
    await page.click('#hl-toolbar [data-action="note"]')
    await page.fill("#hl-new-note", "Handwriting tells who was on watch.")
    await page.fill("#hl-new-tags", "archives, #handwriting")
    await page.click("#hl-toolbar .swatch--green")
    await page.screenshot(path=str(shots("highlight-note-light")), animations="disabled")
    await page.click('#hl-toolbar-form button[type="submit"]')
    await page.wait_for_selector("mark.rm-hl.rm-hl--green")
    await page.wait_for_selector("#hl-toolbar", state="hidden")

    # 2. A selection across an element boundary (<em>) and one across two paragraphs, where
    #    the DOM has one newline and the server text a blank line.
    await select(page, "every unusual", "on the water.")
    await page.click("#hl-toolbar .swatch--blue")
    await page.wait_for_selector("mark.rm-hl.rm-hl--blue")
    await select(page, "on the water.", "The keepers wrote")
    await page.click("#hl-toolbar .swatch--pink")
    await page.wait_for_selector("mark.rm-hl.rm-hl--pink")

    stored = await highlights_of(live_server, article_id)
    by_color = {h["color"]: h for h in stored}
    assert set(by_color) == {"green", "blue", "pink"}
    note = by_color["green"]
    assert note["exact"] == "a plain, careful hand"
    assert (note["note"], note["tags"]) == (
        "Handwriting tells who was on watch.",
        ["archives", "handwriting"],
    )
    assert by_color["blue"]["exact"] == "every unusual occurrence on the water."
    assert by_color["pink"]["exact"] == "on the water.\n\nThe keepers wrote"
    for highlight in stored:
        assert_anchored(highlight, text)

    # 3. Reload: every highlight is painted again from the server, across elements too.
    await page.reload()
    await page.wait_for_selector('#article[data-highlights="ready"]', state="attached")
    for highlight in stored:
        painted = await page.evaluate(MARK_TEXT_JS, highlight["id"])
        # Whitespace between blocks is not wrapped (a <mark> there would be invalid HTML).
        assert "".join(painted.split()) == "".join(highlight["exact"].split())
    assert await page.locator(f'mark[data-highlight-id="{by_color["blue"]["id"]}"]').count() >= 2
    assert await page.is_hidden("#orphans")
    await page.evaluate("window.scrollTo(0, 0)")
    await page.screenshot(path=str(shots("reader-light")))

    # 4. Click a highlight: the popover edits it (colour now, note on save) or deletes it.
    await page.click(f'mark[data-highlight-id="{note["id"]}"] >> nth=0')
    await page.wait_for_selector("#hl-popover:not([hidden])")
    assert await page.input_value("#hl-edit-note") == note["note"]
    assert await page.input_value("#hl-edit-tags") == "archives, handwriting"
    await page.click("#hl-popover .swatch--purple")
    await page.wait_for_selector(f'mark.rm-hl--purple[data-highlight-id="{note["id"]}"]')
    await page.fill("#hl-edit-note", "Edited in the popover.")
    await page.click('#hl-edit-form button[type="submit"]')
    await page.wait_for_selector("#hl-popover", state="hidden")
    edited = {h["id"]: h for h in await highlights_of(live_server, article_id)}[note["id"]]
    assert (edited["color"], edited["note"]) == ("purple", "Edited in the popover.")

    await page.click(f'mark[data-highlight-id="{by_color["pink"]["id"]}"] >> nth=0')
    await page.click('#hl-popover [data-action="delete"]')
    await page.wait_for_selector(
        f'mark[data-highlight-id="{by_color["pink"]["id"]}"]', state="detached"
    )
    assert len(await highlights_of(live_server, article_id)) == 2
    # Deleting is one click, so the toast offers Undo: the highlight comes back as it was.
    await page.click("#toast .toast__action")
    await page.wait_for_selector("mark.rm-hl.rm-hl--pink")
    restored = [h for h in await highlights_of(live_server, article_id) if h["color"] == "pink"]
    assert [h["exact"] for h in restored] == [by_color["pink"]["exact"]]

    # 5. Search as you type; the result links to the highlight, which flashes on arrival.
    await page.goto(f"{live_server.base_url}/search?q=careful")
    result = page.locator(".result--highlight").first
    await result.wait_for()
    assert "careful" in (await result.locator(".result__snippet mark").all_inner_texts())
    assert await result.locator(".result__note").inner_text() == "Edited in the popover."
    await page.fill("#q", "unusual")
    await page.wait_for_url(re.compile(r"/search\?q=unusual$"))
    link = page.locator(f'.result--highlight a[href$="#h-{by_color["blue"]["id"]}"]')
    await link.wait_for()
    await link.click()
    await page.wait_for_url(re.compile(rf"/read/{article_id}#h-{by_color['blue']['id']}$"))
    await page.wait_for_selector(f'mark.is-flash[data-highlight-id="{by_color["blue"]["id"]}"]')


async def test_orphaned_highlight_is_listed_not_dropped(
    page: Page, live_server: LiveServer, article: dict[str, Any]
) -> None:
    missing = "a sentence the keepers never wrote in any logbook"
    orphan = await live_server.api(
        "POST",
        "/api/highlights",
        {
            "article_id": article["id"],
            "exact": missing,
            "prefix": "",
            "suffix": "",
            "start": 0,
            "end": len(missing),
            "color": "pink",
            "note": "Kept even though it cannot be placed.",
        },
        status=201,
    )
    await open_reader(page, live_server, article["id"], hash_=f"#h-{orphan['id']}")
    item = page.locator(f'#orphans-list [data-highlight-id="{orphan["id"]}"]')
    await item.wait_for()
    assert missing in await item.inner_text()
    assert "Kept even though it cannot be placed." in await item.inner_text()
    assert await page.inner_text("#orphan-badge-count") == "1"
    assert await page.locator("mark.rm-hl").count() == 0
    await page.wait_for_selector(
        f'#orphans-list .orphan.is-flash[data-highlight-id="{orphan["id"]}"]'
    )


async def test_theme_and_typography_settings_persist(
    page: Page, live_server: LiveServer, article: dict[str, Any], shots: Callable[[str], Path]
) -> None:
    # A highlight made elsewhere (the API, code point offsets) is painted too.
    exact = "eleven pounds of potatoes"
    start = article["text"].index(exact)
    await live_server.api(
        "POST",
        "/api/highlights",
        {
            "article_id": article["id"],
            "exact": exact,
            "prefix": article["text"][start - 32 : start],
            "suffix": article["text"][start + len(exact) : start + len(exact) + 32],
            "start": start,
            "end": start + len(exact),
            "color": "blue",
        },
        status=201,
    )
    await open_reader(page, live_server, article["id"])
    assert await page.inner_text("mark.rm-hl--blue") == exact
    assert await page.get_attribute("html", "data-theme") == "system"
    await page.click("#settings-button")
    await page.wait_for_selector("#settings:popover-open")
    await page.click(".theme-swatch--dark")
    await page.click(".font-option--sans")
    await page.fill("#setting-size", "21")
    await page.keyboard.press("Escape")
    await page.wait_for_selector("#settings:popover-open", state="detached")

    # Applied before paint on the next load (prefs.js in <head>), not only after the modules.
    await page.reload()
    assert await page.get_attribute("html", "data-theme") == "dark"
    assert await page.get_attribute("html", "data-font") == "sans"
    size = await page.evaluate("getComputedStyle(document.querySelector('.article')).fontSize")
    assert size == "21px"
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 22, 25)"
    await page.wait_for_selector('#article[data-highlights="ready"]', state="attached")
    await page.screenshot(path=str(shots("reader-dark")))

    await page.goto(f"{live_server.base_url}/search?q=potatoes")
    await page.locator(".result--highlight").first.wait_for()
    await page.screenshot(path=str(shots("search-dark")))

    await page.goto(f"{live_server.base_url}/")
    item = page.locator(".article-item").first
    assert await item.locator(".article-item__title").inner_text() == article["title"]
    assert (await item.locator(".count-badge").inner_text()).split()[0] == "1"
    await page.screenshot(path=str(shots("library-dark")))


async def test_keyboard_highlight_and_safe_search_snippets(
    page: Page, live_server: LiveServer, article: dict[str, Any]
) -> None:
    await open_reader(page, live_server, article["id"])
    # Keyboard only: Tab moves into the toolbar, arrows between colours, Enter saves.
    await select(page, "<b>flag</b>", "literally")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.dataset.color") == "yellow"
    await page.keyboard.press("ArrowRight")
    assert await page.evaluate("document.activeElement.dataset.color") == "green"
    await page.keyboard.press("Enter")
    await page.wait_for_selector("mark.rm-hl.rm-hl--green")
    # The highlight's handle is focusable and opens the popover from the keyboard.
    await page.focus("mark.rm-hl[tabindex='0']")
    await page.keyboard.press("Enter")
    await page.wait_for_selector("#hl-popover:not([hidden])")
    await page.keyboard.press("Escape")
    await page.wait_for_selector("#hl-popover", state="hidden")
    assert await page.evaluate("document.activeElement.matches('mark.rm-hl')")

    await page.goto(f"{live_server.base_url}/search?q=literally")
    snippet = page.locator(".result--highlight .result__snippet").first
    await snippet.wait_for()
    assert "<b>flag</b> & <i>lamp</i>" in await snippet.inner_text()
    assert await snippet.locator("b, i, script, img").count() == 0
    assert await snippet.locator("mark").all_inner_texts() == ["literally"]


async def test_anchoring_is_whitespace_insensitive_and_fuzzy(
    page: Page, live_server: LiveServer, article: dict[str, Any]
) -> None:
    await open_reader(page, live_server, article["id"])
    results = await page.evaluate(
        """async () => {
      const { anchor, compact, CompactText, CodePoints } = await import("/static/anchoring.js");
      const server = new CompactText(
        "Alpha beta.\\n\\nGamma  delta 😀 epsilon. Alpha beta again.");
      const dom = new CompactText(
        "\\n  Alpha beta.\\nGamma delta 😀\\u00a0epsilon.  Alpha beta again.\\n");
      const find = (text, quote, prefix = "", suffix = "", hint = 0) => anchor(text.text, {
        quote: compact(quote), prefix: compact(prefix), suffix: compact(suffix), hint,
      });
      const slice = (text, match) =>
        match && text.original.slice(...text.toOriginalRange(match.start, match.end));
      const points = new CodePoints(server.original);
      const epsilon = server.original.indexOf("epsilon");
      return {
        sameCompact: server.text === dom.text,
        acrossBlocks: slice(dom, find(dom, "beta.\\n\\nGamma")),
        secondByContext: find(dom, "Alpha beta", "epsilon.", " again").start,
        secondByHint: find(dom, "Alpha beta", "", "", 30).start,
        fuzzy: slice(dom, find(dom, "Gamma delte 😀 epsilon", "beta.")),
        absent: find(dom, "nothing like this is in the text"),
        codePoint: points.toCodePoint(epsilon),
        backToUtf16: points.toUtf16(points.toCodePoint(epsilon)) === epsilon,
      };
    }"""
    )
    compact_second = len("Alphabeta.Gammadelta😀epsilon.".encode("utf-16-le")) // 2
    assert results == {
        "sameCompact": True,
        "acrossBlocks": "beta.\nGamma",
        "secondByContext": compact_second,
        "secondByHint": compact_second,
        "fuzzy": "Gamma delta 😀\u00a0epsilon",
        "absent": None,
        "codePoint": len("Alpha beta.\n\nGamma  delta 😀 "),
        "backToUtf16": True,
    }


async def test_api_errors_are_shown_as_a_toast(
    page: Page, live_server: LiveServer, article: dict[str, Any], expected_console: list[str]
) -> None:
    expected_console.append("status of 404")
    await open_reader(page, live_server, article["id"])
    # The article disappears behind the page's back (deleted from another tab).
    await live_server.api("DELETE", f"/api/articles/{article['id']}", status=204)
    await select(page, "a plain, careful hand", "a plain, careful hand")
    await page.click("#hl-toolbar .swatch--yellow")
    toast = page.locator("#toast.toast--error")
    await toast.wait_for()
    assert await toast.get_attribute("role") == "alert"
    message = await toast.inner_text()
    assert message
    assert "404" not in message  # the API's sentence, not a bare status code
    assert await page.locator("mark.rm-hl").count() == 0

    # The session cookie is gone (expired, or the server restarted): say how to get back in.
    expected_console.append("status of 401")
    await page.context.clear_cookies()
    await select(page, "a plain, careful hand", "a plain, careful hand")
    await page.click("#hl-toolbar .swatch--yellow")
    await page.wait_for_function(
        "() => document.querySelector('#toast').textContent.includes('/login')"
    )


async def test_unauthorized_page_leads_to_login_with_the_token(
    page: Page, live_server: LiveServer, article: dict[str, Any], expected_console: list[str]
) -> None:
    expected_console.append("status of 401")  # the first visit is refused, on purpose
    response = await page.goto(f"{live_server.base_url}/read/{article['id']}")
    assert response is not None
    assert response.status == 401
    await page.click("text=Log in with the token")
    await page.fill("#token", "not the token")
    await page.click("button[type=submit]")
    assert (await page.inner_text(".form-error")).strip()  # the server's sentence
    assert await page.get_attribute("#token", "aria-invalid") == "true"
    await page.fill("#token", live_server.token)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{live_server.base_url}/read/{article['id']}")
    await page.wait_for_selector('#article[data-highlights="ready"]', state="attached")


async def test_highlights_follow_an_edited_article(
    page: Page, live_server: LiveServer, article: dict[str, Any]
) -> None:
    await open_reader(page, live_server, article["id"])
    await select(page, "a seal that returned every spring", "a seal that returned every spring")
    await page.click("#hl-toolbar .swatch--yellow")
    await page.wait_for_selector("mark.rm-hl")

    # The page is saved again after the publisher edited it: a word changed inside the quote
    # and a paragraph was added above it, so both the quote and its offsets moved.
    edited = ARTICLE_HTML.replace("a seal that returned", "a seal that returns").replace(
        "<h2>A life measured",
        "<p>An editor's note added later, above everything.</p>\n<h2>A life measured",
    )
    resaved = await live_server.api(
        "POST", "/api/articles", {"url": ARTICLE_URL, "html": edited}, status=200
    )
    assert resaved["id"] == article["id"]
    await open_reader(page, live_server, article["id"])
    (moved,) = await highlights_of(live_server, article["id"])
    painted = await page.evaluate(MARK_TEXT_JS, moved["id"])
    assert painted == "a seal that returns every spring"
    assert await page.is_hidden("#orphans")


async def test_search_shows_more_results_on_request(
    page: Page, live_server: LiveServer, article: dict[str, Any]
) -> None:
    # More highlights than one page of results (30): every "the", "of" and "and".
    text = article["text"]
    spans = [m.span() for m in re.finditer(r"\b(the|of|and)\b", text)][:40]
    assert len(spans) == 40
    for start, end in spans:
        body = {
            "article_id": article["id"],
            "exact": text[start:end],
            "prefix": text[max(0, start - 32) : start],
            "suffix": text[end : end + 32],
            "start": start,
            "end": end,
            "color": "yellow",
            "note": "lighthouse staff",
        }
        await live_server.api("POST", "/api/highlights", body, status=201)

    await page.goto(await live_server.page_url("/search?q=note:staff"))
    await page.locator(".result--highlight").first.wait_for()
    assert await page.locator(".result--highlight").count() == 30
    assert await page.inner_text("#search-status") == "40 highlights"
    await page.click("#search-more")
    await page.locator(".result--highlight").nth(39).wait_for()
    assert await page.locator(".result--highlight").count() == 40
    assert await page.is_hidden("#search-more")
    links = await page.eval_on_selector_all(
        ".result--highlight a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(set(links)) == 40  # the second page continues, it does not repeat the first


async def test_table_of_contents_links_jump_within_the_reader(
    page: Page, live_server: LiveServer
) -> None:
    wiki = Path(__file__).parents[1] / "pages" / "wiki-article" / "source.html"
    saved = await live_server.api(
        "POST",
        "/api/articles",
        {"url": "https://opentown.example/wiki/Harbour", "html": wiki.read_text(encoding="utf-8")},
        status=201,
    )
    await open_reader(page, live_server, saved["id"])
    reader_url = page.url
    await page.click('#article-content a[href="#rm-Safety_rules"]')
    await page.wait_for_function("location.hash === '#rm-Safety_rules'")
    assert page.url.startswith(reader_url)  # still the reader, not the original page
    top = await page.evaluate(
        "document.getElementById('rm-Safety_rules').getBoundingClientRect().top"
    )
    # In view, below the sticky top bar (scroll-padding-top), not under it.
    assert 0 < top < 200
