"""Plans written in other ways than the seeds: the rules must hold for plans the importer has never seen."""

import io

import docx
import pytest

from planverk.importer.services import read_document
from planverk.organisations.models import Organisation
from tests.factories import UnitFactory

NYNORSK_PLAN = """\
Handlingsplan for førebygging av sjølvmord 2026–2029
Høyringsutkast

Planen vart vedteken i kommunestyret 14.03.2026 (sak 12/26).

Overordna mål: Ingen skal stå åleine i ei sjølvmordskrise.

Mål 1: Kompetanse i tenestene
Tilsette skal kjenne att risiko og vite kva dei skal gjere.

Tiltak 1.1 – Kurs i sjølvmordsførebygging for tilsette
Kva: Alle tilsette i helse og omsorg får tilbod om kurs.
Ansvarleg: Helse og omsorg, i samarbeid med Oppvekst
Frist: 31.12.2027

Tiltak 1.2 – Rutinar for oppfølging etter sjølvmordsforsøk
Kommunepsykologen er ansvarleg for gjennomføringa av tiltaket, som skal vere ferdig
senest innan 2027. Tiltaket skal vere ferdig i løpet av 2027.

Mål 2: Open kommunikasjon
Tiltak 2.1 – Informasjon på nettsida
Kva: Samle hjelpetilbod på éi side.
Når: Pågåande
Ansvarleg: Kommunikasjonsavdelinga
"""


@pytest.fixture
def gjovik_units(db):  # type: ignore[no-untyped-def]
    gjovik = Organisation.objects.get(number="3407")
    return gjovik


@pytest.mark.django_db
def test_a_nynorsk_plan_with_numbered_measures_and_prose(gjovik_units):
    _kind, _text, proposal = read_document(NYNORSK_PLAN.encode(), gjovik_units)

    assert proposal.title == "Handlingsplan for førebygging av sjølvmord 2026–2029"
    assert (proposal.period_start, proposal.period_end) == (2026, 2029)
    assert proposal.hearing_draft
    assert [(g.number, g.title) for g in proposal.goals] == [
        ("1", "Kompetanse i tenestene"),
        ("2", "Open kommunikasjon"),
    ]
    assert [(m.number, m.title) for m in proposal.measures] == [
        ("1.1", "Kurs i sjølvmordsførebygging for tilsette"),
        ("1.2", "Rutinar for oppfølging etter sjølvmordsforsøk"),
        ("2.1", "Informasjon på nettsida"),
    ]
    first, second, third = proposal.measures
    assert first.what == "Alle tilsette i helse og omsorg får tilbod om kurs."
    assert [r.name for r in first.responsible] == ["Helse og omsorg", "Oppvekst"]
    assert all(r.unit_id is not None for r in first.responsible)  # Gjøvik's existing units
    assert (first.due_year, first.due_date) == (2027, "2027-12-31")
    assert [r.name for r in second.responsible] == ["Kommunepsykolog"]
    assert "responsible" in second.uncertain  # read from prose
    assert [r.name for r in third.responsible] == ["Kommunikasjonsavdelingen"]
    assert third.timeframe == "Pågåande"
    assert [m.goal_key for m in proposal.measures] == [
        proposal.goals[0].key,
        proposal.goals[0].key,
        proposal.goals[1].key,
    ]


def _word_table_plan() -> bytes:
    document = docx.Document()
    document.add_heading("Handlingsplan mot selvmord og selvskading", level=1)
    document.add_paragraph("Planperioden er 2025-2028.")
    document.add_heading("Innsatsområde 1: Tidlig hjelp", level=2)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Nr.", "Tiltak", "Ansvarlig", "Frist"], strict=True):
        cell.text = text
    for row in [
        ("1", "Lavterskeltilbud for unge voksne", "Psykisk helse og rus", "Innen utgangen av 2026"),
        ("2", "Kartlegge ventetider", "Kommuneoverlegen og NAV", "2027"),
    ]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_heading("Innsatsområde 2: Etterlatte", level=2)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Nr.", "Tiltak", "Ansvarlig", "Frist"], strict=True):
        cell.text = text
    cells = table.add_row().cells
    for cell, text in zip(
        cells, ("3", "Etterlattegruppe to ganger i året", "Frivilligsentralen", "Pågående"), strict=True
    ):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_word_plan_with_tables_and_new_units():
    # A municipality with no units yet: responsible names are proposed as new units.
    organisation = Organisation.objects.get(number="4601")  # Bergen
    organisation.units.all().delete()
    UnitFactory(organisation=organisation, name="NAV")

    kind, _text, proposal = read_document(_word_table_plan(), organisation)

    assert kind == "docx"
    assert proposal.title == "Handlingsplan mot selvmord og selvskading"
    assert (proposal.period_start, proposal.period_end) == (2025, 2028)
    assert [(g.number, g.title) for g in proposal.goals] == [("1", "Tidlig hjelp"), ("2", "Etterlatte")]
    assert [(m.number, m.title, m.timeframe, m.due_year) for m in proposal.measures] == [
        ("1", "Lavterskeltilbud for unge voksne", "Innen utgangen av 2026", 2026),
        ("2", "Kartlegge ventetider", "2027", 2027),
        ("3", "Etterlattegruppe to ganger i året", "Pågående", None),
    ]
    first, second, third = proposal.measures
    assert [(r.name, r.unit_id) for r in first.responsible] == [("Psykisk helse og rus", None)]
    assert [r.name for r in second.responsible] == ["NAV"]  # the one existing unit is matched …
    assert "responsible" in second.uncertain  # … and "Kommuneoverlegen" is left for the coordinator
    assert [(r.name, r.unit_id) for r in third.responsible] == [("Frivilligsentralen", None)]
    assert proposal.new_unit_names() == ["Psykisk helse og rus", "Frivilligsentralen"]
