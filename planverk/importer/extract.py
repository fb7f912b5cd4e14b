"""Turn an uploaded plan (PDF, Word, HTML or plain text) into the importer's raw text, safely.

The raw text is what the cleaner and the structure detector read:

- one line per paragraph or line of the source, `\\n` line ends;
- PDF pages separated by a form feed on its own line (page headers, footers and numbers stay:
  the cleaner finds them because they repeat);
- headings as markdown (`# `, `## ` …), list items prefixed `- ` (numbered ones `- 1. `);
- table rows one line each, cells joined by tabs; an empty first cell gives a leading tab, and in
  PDFs a line that continues a cell in a later column starts with as many tabs as that column.

The file type comes from the content, never from the name. Every failure reaches the caller as
`ImportRefused` with a message for the user.
"""

import codecs
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import docx
from django.conf import settings
from django.utils.translation import gettext as _
from docx.opc.constants import RELATIONSHIP_TYPE
from pypdf import PasswordType, PdfReader
from pypdf.generic import NameObject, StreamObject

from .errors import ImportRefused

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Extracted:
    kind: str  # "pdf" | "docx" | "html" | "text"
    text: str
    pages: int | None  # PDF page count, else None


def refuse_unreadable_upload(data: bytes) -> None:
    """The checks every upload passes before it is stored or parsed: not empty, not over the size limit."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(
            _("Filen er for stor. Største tillatte størrelse er %(mb)s MB.")
            % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportRefused(_("Filen er tom."))


def extract(data: bytes, *, progress: Progress | None = None) -> Extracted:
    """The raw text of an uploaded file; refuses (ImportRefused) anything it cannot read safely."""
    refuse_unreadable_upload(data)

    if b"%PDF-" in data[:1024]:
        return _extract_pdf(data, progress)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        _refuse_ole2(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        result = Extracted(kind="docx", text=_extract_docx(data), pages=None)
    elif data.lstrip()[:5] == b"{\\rtf":
        raise ImportRefused(
            _("RTF-filer støttes ikke. Åpne filen i Word og lagre den som Word-dokument (.docx) eller PDF.")
        )
    else:
        text = _decode(data)
        if not text.strip():
            raise ImportRefused(_("Filen er tom."))
        if _looks_like_html(text):
            result = Extracted(kind="html", text=_html_text(text), pages=None)
        else:
            result = Extracted(kind="text", text=text, pages=None)
    if progress:
        progress(1, 1)
    return result


def _unsupported() -> ImportRefused:
    return ImportRefused(
        _("Filtypen støttes ikke. Last opp planen som PDF, Word-dokument (.docx), nettside (HTML) eller ren tekst.")
    )


def _refuse_ole2(data: bytes) -> None:
    # Password-protected .docx files are wrapped in the old OLE2 container too; they say so.
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportRefused(_("Dokumentet er passordbeskyttet. Fjern passordet i Word, lagre og last det opp på nytt."))
    raise ImportRefused(
        _(
            "Filen er et eldre Office-dokument (for eksempel .doc), som ikke støttes. Åpne den i Word "
            "og lagre den som Word-dokument (.docx) eller PDF, og last den opp på nytt."
        )
    )


# --- plain text and HTML ------------------------------------------------------------------------

CONTROL_SHARE_LIMIT = 0.02


def _decode(data: bytes) -> str:
    """UTF-8 (BOM allowed), UTF-16 with a BOM, else Windows-1252/Latin-1; binary data is refused."""
    text: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_text() from None
    else:
        if b"\x00" in data:
            raise _not_text()
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    assert text is not None  # latin-1 decodes any byte string
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text if (c < " " and c not in "\t\n\f") or "\x7f" <= c < "\xa0")
    if "\x00" in text or controls > CONTROL_SHARE_LIMIT * len(text):
        raise _not_text()
    return text


def _not_text() -> ImportRefused:
    return ImportRefused(
        _(
            "Filen ser ikke ut til å være tekst, og er heller ikke PDF, Word-dokument eller nettside. "
            "Last opp planen som PDF, Word-dokument (.docx), nettside (HTML) eller ren tekst."
        )
    )


_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|h[1-6]|table|ul|ol|section|article|main)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def _looks_like_html(text: str) -> bool:
    if _HTML_START.match(text) or re.search(r"<!doctype\s+html|<html[\s>]", text[:2048], re.IGNORECASE):
        return True
    # A fragment without <html>: mostly tags. Plain text quoting a few tags (seen in real plans) stays text.
    tag_chars = sum(len(tag) for tag in _TAG.findall(text))
    return tag_chars >= 0.3 * len("".join(text.split()))


_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "html", "legend", "li", "main", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    *_HEADINGS,
}  # fmt: skip
_SKIPPED = {"script", "style", "head", "nav", "template", "noscript", "svg", "math", "iframe", "object", "title"}


@dataclass
class _HtmlList:
    numbered: bool
    next_number: int


@dataclass
class _HtmlTable:
    rows: list[list[str]]
    row: list[str] | None = None
    cell: list[str] | None = None


class _HtmlText(HTMLParser):
    """Text of an HTML page by its elements' meaning; the stdlib parser never fetches anything."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._prefix = ""
        self._skipping: list[str] = []
        self._pre = 0
        self._tables: list[_HtmlTable] = []
        self._lists: list[_HtmlList] = []
        self._paragraph_start: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            if tag == "body" and self._skipping == ["head"]:  # </head> is optional
                self._skipping.clear()
            elif tag == self._skipping[-1]:
                self._skipping.append(tag)
            return
        if tag in _SKIPPED:
            self._skipping.append(tag)
            return
        table = self._tables[-1] if self._tables else None
        if tag == "br":
            self._text("\n")
        elif tag == "table":
            self._block()
            self._tables.append(_HtmlTable(rows=[]))
        elif tag == "tr" and table:
            self._end_row(table)
            table.row = []
        elif tag in ("td", "th") and table:
            self._end_cell(table)
            if table.row is None:
                table.row = []
            table.cell = []
        elif tag in ("ul", "ol"):
            self._block()
            start = (dict(attrs).get("start") or "").strip()
            self._lists.append(_HtmlList(numbered=tag == "ol", next_number=int(start) if start.isdigit() else 1))
        elif tag == "li":
            self._block()
            if self._lists and self._lists[-1].numbered:
                self._prefix = f"- {self._lists[-1].next_number}. "
                self._lists[-1].next_number += 1
            else:
                self._prefix = "- "
        elif tag in _HEADINGS:
            self._block()
            self._prefix = "#" * _HEADINGS[tag] + " "
        elif tag in _BLOCKS:
            self._block()
        if tag == "p" and not self._tables:
            self._paragraph_start = len(self.lines)
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._skipping:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        table = self._tables[-1] if self._tables else None
        if tag == "pre" and self._pre:
            self._block()
            self._pre -= 1
        elif tag in ("td", "th") and table:
            self._end_cell(table)
        elif tag == "tr" and table:
            self._end_row(table)
        elif tag == "table" and table:
            self._end_table()
        elif tag in ("ul", "ol") and self._lists:
            self._block()
            self._lists.pop()
        elif tag in _BLOCKS:
            self._block()
        # An empty paragraph is the author's blank line, as in Word; the cleaner reads blank lines.
        if tag == "p" and self._paragraph_start == len(self.lines):
            self.lines.append("")
        self._paragraph_start = None

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._text(data if self._pre else re.sub(r"\s+", " ", data))

    def close(self) -> None:
        super().close()
        while self._tables:
            self._end_table()
        self._block()

    def _text(self, text: str) -> None:
        table = self._tables[-1] if self._tables else None
        if table and table.cell is not None:
            table.cell.append(text.replace("\n", " "))
        elif "\n" in text:
            first, *rest = text.split("\n")
            self._line.append(first)
            for line in rest:
                self._flush()
                self._line.append(line)
        else:
            self._line.append(text)

    def _block(self) -> None:
        table = self._tables[-1] if self._tables else None
        if table and table.cell is not None:
            table.cell.append(" ")
        else:
            self._flush()

    def _flush(self) -> None:
        line = "".join(self._line)
        line = line.strip() if self._pre else " ".join(line.split())
        if line:
            self.lines.append(self._prefix + line)
            self._prefix = ""
        self._line = []

    def _end_cell(self, table: _HtmlTable) -> None:
        if table.cell is not None:
            if table.row is None:
                table.row = []
            table.row.append(" ".join("".join(table.cell).split()))
            table.cell = None

    def _end_row(self, table: _HtmlTable) -> None:
        self._end_cell(table)
        if table.row and any(table.row):
            table.rows.append(table.row)
        table.row = None

    def _end_table(self) -> None:
        table = self._tables.pop()
        self._end_row(table)
        rows = ["\t".join(row) for row in table.rows]
        outer = self._tables[-1] if self._tables else None
        if outer and outer.cell is not None:
            outer.cell.append(" " + " ".join(" ".join(row.split()) for row in rows) + " ")
        else:
            self._flush()
            self.lines.extend(rows)


