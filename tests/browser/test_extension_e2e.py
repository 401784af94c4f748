"""The browser extension, loaded unpacked into a real headless Chromium, against the real server.

Each test starts the real app (in-process, a temp data dir, real extraction processes) on a free
loopback port, a small static site with a cluttered article page on another port, and Chromium
with the extension. Toolbar clicks, context menus and shortcuts can't be driven headless, so the
tests call the same handlers those events call, through the service worker
(`readmode.run({type, tabId})`, see extension/background.js), and then look at the real result:
the reader tab, the painted page, the popup page.

Every browser step has a timeout: `evaluate` on a service worker that was stopped never returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from playwright.async_api import BrowserContext, Page, Worker, async_playwright
from readmode.web.app import create_app
from readmode.web.config import ServerConfig

from .conftest import CHROMIUM, CHROMIUM_ARGS, SHOTS_DIR, require_chromium

pytestmark = pytest.mark.browser

EXTENSION_DIR = Path(__file__).resolve().parents[2] / "extension"
SITE_DIR = Path(__file__).parent / "extension_site"
TOKEN = "e2e-token-0123456789abcdef"
MAX_BODY = 1024 * 1024
"""The test server's body limit: small, so the too-large page needn't be 32 MiB."""
STEP = 20.0
"""Seconds any single browser step may take."""

NOT_RUNNING = "readmode isn't running. Start it with `readmode serve`."
NOT_PAIRED = "Pair the extension: paste the token from `readmode token` in Options."
RESTRICTED = "Browsers don't let extensions read this page."
TOO_LARGE = "This page is too large for readmode to save."

ARTICLE_TITLE = "The Quiet Craft of Slow Reading"
CLUTTER = (
    "Sign me up for the newsletter",
    "Accept all cookies",
    "Share on Twitter",
    "Related stories",
    "Ten gadgets that will change",
    "Subscribe today",
    "All rights reserved",
)
QUOTE = "A highlight is a small promise to your future self"

T = TypeVar("T")


async def step(awaitable: Awaitable[T], seconds: float = STEP) -> T:
    return await asyncio.wait_for(awaitable, seconds)


# ---- the static site with the pages the extension reads ------------------------------------


def huge_page() -> str:
    """An ordinary article whose DOM is over the server's body limit (a big hidden table)."""
    filler = "<tr><td>" + "row of tabular filler text " * 8 + "</td></tr>\n"
    rows = filler * (MAX_BODY // len(filler) + 200)
    article = (SITE_DIR / "article.html").read_text(encoding="utf-8")
    return article.replace("</main>", f"<table hidden>{rows}</table>\n  </main>")


def site_app() -> web.Application:
    async def huge(_request: web.Request) -> web.Response:
        return web.Response(text=huge_page(), content_type="text/html")

    async def image(_request: web.Request) -> web.FileResponse:
        # Any real PNG will do for the lazily loaded picture (the site keeps no binaries).
        return web.FileResponse(EXTENSION_DIR / "icons" / "icon-128.png")

    app = web.Application()
    app.router.add_get("/huge.html", huge)
    app.router.add_get("/images/library.png", image)
    app.router.add_static("/", SITE_DIR)
    return app


# ---- the rig: server + site + Chromium with the extension ----------------------------------


@dataclass
class Rig:
    server: TestServer
    site: TestServer
    context: BrowserContext
    worker: Worker
    http: aiohttp.ClientSession

    @property
    def server_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def site_url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.site.port}/{path}"

    @property
    def extension_id(self) -> str:
        return self.worker.url.split("/")[2]

    async def sw(self, expression: str, argument: Any = None) -> Any:
        """Evaluate in the extension's service worker."""
        return await step(self.worker.evaluate(expression, argument))

    async def configure(self, **settings: Any) -> None:
        await self.sw("(settings) => chrome.storage.local.set(settings)", settings)

    async def run(self, message: dict[str, Any]) -> dict[str, Any]:
        """Call a handler the way a browser event would (see extension/background.js)."""
        reply: dict[str, Any] = await self.sw("(message) => readmode.run(message)", message)
        return reply

    async def tab_ids(self) -> set[int]:
        ids: list[int] = await self.sw("async () => (await chrome.tabs.query({})).map((t) => t.id)")
        return set(ids)

    async def open_tab(self, url: str) -> tuple[Page, int]:
        """A new tab at `url` and its browser tab id (found as the id that appeared)."""
        before = await self.tab_ids()
        page = await step(self.context.new_page())
        await step(page.goto(url))
        (tab_id,) = await self.tab_ids() - before
        return page, tab_id

    async def api(self, method: str, path: str, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with self.http.request(
            method, self.server_url + path, json=body, headers=headers
        ) as response:
            assert response.status < 300, await response.text()
            return await response.json()


async def start_server(
    aiohttp_server: Callable[..., Awaitable[TestServer]], data_dir: Path
) -> TestServer:
    config = ServerConfig(
        data_dir=data_dir, workers=1, prewarm=False, max_body=MAX_BODY, token=TOKEN
    )
    server: TestServer = await aiohttp_server(create_app(config))
    return server


@pytest.fixture
async def rig(
    aiohttp_server: Callable[..., Awaitable[TestServer]], tmp_path: Path
) -> AsyncIterator[Rig]:
    require_chromium()
    server = await start_server(aiohttp_server, tmp_path / "data")
    site = await aiohttp_server(site_app())
    async with async_playwright() as playwright, aiohttp.ClientSession() as http:
        context = await step(
            playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"),
                executable_path=str(CHROMIUM),
                headless=True,
                args=[
                    f"--disable-extensions-except={EXTENSION_DIR}",
                    f"--load-extension={EXTENSION_DIR}",
                    *CHROMIUM_ARGS,
                ],
                viewport={"width": 1100, "height": 800},
            ),
            seconds=60,
        )
        try:
            context.set_default_timeout(STEP * 1000)
            worker = (
                context.service_workers[0]
                if context.service_workers
                else await step(context.wait_for_event("serviceworker"))
            )
            rig = Rig(server, site, context, worker, http)
            await rig.configure(serverUrl=rig.server_url, token=TOKEN, openIn="same-tab")
            yield rig
        finally:
            await step(context.close())


