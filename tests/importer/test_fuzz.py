"""Whatever text arrives, the parser answers with a proposal or the importer's own error, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planverk.importer.clean import clean_text
from planverk.importer.dates import parse_timeframe
from planverk.importer.detect import propose
from planverk.importer.errors import ImportRefused
from planverk.organisations.models import Organisation

# Pieces of real plans, so that generated text reaches the parser's rules and not only its first check.
PIECES = [
    "Tiltak 1.",
    "Tiltak 2 – Opplæring",
    "TILTAK 3 Rutiner",
    "Tiltak 14.",
    "Mål 1 – Systematikk",
    "Mål 4:",
    "3.2 Nyttig for noen",
    "### 3.1. Bra for alle",
    "# Handlingsplan for selvmordsforebygging 2025-2028",
    "Nr. Tiltak Beskrivelse",
    "Tiltak\t\tAnsvarlig byrådsområde",
    "1.\tEtablere rutiner\tSosiale tjenester",
    "\tfortsettelse av raden\t",
    "\tVurdere noe nytt.\tHelse og omsorg",
    "HVA",
    "HVORFOR",
    "NÅR Innen utgangen av 2026",
    "NÅR 2025-2026",
    "NÅR 31.12.2027",
    "ANSVARLIG Sektorledere",
    "Ansvarlig departement: HOD, BFD og KUD",
    "RESULTATMÅL - Alle har rutiner, målt ved tilsyn",
    "EFFEKTMÅL",
    "Relevant planverk:",
    "Regjeringens handlingsplan for forebygging av selvmord (2020-2025): God hjelp",
    "Vedtatt i kommunestyret 12.12.23 (sak 24/23)",
    "Høringsutkast",
    "Kommunepsykologen er ansvarlig for gjennomføring av tiltaket.",
    "senest innen 2025",
    "\f",
    "24 | Årsrapport",
    "https://example.no/",
    "selvmords-",
    "forebyggende",
    "\uf0b7 punkt",
    "",
]

lines = st.one_of(st.sampled_from(PIECES), st.text(max_size=60))
documents = st.lists(lines, max_size=80).map("\n".join)


@pytest.fixture
def drammen_organisation(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(number="3301")


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents)
def test_the_parser_raises_nothing_but_its_own_error(drammen_organisation, text):
    try:
        proposal = propose(clean_text(text), drammen_organisation)
    except ImportRefused as refused:
        assert refused.message
        return
    assert proposal.measures
    assert all(m.title is not None for m in proposal.measures)
    # What the parser proposes must survive the round trip through the review screen's storage.
    assert type(proposal).from_json(proposal.to_json()) == proposal


@given(text=st.text(max_size=120))
def test_deadlines_are_plausible_years_or_nothing(text):
    start, due, due_date = parse_timeframe(text)
    assert start is None or 1900 <= start <= 2099
    assert due is None or 1900 <= due <= 2099
    assert start is None or due is None or start <= due
    assert due_date is None or due_date[:4].isdigit()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pågående", (None, None, None)),
        ("I løpet av 2026", (None, 2026, None)),
        ("senest innen 2025", (None, 2025, None)),
        ("Innen utgangen av 2026", (None, 2026, None)),
        ("Ferdigstilt innen utgangen av 2025", (None, 2025, None)),
        ("Utarbeides 2025, implementeres 2025-2026", (2025, 2026, None)),
        ("Utvikling og forankring i 2025\nUtvidelse og oppstart for nye deltakere fra 2026", (2025, None, None)),
        ("Frist: 31.12.2027", (None, 2027, "2027-12-31")),
        ("2027", (None, 2027, None)),
    ],
)
def test_deadlines_written_in_prose(text, expected):
    assert parse_timeframe(text) == expected