# The stdlib parser slows to minutes on a few kilobytes of unclosed tags ("<a <a <a …"); a "<" that
# does not open a complete tag is text anyway, so it is escaped first, and comments are dropped
# (both linear), leaving the parser only well-formed tags.
_STRAY_LT = re.compile(r"<(?![a-zA-Z!/?][^<>]*>)")


def _without_comments(text: str) -> str:
    parts, position = [], 0
    while (start := text.find("<!--", position)) >= 0:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        position = len(text) if end < 0 else end + 3
    parts.append(text[position:])
    return "".join(parts)


def _html_text(text: str) -> str:
    parser = _HtmlText()
    try:
        parser.feed(_STRAY_LT.sub("&lt;", _without_comments(text)))
        parser.close()
    except MemoryError:
        raise
    except Exception:
        raise ImportRefused(_("Nettsiden kunne ikke leses. Last opp planen som PDF eller Word-dokument.")) from None
    text = "\n".join(_collapse_blank_lines(parser.lines)).strip("\n")
    if not text:
        raise ImportRefused(_("Nettsiden inneholder ingen tekst."))
    return text + "\n"


# --- Word (.docx) -------------------------------------------------------------------------------

DOCX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
DOCX_MAX_MEMBERS = 2000
DOCX_MAX_RATIO = 100
DOCX_RATIO_CHECKED_FROM_BYTES = 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _extract_docx(data: bytes) -> str:
    _check_docx_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
        styles = _DocxStyles(document.styles.element)
        try:
            numbering: Any = getattr(document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING), "element", None)
        except KeyError:
            numbering = None
        lines = list(_docx_blocks(document.element.body, styles, _DocxNumbering(numbering)))
    except MemoryError:
        raise
    except Exception:
        raise _corrupt_docx() from None
    text = "\n".join(_collapse_blank_lines(line.rstrip(" ") for line in lines)).strip("\n")
    if not text.strip():
        raise ImportRefused(_("Word-dokumentet inneholder ingen tekst."))
    return text + "\n"


