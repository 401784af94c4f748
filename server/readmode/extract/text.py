"""Plain text of the reader HTML: one block per paragraph, blocks separated by a blank line.

This text is what highlights are anchored to (offsets in code points) and what search indexes,
so it must be stable: the same HTML always gives the same text.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from readmode.extract.dom import BLOCK_TAGS, tag_of

_INLINE_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_BR = "\ue000"  # a private-use stand-in for <br>, so whitespace collapsing keeps the break
_PRE = "\ue001"  # marks a preformatted block, whose whitespace is content
WORDS_PER_MINUTE = 230
CJK_CHARS_PER_MINUTE = 500
"""Reading rates: 230 words/min for alphabetic scripts (median adult silent reading of
non-fiction, Brysbaert 2019: 238) and ~500 characters/min for Chinese/Japanese/Korean."""


def html_to_text(root: HtmlElement) -> str:
    blocks: list[str] = []
    line: list[str] = []

    def flush() -> None:
        text = _INLINE_WS.sub(" ", "".join(line)).replace(_BR, "\n").strip()
        if text:
            blocks.append(text)
        line.clear()

    def walk(el: HtmlElement) -> None:
        tag = tag_of(el)
        if tag == "pre":
            flush()
            code = _preformatted_text(el).strip("\n")
            if code.strip():
                blocks.append(_PRE + code)
        elif tag == "br":
            line.append(_BR)
        elif tag in BLOCK_TAGS or tag == "tr":
            flush()
            if el.text:
                line.append(el.text)
            for child in el:
                walk(child)
            flush()
        elif tag in ("td", "th"):
            if el.text:
                line.append(el.text)
            for child in el:
                walk(child)
            line.append(" ")
        elif tag == "img":
            pass
        else:
            if el.text:
                line.append(el.text)
            for child in el:
                walk(child)
        if el.tail:
            line.append(el.tail)

    if root.text:
        line.append(root.text)
    for child in root:
        walk(child)
    flush()
    # A <br> inside a paragraph is a line break, not a new block.
    return "\n\n".join(_tidy_lines(b) for b in blocks if b.strip())


def _preformatted_text(pre: HtmlElement) -> str:
    """A ``<pre>``'s text, whitespace kept; a ``<br>`` and the end of a block-level line
    (highlighters write each line as ``<span class="token-line">…<br></span>`` or as a
    ``<div>``, without newline characters) end a line."""
    parts: list[str] = []

    def walk(el: HtmlElement) -> None:
        tag = tag_of(el)
        if tag == "br":
            parts.append("\n")
        else:
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
            if tag in BLOCK_TAGS and parts and not parts[-1].endswith("\n"):
                parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    if pre.text:
        parts.append(pre.text)
    for child in pre:
        walk(child)
    return "".join(parts)


def _tidy_lines(block: str) -> str:
    if block.startswith(_PRE):
        return block[len(_PRE) :].rstrip()  # code keeps its indentation
    if "\n" not in block:
        return block
    return "\n".join(part.strip() for part in block.split("\n") if part.strip())


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
"""Chinese and Japanese characters: those scripts put no spaces between words, so each counts
as one. (Korean puts spaces between words: its words are counted like any other.)"""


_UNSPACED_RUNS = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+")
"""Thai, Lao, Burmese and Khmer: no spaces between words either, but words of several letters
(and marks), so a run counts as its length over ``SOUTHEAST_ASIAN_CHARS_PER_WORD``."""
SOUTHEAST_ASIAN_CHARS_PER_WORD = 5
"""Code points per word in Thai prose, combining vowels and tone marks included (about 4 letters
a word plus marks): a page of 2,000 characters is about 400 words, not the 100 its spaces say."""


def _words_and_characters(text: str) -> tuple[int, int]:
    """Spaced words that hold a letter or digit ('{' in code is not a word), words estimated in
    unspaced Southeast Asian runs, and unspaced Chinese/Japanese characters."""
    characters = len(_UNSPACED.findall(text))
    estimated = 0
    for run in _UNSPACED_RUNS.findall(text):
        estimated += max(1, round(len(run) / SOUTHEAST_ASIAN_CHARS_PER_WORD))
    spaced = _UNSPACED_RUNS.sub(" ", _UNSPACED.sub(" ", text))
    words = len(_SYMBOLS_ONLY.sub(" ", spaced).split())
    return words + estimated, characters


_SYMBOLS_ONLY = re.compile(r"(?<!\S)[\W_]+(?!\S)")
"""A space-separated token without a letter or digit ('{', '—'): not a word. (One pass over
the text; a test per word was a tenth of the finish stage.)"""


def text_measures(text: str) -> tuple[int, int]:
    """``(word_count, reading_minutes)`` from one count."""
    words, characters = _words_and_characters(text)
    minutes = words / WORDS_PER_MINUTE + characters / CJK_CHARS_PER_MINUTE
    return words + characters, max(1, round(minutes))