def screenshot_path(name: str) -> Path:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SHOTS_DIR / f"{name}.png"


SELECT_JS = """(quote) => {
  // Words of the quote separated by any whitespace: the page source breaks a line inside it.
  const escape = (word) => word.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&");
  const pattern = new RegExp(quote.split(" ").map(escape).join("\\\\s+"));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const match = pattern.exec(node.data);
    if (match) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString();
    }
  }
  return null;
}"""


def code_point_slice(text: str, start: int, end: int) -> str:
    """Python indexes str by code points, exactly what api.md's offsets mean."""
    return text[start:end]


# ---- the happy paths ------------------------------------------------------------------------


async def test_open_reader_shows_the_article_without_the_clutter(rig: Rig) -> None:
    page, tab_id = await rig.open_tab(rig.site_url("article.html"))
    reply = await rig.run({"type": "open-reader", "tabId": tab_id, "source": "test"})
    assert reply["ok"], reply
    assert reply["article"]["title"] == ARTICLE_TITLE

    # Same tab: the page itself became the reader view (the one-time code is consumed and the
    # server redirects to the clean address).
    await step(page.wait_for_url(f"{rig.server_url}/read/{reply['article']['id']}"))
    await step(page.wait_for_load_state("networkidle"))
    body = await step(page.locator("body").inner_text())
    assert ARTICLE_TITLE in body
    assert "Slow reading is not a technique so much as a decision." in body
    for clutter in CLUTTER:
        assert clutter not in body, clutter
    await step(page.screenshot(path=screenshot_path("extension-reader-view"), full_page=True))

    # The capture resolved the lazy image (data-src) before sending the page.
    article = await rig.api("GET", f"/api/articles/{reply['article']['id']}")
    assert "/images/library.png" in article["content_html"]
    assert "R0lGOD" not in article["content_html"]
    badge = await rig.sw("(tabId) => chrome.action.getBadgeText({tabId})", tab_id)
    assert badge == ""