def _corrupt_docx() -> ImportRefused:
    return ImportRefused(
        _(
            "Word-dokumentet er skadet og kan ikke leses. Åpne det i Word og lagre det på nytt, "
            "eller last opp planen som PDF."
        )
    )


def _check_docx_archive(data: bytes) -> None:
    """Look inside the zip without unpacking it: refuse bombs, path tricks, macros and non-Word zips."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = [member.filename for member in members]
            content_types = None
            if "[Content_Types].xml" in names and archive.getinfo("[Content_Types].xml").file_size < 1024 * 1024:
                content_types = archive.read("[Content_Types].xml")
    except MemoryError:
        raise
    except Exception:
        raise _corrupt_docx() from None

    if "word/document.xml" not in names:
        raise _unsupported()
    unsafe = ImportRefused(
        _(
            "Word-dokumentet er bygd opp på en uvanlig måte (svært stort når det pakkes ut, eller med "
            "mistenkelige filnavn inni) og blir ikke åpnet av sikkerhetshensyn. Lagre det på nytt i Word, "
            "eller last opp planen som PDF."
        )
    )
    if len(members) > DOCX_MAX_MEMBERS or len(set(names)) != len(names):
        raise unsafe
    if sum(member.file_size for member in members) > DOCX_MAX_UNPACKED_BYTES:
        raise unsafe
    for member in members:
        parts = member.filename.split("/")
        if member.filename.startswith("/") or "\\" in member.filename or ".." in parts or ":" in parts[0]:
            raise unsafe
        if member.file_size > DOCX_RATIO_CHECKED_FROM_BYTES and member.file_size > DOCX_MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise unsafe
        if member.flag_bits & 0x1:
            raise _corrupt_docx()
    macros = any(name.lower().endswith(("vbaproject.bin", "vbadata.xml")) for name in names)
    if macros or (content_types is not None and b"macroenabled" in content_types.lower()):
        raise ImportRefused(
            _(
                "Word-dokumentet inneholder makroer (.docm). Av sikkerhetshensyn tar vi ikke imot dokumenter "
                "med makroer. Lagre det som vanlig Word-dokument (.docx) eller PDF, og last det opp på nytt."
            )
        )


class _DocxStyles:
    """Heading level and list membership of paragraph styles, following `basedOn`."""

    def __init__(self, element: Any) -> None:
        self._styles = {style.get(W + "styleId"): style for style in element.iter(W + "style")}

    def chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen and len(seen) < 20:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style
            based_on = style.find(W + "basedOn")
            style_id = based_on.get(W + "val") if based_on is not None else None

    def heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            name_element = style.find(W + "name")
            name = (name_element.get(W + "val") if name_element is not None else "") or ""
            match = re.fullmatch(r"heading\s*([1-9])", name.strip().lower())
            if match:
                return min(int(match.group(1)), 6)
            if name.strip().lower() == "title":
                return 1
            level = _outline_level(style.find(W + "pPr"))
            if level is not None:
                return level
        return None

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        for style in self.chain(style_id):
            found = _num_pr(style.find(W + "pPr"))
            if found:
                return found
        return None


def _outline_level(ppr: Any) -> int | None:
    element = ppr.find(W + "outlineLvl") if ppr is not None else None
    value = element.get(W + "val") if element is not None else None
    if value is not None and value.isdigit() and int(value) < 9:
        return min(int(value) + 1, 6)
    return None


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    num_pr = ppr.find(W + "numPr") if ppr is not None else None
    if num_pr is None:
        return None
    num_id = num_pr.find(W + "numId")
    level = num_pr.find(W + "ilvl")
    num = num_id.get(W + "val") if num_id is not None else None
    ilvl = level.get(W + "val") if level is not None else "0"
    if not num or num == "0":
        return None
    return num, int(ilvl) if ilvl and ilvl.isdigit() else 0


class _DocxNumbering:
    """The labels Word would draw ("1.", "a)", "2.3"); the text itself does not contain them."""

    def __init__(self, element: Any) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._restarted: set[tuple[str, int]] = set()
        if element is None:
            return
        for abstract in element.iter(W + "abstractNum"):
            levels = {}
            for lvl in abstract.iter(W + "lvl"):
                fmt, text, start = (lvl.find(W + tag) for tag in ("numFmt", "lvlText", "start"))
                levels[_int(lvl.get(W + "ilvl"))] = (
                    fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(W + "val", "") if text is not None else "",
                    _int(start.get(W + "val")) if start is not None else 1,
                )
            self._levels[abstract.get(W + "abstractNumId")] = levels
        for num in element.iter(W + "num"):
            abstract_id = num.find(W + "abstractNumId")
            overrides = {
                _int(override.get(W + "ilvl")): _int(start.get(W + "val"))
                for override in num.iter(W + "lvlOverride")
                if (start := override.find(W + "startOverride")) is not None
            }
            if abstract_id is not None:
                self._nums[num.get(W + "numId")] = (abstract_id.get(W + "val"), overrides)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label for the next paragraph in this list, or None for a bullet."""
        if num_id not in self._nums:
            return None
        abstract_id, overrides = self._nums[num_id]
        levels = self._levels.get(abstract_id, {})
        if ilvl not in levels or levels[ilvl][0] in ("bullet", "none"):
            return None
        counters = self._counters.setdefault(abstract_id, {})
        if ilvl in overrides and (num_id, ilvl) not in self._restarted:
            self._restarted.add((num_id, ilvl))
            counters[ilvl] = overrides[ilvl] - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            fmt, _text, start = levels.get(level, ("decimal", "", 1))
            return _format_number(counters.get(level, start), fmt)

        return re.sub(r"%([1-9])", number, levels[ilvl][1]).strip() or None


