"""What is left of a document once its page furniture is gone."""

from planverk.importer.clean import clean_text, join_wrapped
from tests.importer.compare import SEEDS


def _pages(*bodies: str) -> str:
    return "\f".join(
        f"Handlingsplan for selvmordsforebygging\n\n{body}\n\nSide {n} av {len(bodies)}"
        for n, body in enumerate(bodies, 1)
    )


def test_running_headers_footers_and_page_numbers_are_removed():
    text = clean_text(_pages("Første side.", "Andre side.", "Tredje side.", "Fjerde side."))

    assert "Side" not in text
    assert "Handlingsplan for selvmordsforebygging" not in text
    assert [line for line in text.split("\n") if line] == [
        "Første side.",
        "Andre side.",
        "Tredje side.",
        "Fjerde side.",
    ]


def test_bare_page_numbers_at_the_foot_of_a_page_are_removed():
    text = clean_text("Tekst på side én.\n\n7\fTekst på side to.\n8")

    assert text.split() == ["Tekst", "på", "side", "én.", "Tekst", "på", "side", "to."]


def test_footers_inside_text_copied_out_of_a_pdf_are_removed():
    seed = (SEEDS / "003_bea49cd7e0580b0c.txt").read_text(encoding="utf-8")
    assert "| Årsrapport for handlingsplan" in seed

    assert "| Årsrapport for handlingsplan" not in clean_text(seed)


def test_words_split_across_lines_are_joined():
    text = clean_text("Koordinering av det selvmords-\nforebyggende arbeidet i psykisk helse-\nog rustjenesten")

    assert text.strip() == "Koordinering av det selvmordsforebyggende arbeidet i psykisk helse- og rustjenesten"


def test_an_acronym_keeps_its_hyphen():
    assert join_wrapped("MEST-", "undersøkelsen for alle") == "MEST-undersøkelsen for alle"
    assert join_wrapped("selvmords-", "forebyggende") == "selvmordsforebyggende"


def test_private_use_bullets_become_list_items_and_markup_goes():
    text = clean_text('\uf0b7 Første punkt\n• Andre punkt\n<a href="#">Lenke</a> og **fet** tekst')

    assert text.split("\n")[:3] == ["- Første punkt", "- Andre punkt", "Lenke og fet tekst"]


def test_footnote_urls_that_repeat_are_dropped_and_wrapped_ones_joined():
    text = clean_text(
        "Ansvarlig departement: HOD\n\nhttps://example.no/a-very-long-\npath\nhttps://example.no/a-very-long-path\n"
        "https://example.no/once\n\nTiltak 3."
    )

    assert "example.no/a-very-long" not in text
    assert "https://example.no/once" in text


def test_table_cells_keep_their_tabs():
    text = clean_text("1.\tBruke resultatene\tOppvekst og utdanning\n\tfortsettelse\t")

    assert text.split("\n")[:2] == ["1.\tBruke resultatene\tOppvekst og utdanning", "\tfortsettelse"]