async def test_open_reader_in_a_new_tab(rig: Rig) -> None:
    await rig.configure(openIn="new-tab")
    page, tab_id = await rig.open_tab(rig.site_url("article.html"))
    async with rig.context.expect_page(timeout=STEP * 1000) as new_page_info:
        reply = await rig.run({"type": "open-reader", "tabId": tab_id})
    assert reply["ok"], reply
    reader = await step(new_page_info.value)
    await step(reader.wait_for_url(f"{rig.server_url}/read/*"))
    assert page.url == rig.site_url("article.html")


async def test_highlight_saved_found_in_the_popup_and_painted_on_the_page(rig: Rig) -> None:
    page, tab_id = await rig.open_tab(rig.site_url("article.html"))
    selected = await step(page.evaluate(SELECT_JS, QUOTE))
    assert selected is not None
    assert " ".join(selected.split()) == QUOTE

    reply = await rig.run({"type": "save-highlight", "tabId": tab_id, "frameId": 0})
    assert reply["ok"], reply
    highlight = reply["highlight"]
    assert highlight["exact"] == QUOTE
    # Offsets are code points into the saved text: the 📚 before the quote counts once.
    article = await rig.api("GET", f"/api/articles/{highlight['article_id']}")
    assert "📚" in article["text"][: highlight["start"]]
    assert code_point_slice(article["text"], highlight["start"], highlight["end"]) == QUOTE
    assert article["text"][: highlight["start"]].endswith(highlight["prefix"])
    assert len(highlight["prefix"]) == 32
    # Feedback: a toast in the page and a ✓ on the badge.
    await step(page.locator("#readmode-toast-host").wait_for(state="attached"))
    assert await rig.sw("(tabId) => chrome.action.getBadgeText({tabId})", tab_id) == "✓"

    # The popup's search finds it; Enter opens the reader view at the highlight.
    popup = await step(rig.context.new_page())
    await step(popup.set_viewport_size({"width": 360, "height": 520}))
    await step(popup.goto(f"chrome-extension://{rig.extension_id}/popup.html"))
    await step(popup.locator("#connection[data-state='ok']").wait_for())
    await step(popup.locator("#search").press_sequentially("small promise", delay=20))
    result = popup.locator(".result").first
    await step(result.wait_for())
    assert "small promise" in await step(result.inner_text())
    assert await step(result.locator("mark").count()) >= 1
    assert ARTICLE_TITLE in await step(popup.locator("#recent").inner_text())
    await step(popup.screenshot(path=screenshot_path("extension-popup-search")))
    async with rig.context.expect_page(timeout=STEP * 1000) as reader_info:
        await step(popup.locator("#search").press("Enter"))
    reader = await step(reader_info.value)
    await step(reader.wait_for_url(f"{rig.server_url}/read/{highlight['article_id']}#h-*"))

    # Back on the original page, reloaded: "Show my highlights here" paints it again.
    await step(page.reload())
    shown = await rig.run({"type": "show-highlights", "tabId": tab_id})
    assert shown["ok"], shown
    assert shown["painted"] == 1, shown
    assert shown["message"] == "Showing 1 highlight."
    painted = await step(
        page.evaluate(
            """() => {
              if (globalThis.CSS?.highlights?.has("readmode-yellow")) {
                const [range] = CSS.highlights.get("readmode-yellow");
                return range.toString();
              }
              return document.querySelector("mark.readmode-highlight")?.textContent ?? null;
            }"""
        )
    )
    assert painted is not None
    assert " ".join(painted.split()) == QUOTE  # the DOM's own text, line break included
    await step(page.screenshot(path=screenshot_path("extension-painted-highlight")))