def _int(value: str | None) -> int:
    return int(value) if value and value.lstrip("-").isdigit() else 0


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = ""
        for value, numeral in (
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ):  # fmt: skip
            count, n = divmod(n, value)
            roman += numeral * count
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _docx_blocks(container: Any, styles: _DocxStyles, numbering: _DocxNumbering) -> Iterator[str]:
    for child in container:
        if child.tag == W + "p":
            yield from _docx_paragraph(child, styles, numbering)
        elif child.tag == W + "tbl":
            for row in child.iter(W + "tr"):
                if row.getparent() is not child:
                    continue  # rows of nested tables are read as part of their cell
                cells = [_docx_cell_text(cell, styles, numbering) for cell in row if cell.tag == W + "tc"]
                if any(cells):
                    yield "\t".join(cells)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"):
            yield from _docx_blocks(child, styles, numbering)


def _docx_cell_text(cell: Any, styles: _DocxStyles, numbering: _DocxNumbering) -> str:
    lines = _docx_blocks(cell, styles, numbering)
    return " ".join(" ".join(re.sub(r"^(#+|-) ", "", line).split()) for line in lines if line.strip())


def _docx_paragraph(p: Any, styles: _DocxStyles, numbering: _DocxNumbering) -> Iterator[str]:
    text = "".join(_docx_run_text(p))
    ppr = p.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    style_id = style.get(W + "val") if style is not None else None
    level = _outline_level(ppr) or styles.heading_level(style_id)
    num = _num_pr(ppr) or styles.numbering(style_id)
    label = numbering.label(*num) if num else None
    first, *rest = text.split("\n")
    if first.strip() and level:
        first = "#" * level + " " + (f"{label} " if label else "") + first.strip()
    elif first.strip() and num:
        first = "- " + (f"{label} " if label else "") + first.strip()
    yield first
    yield from rest
    # Text boxes anchored in the paragraph come after it; mc:Fallback repeats them for old readers.
    for box in p.iter(W + "txbxContent"):
        in_fallback = any(ancestor.tag == MC + "Fallback" for ancestor in box.iterancestors())
        if not in_fallback and not _inside_text_box(box, p):
            yield from _docx_blocks(box, styles, numbering)


