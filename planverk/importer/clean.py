"""From extracted text to clean lines: what is left when a PDF's page furniture is gone.

The result keeps one source line per line (so the review can point at them) and keeps tabs, which mark table
cells. Removed: page headers, footers and page numbers, private-use bullet glyphs, inline markup, footnote URLs
that repeat; words split across lines are joined.
"""

import re
import unicodedata
from collections import Counter

UPPER = "A-ZÆØÅÉÜÖÄ"  # for character classes in patterns: Norwegian and common loan letters
LOWER = "a-zæøåéüöä"
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009"), " ")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_BULLETS = "•●▪■◦○◾◆►▶➢➤✓✔·∙"
_BULLET_START = re.compile(rf"^(\s*)(?:[{_BULLETS}]|[\ue000-\uf8ff])[ \t]*")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_INLINE_TAG = re.compile(r"</?(?:a|b|i|u|em|strong|span|sup|sub|font|small|mark)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_URL_LINE = re.compile(r"^\s*(?:\d{1,3}\s+)?((?:https?://|www\.)\S+)\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:(?:side|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
# A running footer or header with a page number: "24 | Årsrapport …", "Handlingsplan … | 7", "Side 3 av 20".
_RUNNING_WITH_NUMBER = re.compile(
    r"^\s*(?:\d{1,4}\s*[|│]\s*\S.*|\S.*\s[|│]\s*\d{1,4}|(?:side|page)\s+\d{1,4}(?:\s+av\s+\d{1,4})?)\s*$", re.IGNORECASE
)
_HYPHEN_END = re.compile(r"([A-Za-zÆØÅæøåÉéÜüÖöÄä])-$")
_KEEP_HYPHEN_BEFORE = {"og", "eller", "til", "samt", "enn", "som", "/", "&"}


def clean_text(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_INVISIBLE).translate(_SPACES)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    pages = text.split("\f")
    if len(pages) > 1:
        pages = _drop_page_furniture(pages)
    lines = [line for page in pages for line in page.split("\n")]
    lines = [_clean_line(line) for line in lines]
    lines = _drop_running_lines(lines)
    lines = _join_wrapped_urls(lines)
    lines = _drop_repeated_urls(lines)
    lines = _join_hyphenated(lines)
    return "\n".join(_squeeze_blank(lines)).strip("\n") + "\n"


def _clean_line(line: str) -> str:
    line = _INLINE_TAG.sub("", line)
    line = _MARKDOWN_ESCAPE.sub(r"\1", line)
    line = _MARKDOWN_EMPHASIS.sub("", line)
    bullet = _BULLET_START.match(line)
    if bullet:
        line = bullet.group(1) + "- " + line[bullet.end() :]
    line = _PRIVATE_USE.sub("", line)
    line = line.rstrip()
    # Leading spaces are layout; a leading tab is an empty first table cell and stays.
    return line.lstrip(" ")


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def _drop_page_furniture(pages: list[str]) -> list[str]:
    """Lines at the top or bottom of many pages (digits aside) are running headers and footers."""
    edges: list[list[tuple[int, str]]] = []
    for page in pages:
        lines = page.split("\n")
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edges.append([(i, _furniture_key(lines[i])) for i in filled[:3] + filled[-3:]])
    counts = Counter(key for page in edges for key in {k for _, k in page})
    needed = max(2, round(0.4 * len(pages)))
    cleaned = []
    for page, page_edges in zip(pages, edges, strict=True):
        lines = page.split("\n")
        drop = {i for i, key in page_edges if counts[key] >= needed or _PAGE_NUMBER.match(lines[i])}
        cleaned.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return cleaned


def _drop_running_lines(lines: list[str]) -> list[str]:
    """Text without page breaks (copied out of a PDF) still carries footers like "24 | Årsrapport …"."""
    keys = Counter(_furniture_key(line) for line in lines if _RUNNING_WITH_NUMBER.match(line))
    return [line for line in lines if not (_RUNNING_WITH_NUMBER.match(line) and keys[_furniture_key(line)] >= 2)]


def _drop_repeated_urls(lines: list[str]) -> list[str]:
    urls = Counter(m.group(1).rstrip(".,;") for line in lines if (m := _URL_LINE.match(line)))
    kept = []
    for line in lines:
        m = _URL_LINE.match(line)
        if m and urls[m.group(1).rstrip(".,;")] > 1:
            continue
        kept.append(line)
    return kept


def join_wrapped(left: str, right: str) -> str:
    """Join a line broken after a hyphen: "selvmords-" + "forebyggende", but "MEST-" + "undersøkelsen"."""
    left, right = left.rstrip(), right.strip()
    if not left:
        return right
    if not right:
        return left
    if _HYPHEN_END.search(left) and right[:1].islower():
        first = right.split(maxsplit=1)[0].rstrip(",.;:")
        if first in _KEEP_HYPHEN_BEFORE:
            return f"{left} {right}"
        word = left.split()[-1][:-1]
        # An acronym or a number keeps its hyphen: "MEST-undersøkelsen", "12-årige".
        if word.isupper() or any(c.isdigit() for c in word):
            return left + right
        return left[:-1] + right
    return f"{left} {right}"


def _join_hyphenated(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        words = line.split(maxsplit=1)
        if (
            _HYPHEN_END.search(previous)
            and "\t" not in previous
            and "\t" not in line
            and words
            and words[0][:1].islower()
        ):
            out[-1] = join_wrapped(previous, line)
            continue
        out.append(line)
    return out


def _join_wrapped_urls(lines: list[str]) -> list[str]:
    """A long footnote URL wraps in a PDF; its tail is a line of its own with no spaces."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if (
            _URL_LINE.match(previous)
            and previous.rstrip()[-1:] in "-/_.=?&"
            and line.strip()
            and " " not in line.strip()
            and "\t" not in line
        ):
            out[-1] = previous.rstrip() + line.strip()
            continue
        out.append(line)
    return out


def _squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line if line.strip() else "")
    return out


def normalise(text: str) -> str:
    """Whitespace runs to one space, ends trimmed."""
    return " ".join(text.split())