# ---- every failure is a clear message --------------------------------------------------------


async def test_server_stopped_says_it_isnt_running(
    rig: Rig, aiohttp_server: Callable[..., Awaitable[TestServer]], tmp_path: Path
) -> None:
    other = await start_server(aiohttp_server, tmp_path / "other-data")
    await rig.configure(serverUrl=f"http://127.0.0.1:{other.port}")
    state = await rig.run({"type": "popup-state"})
    assert state["reachable"], state
    assert state["paired"], state
    await other.close()

    page, tab_id = await rig.open_tab(rig.site_url("article.html"))
    reply = await rig.run({"type": "open-reader", "tabId": tab_id})
    assert reply["error"]["message"] == NOT_RUNNING
    assert await rig.sw("(tabId) => chrome.action.getBadgeText({tabId})", tab_id) == "!"
    assert page.url == rig.site_url("article.html")


async def test_wrong_token_asks_to_pair(rig: Rig) -> None:
    await rig.configure(token="not-the-token")
    _, tab_id = await rig.open_tab(rig.site_url("article.html"))
    reply = await rig.run({"type": "open-reader", "tabId": tab_id})
    assert reply["error"]["message"] == NOT_PAIRED
    check = await rig.run(
        {"type": "check-pairing", "serverUrl": rig.server_url, "token": "not-the-token"}
    )
    assert check["error"]["message"] == NOT_PAIRED


async def test_browser_pages_are_off_limits(rig: Rig) -> None:
    _, tab_id = await rig.open_tab("chrome://version")
    reply = await rig.run({"type": "open-reader", "tabId": tab_id})
    assert reply["error"]["message"] == RESTRICTED


async def test_a_page_without_an_article_gets_the_servers_reason(rig: Rig) -> None:
    page, tab_id = await rig.open_tab(rig.site_url("links.html"))
    reply = await rig.run({"type": "open-reader", "tabId": tab_id})
    assert reply["error"]["kind"] == "not_readable"
    # Exactly what the server says about this page, passed through.
    async with rig.http.post(
        rig.server_url + "/api/articles",
        json={"url": page.url, "html": await step(page.content())},
        headers={"Authorization": f"Bearer {TOKEN}"},
    ) as response:
        assert response.status == 422
        reason = (await response.json())["error"]["message"]
    assert reply["error"]["message"] == reason


async def test_a_page_over_the_size_limit_says_so(rig: Rig) -> None:
    _, tab_id = await rig.open_tab(rig.site_url("huge.html"))
    reply = await rig.run({"type": "open-reader", "tabId": tab_id})
    assert reply["error"]["message"] == TOO_LARGE


async def test_popup_shows_the_connection_problem(rig: Rig) -> None:
    await rig.configure(token="")
    popup = await step(rig.context.new_page())
    await step(popup.set_viewport_size({"width": 360, "height": 360}))
    await step(popup.goto(f"chrome-extension://{rig.extension_id}/popup.html"))
    await step(popup.locator("#connection[data-state='unpaired']").wait_for())
    # Shown with the command as code: the backticks become a <code> element.
    assert await step(popup.locator("#status").inner_text()) == NOT_PAIRED.replace("`", "")
    assert await step(popup.locator("#status code").inner_text()) == "readmode token"
    await step(popup.screenshot(path=screenshot_path("extension-popup-unpaired")))


