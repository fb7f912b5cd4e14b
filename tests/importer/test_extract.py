"""Turning uploaded files into the importer's raw text: the four seed plans survive every format,
and whatever is broken, disguised or hostile is refused with a clear Norwegian message."""

import functools
import http.server
import io
import random
import re
import threading
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from planverk.importer import extract as extract_module
from planverk.importer.errors import ImportRefused
from planverk.importer.extract import Extracted, extract
from tests.importer.documents import (
    encrypted_pdf,
    macro_docx,
    text_to_docx,
    text_to_html,
    text_to_pdf,
    xxe_docx,
    zip_bomb_docx,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_NAMES = sorted(path.name for path in SEEDS.glob("*.txt"))
TRONDHEIM = "002_4126167fad2d98c8.txt"
KEY_LINE = re.compile(r"Tiltak \d+|TILTAK \d+|Mål \d")
BUILDERS = {"pdf": text_to_pdf, "docx": text_to_docx, "html": text_to_html}


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@functools.cache
def extracted_seed(name: str, kind: str) -> Extracted:
    """Each seed is built and read back once per session: WeasyPrint and pypdf take seconds."""
    return extract(BUILDERS[kind](seed(name)))


def refused(data: bytes, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRefused) as caught:
        extract(data, **kwargs)
    return caught.value.message


def flat(text: str) -> str:
    return " ".join(text.split())


def without_page_furniture(text: str) -> str:
    """The extracted text less the running header and "Side N" footers text_to_pdf adds to every page."""
    pages = text.split("\n\f\n")
    header = pages[1].strip().split("\n")[0] if len(pages) > 1 else None
    return "\n".join(
        line
        for page in pages
        for line in page.split("\n")
        if not re.fullmatch(r"Side \d+", line.strip()) and line.strip() != header
    )


def table_rows(text: str) -> list[list[str]]:
    return [[flat(cell) for cell in line.split("\t")] for line in text.split("\n") if "\t" in line]


# --- the seed plans, round trip ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_measure_and_goal_line_survives(name, kind):
    result = extracted_seed(name, kind)
    assert result.kind == kind
    text = flat(without_page_furniture(result.text))
    key_lines = [flat(re.sub(r"^\s*(#+|-)\s", "", line)) for line in seed(name).splitlines() if KEY_LINE.search(line)]
    missing = [line for line in key_lines if line not in text]
    assert missing == []


def test_seed_key_lines_are_many_enough_to_mean_something():
    counts = {name: sum(1 for line in seed(name).splitlines() if KEY_LINE.search(line)) for name in SEED_NAMES}
    assert counts == {
        "000_be5f89339faa531a.txt": 7,
        "001_99039e1f6bc1f612.txt": 6,
        "002_4126167fad2d98c8.txt": 0,  # Trondheim's measures are table rows, checked below
        "003_bea49cd7e0580b0c.txt": 68,
    }


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_trondheims_table_rows_come_back_cell_for_cell(kind):
    assert table_rows(extracted_seed(TRONDHEIM, kind).text) == table_rows(seed(TRONDHEIM))


def test_trondheims_measures_keep_a_tab_before_the_responsible_area_in_the_pdf():
    measures = [row for row in table_rows(seed(TRONDHEIM)) if len(row) == 3 and row[1] and row[2]]
    assert len(measures) == 22
    lines = extracted_seed(TRONDHEIM, "pdf").text.split("\n")
    for number, measure, responsible in measures:
        # A row wraps in the PDF: its first line holds the first words of every cell.
        first = [
            line.split("\t") for line in lines if line.startswith(f"{number}\t") and "\t" in line[len(number) + 1 :]
        ]
        matches = [
            cells
            for cells in first
            if measure.startswith(cells[1]) and responsible.startswith(cells[-1]) and len(cells) == 3
        ]
        assert matches, (number, measure[:40], responsible)


def test_a_cell_continued_in_a_later_column_starts_with_tabs_in_the_pdf():
    text = extracted_seed(TRONDHEIM, "pdf").text
    chapter_3 = text[text.index("\n3.1. Bra for alle\n") : text.index("\nKapittel 4 - Aktøroversikt\n")].split("\n")
    rows = [row for row in table_rows(seed(TRONDHEIM)) if len(row) == 3]
    measures, responsible = flat(" ".join(row[1] for row in rows)), flat(" ".join(row[2] for row in rows))
    in_second = [line.split("\t") for line in chapter_3 if re.match(r"\t[^\t]", line)]
    in_third = [line[2:] for line in chapter_3 if line.startswith("\t\t")]
    assert len(in_second) > 40
    assert len(in_third) > 3
    assert all(cells[1] in measures and all(cell in responsible for cell in cells[2:]) for cells in in_second)
    assert all(line in responsible for line in in_third)
    assert any(line.startswith("Tiltak\t\tAnsvar") for line in chapter_3)  # the empty middle header cell


def test_text_without_tables_gets_no_tabs_from_the_pdf():
    for name in ("000_be5f89339faa531a.txt", "001_99039e1f6bc1f612.txt"):
        assert "\t" not in extracted_seed(name, "pdf").text


def test_pdf_pages_are_separated_by_form_feeds_and_keep_their_headers_and_footers():
    result = extracted_seed(TRONDHEIM, "pdf")
    pages = result.text.split("\n\f\n")
    assert result.pages == len(pages) > 10
    assert all(f"Side {number}" in page.split("\n") for number, page in enumerate(pages, start=1))
    assert sum("Handlingsplan for selvmordsforebygging 2025-2028" in page.split("\n")[0] for page in pages) > 10


def test_plain_text_seeds_are_read_as_they_are():
    for name in SEED_NAMES:
        result = extract((SEEDS / name).read_bytes())
        assert result == Extracted(kind="text", text=seed(name), pages=None)


# --- PDF layout: justified text against tables ---------------------------------------------------

JUSTIFIED = (
    "Kommunens selvmordsforebyggende arbeid skal forankres i tjenesteområdenes ledelse, "
    "og arbeidsmiljøutvalgenes handlingsplaner, kvalitetssikringssystemer og "
    "kompetanseutviklingsplaner skal gjennomgås. Beredskapsplanverket for "
    "krisehåndteringssituasjoner, oppfølgingsrutinene for etterlatte og "
    "samhandlingsavtalene med spesialisthelsetjenesten revideres i planperioden. "
) * 4


def test_justified_paragraphs_get_no_tabs():
    result = extract(text_to_pdf(f"# Innledning\n{JUSTIFIED}\n\n{JUSTIFIED}"))
    assert "\t" not in result.text
    assert flat(JUSTIFIED) in flat(result.text)


def test_two_and_three_column_tables_get_tabs():
    text = (
        "# Tiltak\n"
        "Nr.\tTiltak\tAnsvar\n"
        "1.\tOpplæring i å spørre om selvmord for alle ansatte i skole, barnehage og helse og omsorg\tOppvekst\n"
        "2.\tEtterlattekafé\tHelse\n"
        f"{JUSTIFIED}\n"
        "Aktør\tRolle\n"
        "Kirkens SOS\tKrisetjeneste\n"
    )
    lines = extract(text_to_pdf(text)).text.split("\n")
    assert "Nr.\tTiltak\tAnsvar" in lines
    assert "2.\tEtterlattekafé\tHelse" in lines
    assert "Aktør\tRolle" in lines
    assert "Kirkens SOS\tKrisetjeneste" in lines
    # A wrapped cell: its first line sits beside the other cells, the rest is indented into its column.
    first = next(index for index, line in enumerate(lines) if line.startswith("1.\t"))
    assert lines[first].startswith("1.\tOpplæring i å spørre")
    assert lines[first].endswith("\tOppvekst")
    continued = lines[first + 1 : lines.index("2.\tEtterlattekafé\tHelse")]
    assert continued
    assert all(line.startswith("\t") and not line.startswith("\t\t") for line in continued)
    assert "omsorg" in continued[-1]
    assert not [line for line in lines if "\t" in line and "selvmordsforebyggende arbeid" in line]


def test_layout_lines_are_single_spaced_and_trimmed():
    layout = (
        "   Overskrift  midt på   \n"
        "\n"
        "Nr.        Tiltak                 Ansvar\n"
        "1.         Gjøre noe              Helse\n"
    )
    assert extract_module.layout_to_lines(layout) == [
        "Overskrift midt på",
        "",
        "Nr.\tTiltak\tAnsvar",
        "1.\tGjøre noe\tHelse",
        "",
    ]


# --- PDF refusals --------------------------------------------------------------------------------


def test_password_protected_pdf_is_refused():
    assert "passordbeskyttet" in refused(encrypted_pdf(user_password="hemmelig"))


def test_pdf_protected_only_against_editing_is_read():
    result = extract(encrypted_pdf(user_password=""))
    assert result.kind == "pdf"
    assert "Tiltak 1. Hold det hemmelig." in result.text


def test_rc4_encrypted_pdf_without_user_password_is_read():
    assert "Tiltak 1." in extract(encrypted_pdf(user_password="", algorithm="RC4-128")).text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + random.Random(1).randbytes(4000),
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
    ids=["garbage", "no-pages"],
)
def test_corrupt_pdf_is_refused(data):
    assert "PDF-en er skadet" in refused(data)