def _docx_run_text(p: Any) -> Iterator[str]:
    for element in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        if element.getparent().tag != W + "r" or _inside_text_box(element, p):
            continue
        if element.tag == W + "t":
            yield element.text or ""
        elif element.tag == W + "tab":
            yield "\t"
        elif element.tag == W + "noBreakHyphen":
            yield "-"
        elif element.get(W + "type") in (None, "textWrapping"):
            yield "\n"


def _inside_text_box(element: Any, p: Any) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag == W + "txbxContent":
            return True
    return False


def _collapse_blank_lines(lines: Iterable[str]) -> Iterator[str]:
    blank = False
    for line in lines:
        if line.strip() or line == "\f":
            blank = False
            yield line
        elif not blank:
            blank = True
            yield ""


# --- PDF ----------------------------------------------------------------------------------------

PDF_MAX_PAGES = 500
PDF_MAX_SECONDS = 240


def _extract_pdf(data: bytes, progress: Progress | None) -> Extracted:
    corrupt = ImportRefused(
        _(
            "PDF-en er skadet eller ufullstendig og kan ikke leses. Prøv å lagre eller eksportere den på nytt, "
            "eller last opp planen som Word-dokument."
        )
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ImportRefused(
                _(
                    "PDF-en er passordbeskyttet. Fjern passordet (for eksempel ved å lagre eller skrive den ut "
                    "som en ny PDF) og last den opp på nytt."
                )
            )
        total = len(reader.pages)
    except (ImportRefused, MemoryError):
        raise
    except Exception:
        raise corrupt from None
    if total == 0:
        raise corrupt
    if total > PDF_MAX_PAGES:
        raise ImportRefused(
            _("PDF-en har %(pages)s sider. Vi tar imot planer på opptil %(limit)s sider.")
            % {"pages": total, "limit": PDF_MAX_PAGES}
        )

    started = time.monotonic()
    pages: list[str] = []
    for number in range(total):
        try:
            page = reader.pages[number]
        except MemoryError:
            raise
        except Exception:
            raise corrupt from None
        pages.append("\n".join(_pdf_page_lines(page)))
        if progress:
            progress(number + 1, total)
        if time.monotonic() - started > PDF_MAX_SECONDS and number + 1 < total:
            raise ImportRefused(
                _(
                    "Det tok for lang tid å lese PDF-en. Prøv å lagre eller eksportere den på nytt, "
                    "eller last opp planen som Word-dokument."
                )
            )
    if not any(page.strip() for page in pages):
        raise ImportRefused(
            _(
                "PDF-en inneholder ingen tekst vi kan lese ut; den er trolig skannet. Kjør tekstgjenkjenning "
                "(OCR) på den først, eller last opp originaldokumentet, for eksempel som Word-dokument."
            )
        )
    return Extracted(kind="pdf", text="\n\f\n".join(pages) + "\n", pages=total)


def _pdf_page_lines(page: Any) -> list[str]:
    """A page's lines with table columns as tabs; plain extraction where layout mode fails."""
    _read_embedded_cmaps_as_two_byte(page)
    try:
        layout = page.extract_text(extraction_mode="layout")
    except MemoryError:
        raise
    except Exception:
        layout = ""
    if layout.strip():
        lines = layout_to_lines(layout)
    else:
        try:
            plain = page.extract_text()
        except MemoryError:
            raise
        except Exception:
            plain = ""
        lines = [" ".join(line.split()) for line in plain.split("\n")]
    return list(_collapse_blank_lines(line.replace("\x00", "") for line in lines))


_TWO_BYTE_CODESPACE = re.compile(rb"begincodespacerange\s*(?:<[0-9a-fA-F]{4}>\s*<[0-9a-fA-F]{4}>\s*)+endcodespacerange")


def _read_embedded_cmaps_as_two_byte(page: Any) -> None:
    """pypdf 7 reads a Type0 font whose encoding is an embedded CMap one byte per code, putting a NUL
    before every letter (WeasyPrint writes such fonts). For extraction only the code length matters,
    so a two-byte CMap is read as Identity-H; the ToUnicode map still gives the text."""
    try:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            encoding = font.get("/Encoding")
            encoding = encoding.get_object() if encoding is not None else None
            if (
                font.get("/Subtype") == "/Type0"
                and isinstance(encoding, StreamObject)
                and _TWO_BYTE_CODESPACE.search(encoding.get_data())
            ):
                font[NameObject("/Encoding")] = NameObject("/Identity-H")
    except MemoryError:
        raise
    except Exception:  # noqa: S110 (a page we cannot inspect is still extracted as it is)
        pass


# pypdf's layout mode draws a page on a grid of characters: each text object starts at the column of
# its x position, words are single-spaced. Inside one text object, though, positions drift: a jump
# (two table cells drawn together) becomes spaces of the font's space width, narrower than a grid
# character, so what follows sits too far right (up to OVERSHOOT times), while the text before it
# counts one grid character per letter, too few, pulling it left (down to 1 / UNDERSHOOT). Runs that
# start a line are exact; columns are therefore taken from line starts, and later runs are matched
# to the nearest column they could really be at. Thresholds are in grid characters (~0.4 em).
MIN_GAP = 3  # narrower gaps are word spacing; WeasyPrint and Word justify with one or two
WIDE_GAP = 6  # a gap this wide is a column gap on its own; narrower ones must line up with a neighbour
ALIGN = 2  # how far a run may start from a neighbour's to line up with it
NEIGHBOURS = 3  # non-blank lines above and below that are checked for alignment
CLUSTER = 4  # line starts this close belong to the same column
OVERSHOOT = 1.7  # grid character / space width: about 1.25 in DejaVu Sans, 1.6 in Calibri
UNDERSHOOT = 1.35  # grid character = average character width / 1.25 (pypdf's scale weight)
MAX_BLANKS = 1  # more blank lines than this end a table (tables next to each other stay apart)


@dataclass(frozen=True)
class _Run:
    start: int
    end: int
    text: str


_RUN = re.compile(r"\S+(?: {1,2}\S+)*")  # runs split at MIN_GAP spaces


def layout_to_lines(layout: str) -> list[str]:
    """Lines of one page of pypdf's layout text, column gaps turned into tabs."""
    lines = _confirm_gaps(
        [[_Run(m.start(), m.end(), m.group()) for m in _RUN.finditer(line)] for line in layout.split("\n")]
    )
    out: list[str | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        if len(lines[i]) < 2:
            i += 1
            continue
        start, end = _table_extent(lines, i, out)
        columns = _columns(lines[start:end])
        for k in range(start, end):
            out[k] = _cells(lines[k], columns)
        i = end
    return [
        text if text is not None else " ".join(" ".join(run.text.split()) for run in runs)
        for text, runs in zip(out, lines, strict=True)
    ]


def _confirm_gaps(lines: list[list[_Run]]) -> list[list[_Run]]:
    """Keep a gap between runs as a column gap only if it is wide or lines up with a run nearby."""
    filled = [i for i, runs in enumerate(lines) if runs]
    starts = [{run.start for run in runs if run.start > 0} for runs in lines]
    result = [list(runs) for runs in lines]
    for position, i in enumerate(filled):
        if len(lines[i]) < 2:
            continue
        nearby = filled[max(0, position - NEIGHBOURS) : position] + filled[position + 1 : position + 1 + NEIGHBOURS]
        merged = [lines[i][0]]
        for run in lines[i][1:]:
            wide = run.start - merged[-1].end >= WIDE_GAP
            aligned = any(abs(run.start - start) <= ALIGN for k in nearby for start in starts[k])
            if wide or aligned:
                merged.append(run)
            else:
                merged[-1] = _Run(merged[-1].start, run.end, f"{merged[-1].text} {run.text}")
        result[i] = merged
    return result


def _table_extent(lines: list[list[_Run]], first: int, out: list[str | None]) -> tuple[int, int]:
    """The lines (start, end exclusive) of the table that has a row at `first`.

    Around its rows a table holds the lines that continue a cell: a line indented into a later
    column, or a line at the left edge that stays inside the first column. A line that runs from
    the first column into the second is ordinary text again.
    """
    left = lines[first][0].start
    second = min(run.start for runs in lines[first:] if len(runs) > 1 for run in runs[1:2])
    last, blanks = first, 0
    for k in range(first + 1, len(lines)):
        runs = lines[k]
        if not runs:
            blanks += 1
            if blanks > MAX_BLANKS:
                break
            continue
        if len(runs) > 1:
            second = min(second, runs[1].start)
        elif runs[0].start < left - CLUSTER or (runs[0].start <= left + CLUSTER and runs[0].end > second):
            break
        last, blanks = k, 0
    start, blanks = first, 0
    for k in range(first - 1, -1, -1):
        runs = lines[k]
        if out[k] is not None:
            break
        if not runs:
            blanks += 1
            if blanks > MAX_BLANKS:
                break
            continue
        if len(runs) > 1 or runs[0].start <= left + CLUSTER:
            break
        start, blanks = k, 0
    return start, last + 1


def _columns(lines: list[list[_Run]]) -> list[int]:
    """Column starts: where lines start (exact), then where later cells start that match none of them."""
    columns: list[int] = []
    for start in sorted({runs[0].start for runs in lines if runs}):
        if not columns or start - columns[-1] > CLUSTER:
            columns.append(start)
    for start in sorted(run.start for runs in lines for run in runs[1:]):
        if not any(_may_be_at(start, column) for column in columns):
            columns = sorted([*columns, start])
    return columns


def _may_be_at(start: int, column: int) -> bool:
    """Could a run drawn at `start`, after a gap inside its text object, really start at `column`?"""
    return start / OVERSHOOT - CLUSTER <= column <= start * UNDERSHOOT + CLUSTER


def _cells(runs: list[_Run], columns: list[int]) -> str:
    if not runs:
        return ""
    index = min(range(len(columns)), key=lambda c: abs(columns[c] - runs[0].start))
    line = "\t" * index + " ".join(runs[0].text.split())
    for run in runs[1:]:
        later = [c for c in range(index + 1, len(columns)) if _may_be_at(run.start, columns[c])]
        following = min(later, key=lambda c: abs(columns[c] - run.start)) if later else index + 1
        line += "\t" * (following - index) + " ".join(run.text.split())
        index = following
    return line
