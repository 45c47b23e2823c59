"""Reading news articles safely: files, uploads and pasted text to plain text.

:func:`read_article` takes a ``.txt``, ``.md``, ``.html``/``.htm`` file;
:func:`article_from_bytes` an upload; :func:`article_from_text` pasted text.
Each returns an :class:`Article` (clean text, title, encoding, messages) or
raises :class:`ArticleError` with a message that says what is wrong and where
(empty, binary, larger than 5 MB, unreadable).

HTML is reduced to text with the standard library parser: scripts, styles,
navigation, headers/footers, forms and comment or share sections are dropped.
Boilerplate lines of news sites ("Support <site>", share bars, comment forms,
donation amounts) are found by :func:`boilerplate_spans`; the extractor skips
those spans so that evidence offsets stay valid on the text it was given.
Sentences and paragraphs are split by :func:`split_sentences` /
:func:`paragraph_spans`, which respect abbreviations (Col.-Gen., U.S., St.).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: Largest article accepted, bytes.
MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

#: Elements whose whole content is dropped from HTML.
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
     "svg", "button", "select", "template", "figure", "menu"}
)
#: class/id words that mark navigation, comments, share bars and related-links blocks.
SKIPPED_CLASS_WORDS = re.compile(
    r"comment|share|social|related|sidebar|navbar|\bnav\b|menu|breadcrumb|subscribe|newsletter|"
    r"cookie|advert|\bads?\b|promo|footer|header|donat|popup|modal|widget|tags",
    re.IGNORECASE,
)
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
     "section", "article", "blockquote", "pre", "dd", "dt", "main", "hr", "title"}
)
VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "source", "wbr", "col", "area", "base"})

#: Whole lines that are site furniture, never article text (matched case-insensitively).
BOILERPLATE_LINES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"support [\w .-]{1,40}",
        r"(click|tap) (here )?to (see|view|enlarge) (the )?full[- ]size image",
        r"(share|tweet|email|print)( (this|on) [\w ]{1,20})?:?",
        r"(facebook|twitter|telegram|whatsapp|vk|linkedin|reddit)( \| \w+)*",
        r"subscribe( now| to [\w ]{1,30})?",
        r"notify of",
        r"guest",
        r"(oldest|newest|most voted|inline feedbacks|view all comments)( newest most voted)?",
        r"more on the topic:?",
        r"related( posts| articles| stories)?:?",
        r"read (more|also):?.{0,80}",
        r"advertisement",
        r"home\s*>.*",
        r"[\d\s,.]*[$€£]?\s*[\d,.]*\s*[$€£]",  # donation amount buttons: "2,500 $"
        r"[\d\s()x.]{1,8}",  # counters and stray symbols: "17", "()", "x"
        r"\d+ forum posts?",
        r"posted by .{1,60}",
        r"tags?:.*",
        r"(?:file(?: photo)?|photo|image|caption)\s*(?::|[-–—]).*",  # a photo caption: its date is the picture's
    )
)
#: A line that opens the reader-comment section: everything after it is dropped.
COMMENT_SECTION_START = re.compile(
    r"^\s*(\d+\s+)?(comments?|responses?|replies)\s*:?\s*$|^\s*(no comments|post a comment|leave a (reply|comment)|"
    r"any message or comments\??|would love your thoughts.*|join the discussion.*|add comment)\s*:?\s*$",
    re.IGNORECASE,
)
#: Tokens (lower case, without the final period) that do not end a sentence.
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "cpt", "sgt", "cpl", "adm",
     "brig", "cmdr", "gov", "sen", "rep", "pres", "st", "mt", "ft", "no", "nos", "vs", "approx",
     "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "inc", "ltd", "co", "corp", "dept", "est", "fig", "gen.-col", "col.-gen", "lt.-gen", "maj.-gen",
     "e.g", "i.e", "cf", "al", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m"}
)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_LAST_TOKEN = re.compile(r"([\w.-]+)[.!?]+[\"'”’)\]]*$")


HTML_START = re.compile(r"\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


class ArticleError(ValueError):
    """The input cannot be read as an article; the message says what and where."""


@dataclass(frozen=True)
class Article:
    """An article as clean text; ``messages`` are warnings for the person ingesting it."""

    text: str
    title: str = ""
    encoding: str = "utf-8"
    source: str = "pasted text"
    messages: tuple[str, ...] = field(default_factory=tuple)


def read_article(path: str | Path) -> Article:
    """Read an article file (.txt, .md, .html); raises :class:`ArticleError`."""
    path = Path(path)
    if not path.is_file():
        raise ArticleError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ArticleError(f"{path.name}: {size / 1e6:.1f} MB is larger than the {MAX_BYTES // 2**20} MB limit")
    return article_from_bytes(path.read_bytes(), name=path.name)


def article_from_bytes(data: bytes, *, name: str = "upload") -> Article:
    """Decode, detect HTML and clean an uploaded article; raises :class:`ArticleError`."""
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{name}: {len(data) / 1e6:.1f} MB is larger than the {MAX_BYTES // 2**20} MB limit")
    if not data.strip():
        raise ArticleError(f"{name}: the file is empty")
    if looks_binary(data):
        raise ArticleError(f"{name}: this looks like a binary file (PDF, image or office document), not text or HTML")
    text, encoding, messages = decode_bytes(data, name)
    is_html = name.lower().endswith(HTML_SUFFIXES) or bool(HTML_START.match(text))
    return _finish(text, name, encoding, list(messages), is_html)


def article_from_text(text: str, *, name: str = "pasted text") -> Article:
    """Clean pasted text (HTML is recognised by its tags); raises :class:`ArticleError`."""
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(f"{name}: the text is empty")
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ArticleError(f"{name}: the text is larger than the {MAX_BYTES // 2**20} MB limit")
    is_html = bool(re.search(r"<(p|div|html|body|article|script)\b", text, re.I))
    return _finish(text, name, "utf-8", [], is_html)


def _finish(text: str, name: str, encoding: str, messages: list[str], is_html: bool) -> Article:
    title = ""
    if is_html:
        text, title = html_to_text(text)
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ArticleError(f"{name}: no article text left after removing markup and site furniture")
    return Article(text=text, title=title, encoding=encoding, source=name, messages=tuple(messages))


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes or many control characters in the first 8 KB (UTF-16 BOM text excepted)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head or head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def decode_bytes(data: bytes, name: str = "upload") -> tuple[str, str, tuple[str, ...]]:
    """Bytes to text: BOM, strict UTF-8, then windows-1251 (Cyrillic) or windows-1252.

    Returns ``(text, encoding, messages)``; a message says when the text was
    not UTF-8 and which encoding was assumed.
    """
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, ()
            except UnicodeDecodeError as exc:
                raise ArticleError(f"{name}: starts with a {codec} marker but byte {exc.start} is invalid") from None
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    cyrillic = data.decode("cp1251", errors="replace")
    codec = "cp1251" if _mostly_cyrillic_words(cyrillic) else "cp1252"
    text = data.decode(codec, errors="replace")
    label = "windows-1251 (Cyrillic)" if codec == "cp1251" else "windows-1252 (Western European)"
    note = f"{name}: not UTF-8 (invalid byte at position {first_bad}); read as {label} — check accented letters"
    if "\ufffd" in text:
        note += "; some bytes could not be decoded and were replaced with \ufffd"
    return text, codec, (note,)


def _mostly_cyrillic_words(text: str) -> bool:
    """Whole words of Cyrillic letters (not Latin words with one odd letter) dominate."""
    words = re.findall(r"[^\W\d_]+", text)
    pure = sum(1 for w in words if all("\u0400" <= c <= "\u04ff" for c in w))
    mixed = sum(1 for w in words if any("\u0400" <= c <= "\u04ff" for c in w) and any(c.isascii() for c in w))
    return pure > 0 and pure >= 2 * mixed


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._in_title = False

    @property
    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag in VOID_TAGS:
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skipped = tag in SKIPPED_TAGS or bool(marks and SKIPPED_CLASS_WORDS.search(marks))
        self._stack.append((tag, skipped))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        for i in range(len(self._stack) - 1, -1, -1):  # tolerate unclosed children
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """HTML to ``(text, title)`` without scripts, styles, navigation or comment sections."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\xa0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, " ".join("".join(parser.title_parts).split())


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of site-furniture lines and of the trailing comment section."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if COMMENT_SECTION_START.match(stripped):
            spans.append((pos, len(text)))
            break
        if stripped and any(p.fullmatch(stripped) for p in BOILERPLATE_LINES):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def clean_text(text: str) -> str:
    """``text`` without the spans of :func:`boilerplate_spans`, blank runs squeezed."""
    out, last = [], 0
    for start, end in boilerplate_spans(text):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: a blank line, or a line break after end punctuation or a short line.

    A line break inside a sentence (hard-wrapped text) does not start a paragraph.
    """
    spans: list[tuple[int, int]] = []
    start = None
    pos = 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        body = line.strip()
        if body and start is None:
            start = pos + (len(line) - len(line.lstrip()))
        pos += len(line)
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        wrapped = body and not re.search(r"[.!?:;\"'”’)]$", body) and len(body) > 60 and nxt[:1].islower()
        if start is not None and (not nxt or not wrapped):
            end = pos - (len(line) - len(line.rstrip()))
            if end > start:
                spans.append((start, end))
            start = None
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (absolute offsets), abbreviations respected."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        last = _LAST_TOKEN.search(text, cursor, match.end())
        token = last.group(1).lower().strip(".-") if last else ""
        if token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end and text[cursor:end].strip():
        tail_end = end
        while tail_end > cursor and text[tail_end - 1].isspace():
            tail_end -= 1
        spans.append((cursor, tail_end))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph_index)`` of every sentence outside boilerplate spans."""
    skipped = boilerplate_spans(text)
    out: list[tuple[int, int, int]] = []
    for index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        if any(s <= p_start < e for s, e in skipped):
            continue
        out.extend((s, e, index) for s, e in split_sentences(text, p_start, p_end))
    return out