async def test_options_check_the_pairing_live_and_save_it(rig: Rig) -> None:
    await rig.configure(token="", serverUrl="http://127.0.0.1:7836")
    options = await step(rig.context.new_page())
    await step(options.set_viewport_size({"width": 760, "height": 900}))
    await step(options.goto(f"chrome-extension://{rig.extension_id}/options.html"))
    status = options.locator("#pairing-status")

    await step(options.locator("#server-url").fill(rig.server_url + "/"))
    await step(options.locator("#token").fill("not-the-token"))
    await step(options.locator("#pairing-status[data-state='error']").wait_for())
    assert await step(status.inner_text()) == "✗ " + NOT_PAIRED.replace("`", "")

    await step(options.locator("#token").fill(f"  {TOKEN}\n"))
    await step(options.locator("#pairing-status[data-state='ok']").wait_for())
    async with rig.http.get(rig.server_url + "/healthz") as response:
        version = (await response.json())["version"]
    assert (
        await step(status.inner_text()) == f"✓ Paired with readmode {version} at {rig.server_url}."
    )
    stored = await rig.sw("() => chrome.storage.local.get(['serverUrl', 'token'])")
    assert stored == {"serverUrl": rig.server_url, "token": TOKEN}
    await step(options.screenshot(path=screenshot_path("extension-options"), full_page=True))


async def test_painter_falls_back_to_marks_without_the_highlight_api(rig: Rig) -> None:
    """Firefox before 140 has no CSS.highlights: the painter wraps <mark>s instead."""
    page, _ = await rig.open_tab(rig.site_url("article.html"))
    for script in ("anchor.js", "paint.js"):
        await step(page.add_script_tag(path=EXTENSION_DIR / "lib" / script))
    text_before = await step(page.evaluate("() => document.body.textContent"))
    highlights = [
        {"id": 1, "exact": QUOTE, "prefix": "", "suffix": "", "color": "green"},
        # Across two paragraphs, as the article text has it (blocks split by a blank line).
        {"id": 2, "exact": "rarely comes. 📚\n\nSlow reading", "prefix": "", "suffix": ""},
        {"id": 3, "exact": "a sentence this page never had", "prefix": "", "suffix": ""},
    ]
    paint = "(items) => { delete globalThis.Highlight; return readmodePaint.paint(items); }"
    assert await step(page.evaluate(paint, highlights)) == {
        "painted": 2,
        "missing": [3],
        "method": "marks",
    }
    marked = """(id) => Array.from(
      document.querySelectorAll(`mark.readmode-highlight[data-readmode-id="${id}"]`),
      (mark) => mark.textContent).join("")"""
    assert " ".join((await step(page.evaluate(marked, 1))).split()) == QUOTE
    assert " ".join((await step(page.evaluate(marked, 2))).split()) == (
        "rarely comes. 📚 Slow reading"
    )
    # Painting again replaces the marks instead of nesting them; clearing restores the page.
    await step(page.evaluate(paint, highlights))
    count = "() => document.querySelectorAll('mark.readmode-highlight').length"
    painted_once = await step(page.evaluate(count))
    await step(page.evaluate(paint, highlights))
    assert await step(page.evaluate(count)) == painted_once
    await step(page.evaluate("() => readmodePaint.clear()"))
    assert await step(page.evaluate(count)) == 0
    assert await step(page.evaluate("() => document.body.textContent")) == text_before


async def test_options_show_the_shortcut_the_browser_really_assigned(rig: Rig) -> None:
    commands = await rig.sw("async () => chrome.commands.getAll()")
    by_name = {command["name"]: command for command in commands}
    assert "_execute_action" in by_name
    # Chromium keeps Alt+Shift+R for itself and leaves the command without a key; Firefox
    # assigns it. Either way Options must tell the truth.
    shortcut = by_name["open-reader"]["shortcut"]
    options = await step(rig.context.new_page())
    await step(options.goto(f"chrome-extension://{rig.extension_id}/options.html"))
    text = await step(options.locator("#shortcut").inner_text())
    if shortcut:
        assert text == f"{shortcut} opens the current page in the reader view."
    else:
        assert text.startswith("No shortcut opens the reader view yet")
