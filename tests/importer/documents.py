"""Build the files municipalities upload (PDF, DOCX, HTML) from plain text, and some bad ones.

The text convention is the importer's raw format: `# ` headings, `- ` list items, tab-separated
table rows. The builders turn it into the real thing, so the extractor has to find it again.
"""

import functools
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
import pypdf
import weasyprint

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


@dataclass
class Block:
    kind: str  # "heading" | "item" | "line" | "table"
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


def _blocks(text: str) -> Iterator[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append([cell.strip() for cell in lines[i].split("\t")])
                i += 1
            yield Block("table", rows=rows)
            continue
        heading = HEADING.match(line.strip())
        if heading:
            yield Block("heading", text=heading.group(2).strip(), level=len(heading.group(1)))
        elif line.lstrip().startswith("- "):
            yield Block("item", text=line.lstrip()[2:].strip())
        else:
            yield Block("line", text=line.strip())
        i += 1


def _title(text: str) -> str:
    heading = next((block.text for block in _blocks(text) if block.kind == "heading"), None)
    return heading or next((line.strip() for line in text.splitlines() if line.strip()), "Plan")


PDF_CSS = """
@page {
  size: A4;
  margin: 25mm 22mm 22mm 22mm;
  @top-center { content: "%(title)s"; font-size: 9pt; color: #444; }
  @bottom-right { content: "Side " counter(page); font-size: 9pt; }
}
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.35; }
p { margin: 0; text-align: justify; white-space: pre-wrap; }
h1, h2, h3, h4, h5, h6 { margin: 0.8em 0 0.3em; line-height: 1.2; }
h1 { font-size: 18pt; } h2 { font-size: 15pt; } h3 { font-size: 13pt; }
h4, h5, h6 { font-size: 11pt; }
ul { margin: 0; padding-left: 1.5em; }
table { border-collapse: collapse; margin: 0.4em 0; width: 100%; }
td { vertical-align: top; padding: 0.15em 2em 0.15em 0; text-align: left; }
td:last-child { padding-right: 0; }
"""


def text_to_html_document(text: str, *, css: str = "") -> str:
    """The HTML both the PDF and the HTML builders render: one element per line of the text."""
    title = html.escape(_title(text))
    parts = [
        f'<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{css}</style></head><body>",
    ]
    items: list[str] = []
    for block in _blocks(text):
        if block.kind != "item" and items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if block.kind == "heading":
            parts.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif block.kind == "item":
            items.append(f"<li>{html.escape(block.text)}</li>")
        elif block.kind == "table":
            width = max(len(row) for row in block.rows)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row + [""] * (width - len(row))) + "</tr>"
                for row in block.rows
            )
            parts.append(f"<table>{body}</table>")
        else:
            parts.append(f"<p>{html.escape(block.text)}</p>" if block.text else "<p>&#160;</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


@functools.lru_cache(maxsize=16)
def text_to_pdf(text: str) -> bytes:
    """An A4 PDF, 11pt, justified, with a running header (the title) and "Side N" in the footer.

    Cached: WeasyPrint takes a second or more per seed document, and several test modules render them.
    """
    title = _title(text).replace("\\", "\\\\").replace('"', '\\"')
    document = weasyprint.HTML(string=text_to_html_document(text, css=PDF_CSS.replace("%(title)s", title)))
    return document.write_pdf()


def text_to_html(text: str) -> bytes:
    """A web page as a municipality's site would serve it, with navigation and a script to skip."""
    page = text_to_html_document(text)
    page = page.replace(
        "<body>",
        '<body><nav><a href="/">Forside</a> <a href="/planer">Planer</a></nav>'
        '<script>document.title = "ikke dette";</script>',
        1,
    )
    return page.encode("utf-8")


def text_to_docx(text: str) -> bytes:
    """A Word document with built-in heading styles, bulleted lists and real tables."""
    document = docx.Document()
    for block in _blocks(text):
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=max(len(row) for row in block.rows))
            for row, cells in zip(table.rows, block.rows, strict=True):
                for cell, cell_text in zip(row.cells, cells, strict=False):
                    cell.text = cell_text
        else:
            document.add_paragraph(block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf(
    *,
    user_password: str = "hemmelig",  # noqa: S107
    owner_password: str = "eier",  # noqa: S107
    algorithm: str = "AES-256",
) -> bytes:
    """A one-page PDF encrypted with pypdf; with `user_password=""` anyone may open it."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(text_to_pdf("# Hemmelig plan\nTiltak 1. Hold det hemmelig.")))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rewrite_docx(
    data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def macro_docx() -> bytes:
    """A macro-enabled Word document (.docm) with a VBA project."""
    data = text_to_docx("# Plan med makro\nTiltak 1. Kjør makroen.")
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        content_types = source.read("[Content_Types].xml")
    content_types = content_types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return _rewrite_docx(
        data,
        replace={"[Content_Types].xml": content_types},
        add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)},
    )


def zip_bomb_docx(*, size: int = 200 * 1024 * 1024) -> bytes:
    """A valid Word document plus a member that inflates to `size` bytes of zeros (about 200 kB packed)."""
    data = text_to_docx("# Plan\nTiltak 1. Les meg.")
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        info = zipfile.ZipInfo("word/media/image1.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def xxe_docx(*, entity_url: str) -> bytes:
    """A Word document whose document.xml declares an external entity (and DTD) pointing at `entity_url`."""
    data = text_to_docx("Tiltak 1. ENTITET_HER")
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        document_xml = source.read("word/document.xml").decode("utf-8")
    declaration, rest = document_xml.split("?>", 1)
    document_xml = (
        f'{declaration}?>\n<!DOCTYPE w:document SYSTEM "{entity_url}" [\n'
        f'  <!ENTITY xxe SYSTEM "{entity_url}">\n]>'
        f"{rest.replace('ENTITET_HER', 'ENTITET_HER &xxe;')}"
    )
    return _rewrite_docx(data, replace={"word/document.xml": document_xml.encode("utf-8")})