def small_pdf() -> bytes:
    """Three pages of text: enough for page-by-page behaviour, quick to read."""
    return text_to_pdf("# Plan\n" + "\n\n".join(f"Tiltak {n}. {JUSTIFIED}" for n in range(1, 8)))


def test_truncated_pdf_is_refused_or_read_in_part():
    data = small_pdf()[: len(small_pdf()) // 2]
    try:
        result = extract(data)
    except ImportRefused as refusal:
        assert "PDF" in refusal.message
    else:
        assert result.kind == "pdf"


def blank_pdf(pages: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_without_text_is_refused_as_probably_scanned():
    message = refused(blank_pdf(2))
    assert "skannet" in message
    assert "OCR" in message


def test_pdf_with_too_many_pages_is_refused():
    assert "501 sider" in refused(blank_pdf(extract_module.PDF_MAX_PAGES + 1))


def test_pdf_that_takes_too_long_is_refused(monkeypatch):
    monkeypatch.setattr(extract_module, "PDF_MAX_SECONDS", -1)
    assert "for lang tid" in refused(small_pdf())


def test_progress_is_reported_per_pdf_page_and_once_for_other_files():
    calls: list[tuple[int, int]] = []
    result = extract(small_pdf(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(page, result.pages) for page in range(1, (result.pages or 0) + 1)]
    calls.clear()
    extract(b"Tiltak 1", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 1)]


# --- Word ----------------------------------------------------------------------------------------


def test_word_headings_lists_and_tables_become_markdown_and_tabs():
    text = "# Plan\n## Mål 1\n- Første punkt\n- Andre punkt\nVanlig avsnitt.\n\tUten nummer\tHelse\n1.\tMed nummer\t"
    assert extract(text_to_docx(text)).text == text + "\n"


def test_word_numbered_lists_keep_the_numbers_word_draws():
    document = docx.Document()
    document.add_heading("Tiltak", level=1)
    for measure in ("Opplæring", "Rutiner", "Informasjon"):
        document.add_paragraph(measure, style="List Number")
    document.add_paragraph("Tittel", style="Title")
    out = io.BytesIO()
    document.save(out)
    assert extract(out.getvalue()).text == "# Tiltak\n- 1. Opplæring\n- 2. Rutiner\n- 3. Informasjon\n# Tittel\n"


def test_word_macro_document_is_refused():
    assert "makroer" in refused(macro_docx())


def test_word_zip_bomb_is_refused_before_it_is_unpacked():
    data = zip_bomb_docx()
    assert len(data) < 2 * 1024 * 1024
    assert "sikkerhetshensyn" in refused(data)


def rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(text_to_docx("Tiltak 1. Gjør noe."))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_word_document_with_too_many_parts_is_refused():
    members = docx_members() | {f"word/media/bilde{i}.png": b"" for i in range(extract_module.DOCX_MAX_MEMBERS)}
    assert "sikkerhetshensyn" in refused(rezip(members))


@pytest.mark.parametrize("name", ["../../etc/evil.xml", "/etc/evil.xml", "word\\..\\evil.xml", "C:/evil.xml"])
def test_word_document_with_path_tricks_is_refused(name):
    assert "sikkerhetshensyn" in refused(rezip(docx_members() | {name: b"x"}))


def test_word_document_that_is_not_a_zip_inside_is_refused_as_corrupt():
    assert "skadet" in refused(b"PK\x03\x04" + bytes(range(256)) * 20)


def test_truncated_word_document_is_refused_as_corrupt():
    data = text_to_docx("Tiltak 1. Gjør noe.")
    assert "skadet" in refused(data[: len(data) // 2])


def test_word_document_with_broken_xml_is_refused_as_corrupt():
    members = docx_members() | {"word/document.xml": b"<w:document><w:body>"}
    assert "skadet" in refused(rezip(members))


def test_empty_word_document_is_refused():
    assert "ingen tekst" in refused(text_to_docx(""))


def test_word_external_entities_are_not_read(tmp_path):
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIG_INNHOLD")
    text = extract(xxe_docx(entity_url=secret.as_uri())).text
    assert "ENTITET_HER" in text
    assert "HEMMELIG" not in text


def test_word_external_entities_and_dtds_are_not_fetched():
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"HENTET_FRA_NETTET")

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        text = extract(xxe_docx(entity_url=f"http://127.0.0.1:{server.server_port}/dtd")).text
    finally:
        server.shutdown()
    assert "ENTITET_HER" in text
    assert "HENTET" not in text
    assert requests == []


# --- type detection and plain text ---------------------------------------------------------------


def test_file_that_is_too_large_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 3 * 1024 * 1024
    message = refused(b"a" * (3 * 1024 * 1024 + 1))
    assert "Filen er for stor" in message
    assert "3 MB" in message


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n ", " \n".encode("utf-16"), "\ufeff\n".encode("utf-8-sig")])
def test_empty_file_is_refused(data):
    assert refused(data) == "Filen er tom."


def test_old_word_document_is_refused_with_advice_to_save_as_docx():
    message = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert ".docx" in message
    assert "PDF" in message


def test_password_protected_word_document_is_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    assert "passordbeskyttet" in refused(data)


@pytest.mark.parametrize(
    "members",
    [
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"},
        {"readme.txt": b"hei"},
    ],
    ids=["xlsx", "odt", "zip"],
)
def test_other_zip_files_are_refused_naming_the_supported_types(members):
    message = refused(rezip(members))
    assert "støttes ikke" in message
    assert all(kind in message for kind in ("PDF", "Word", "HTML", "tekst"))


@pytest.mark.parametrize(
    "data",
    [
        random.Random(2).randbytes(5000),
        b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(5000).replace(b"\x00", b"\x01"),
        b"Tiltak 1\x00\x00\x00",
        bytes(random.Random(4).choices(b"\x01\x02\x03abcdef", k=500)),
    ],
    ids=["random", "png", "nul", "control-characters"],
)
def test_binary_files_are_refused(data):
    assert "ser ikke ut til å være tekst" in refused(data)


def test_rtf_is_refused_with_advice():
    assert "RTF" in refused(b"{\\rtf1\\ansi Tiltak 1}")


@pytest.mark.parametrize(
    "data",
    [
        "Tiltak 1: Økt kompetanse".encode(),
        "\ufeffTiltak 1: Økt kompetanse".encode(),
        "Tiltak 1: Økt kompetanse".encode("utf-16"),
        "\ufeffTiltak 1: Økt kompetanse".encode("utf-16-be"),
        "Tiltak 1: Økt kompetanse".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252"],
)
def test_text_encodings_are_decoded(data):
    assert extract(data) == Extracted(kind="text", text="Tiltak 1: Økt kompetanse", pages=None)


def test_text_line_ends_are_normalised_and_tabs_kept():
    assert extract(b"Nr.\tTiltak\r\n1.\tGj\xf8re noe\rSlutt\n").text == "Nr.\tTiltak\n1.\tGjøre noe\nSlutt\n"


def test_file_name_plays_no_part_a_pdf_is_a_pdf_whatever_it_starts_with():
    assert extract(b"\n\n" + small_pdf()).kind == "pdf"


# --- HTML ----------------------------------------------------------------------------------------


def test_html_page_is_read_by_its_elements():
    page = b"""<!DOCTYPE html><html><head><title>Ikke dette</title><style>p { color: red }</style>
    <script>var x = "<p>ikke dette</p>";</script></head>
    <body><nav><a href="/">Forside</a></nav><template><p>mal</p></template>
    <h1>Handlingsplan &amp; tiltak</h1><p>Vedtatt<br>12.12.23 &ndash; sak 24/23</p>
    <h3>M&aring;l 1</h3>
    <ul><li>F&oslash;rste</li><li>Andre <b>punkt</b></li></ul>
    <ol start="3"><li>Tredje</li><li>Fjerde</li></ol>
    <table><tr><th>Nr.</th><th>Tiltak</th><th>Ansvar</th></tr>
    <tr><td></td><td><p>Uten</p><p>nummer</p></td><td>Helse</td></tr>
    <tr><td>2.</td><td>Med <table><tr><td>innebygd</td><td>tabell</td></tr></table></td><td></td></tr></table>
    <div>Slutt &#248;verst</div></body></html>"""
    assert extract(page) == Extracted(
        kind="html",
        text=(
            "# Handlingsplan & tiltak\nVedtatt\n12.12.23 – sak 24/23\n### Mål 1\n- Første\n- Andre punkt\n"
            "- 3. Tredje\n- 4. Fjerde\nNr.\tTiltak\tAnsvar\n\tUten nummer\tHelse\n2.\tMed innebygd tabell\t\n"
            "Slutt øverst\n"
        ),
        pages=None,
    )


def test_html_fragment_without_html_element_is_html():
    assert extract(b"<p>Tiltak 1</p>\n<p>Tiltak 2</p>").text == "Tiltak 1\nTiltak 2\n"


def test_html_with_unclosed_head_still_reads_the_body():
    assert extract(b"<html><head><title>x</title><body><p>Tiltak 1</p></body></html>").text == "Tiltak 1\n"


def test_html_without_text_is_refused():
    assert "ingen tekst" in refused(b"<!doctype html><html><body><script>x()</script></body></html>")


def test_html_pre_keeps_its_lines():
    assert extract(b"<html><body><pre>Nr.\tTiltak\n1.\tGj\xc3\xb8re</pre></body></html>").text == (
        "Nr.\tTiltak\n1.\tGjøre\n"
    )


# --- nothing but ImportRefused -------------------------------------------------------------------


@functools.cache
def sample_files() -> tuple[bytes, ...]:
    return (small_pdf(), text_to_docx(seed(TRONDHEIM)[:3000]), text_to_html(seed(TRONDHEIM)[:3000]))


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.integers(min_value=0, max_value=2),
    cut=st.floats(min_value=0, max_value=1),
    flips=st.lists(st.tuples(st.floats(min_value=0, max_value=1), st.integers(0, 255)), max_size=20),
)
def test_damaged_files_raise_nothing_but_import_refused(sample, cut, flips):
    data = bytearray(sample_files()[sample])
    for position, value in flips:
        data[int(position * (len(data) - 1))] = value
    data = data[: max(1, int(len(data) * cut))] if cut < 0.9 else data
    try:
        result = extract(bytes(data))
    except ImportRefused as refusal:
        assert refusal.message
    else:
        assert result.kind in ("pdf", "docx", "html", "text")


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"\xff\xfe"]))
def test_arbitrary_bytes_raise_nothing_but_import_refused(data, prefix):
    try:
        extract(prefix + data)
    except ImportRefused as refusal:
        assert refusal.message
