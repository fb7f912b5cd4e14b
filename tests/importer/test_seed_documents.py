"""The importer against the four seed documents: its proposal must match the reviewed demo fixtures.

The same holds when the seed texts are turned into PDF, Word and HTML files first (made here, by the tests).
"""

from collections.abc import Callable
from functools import cache

import pytest

from planverk.importer.proposal import Proposal
from planverk.importer.services import read_document
from planverk.organisations.models import Organisation
from tests.importer import documents
from tests.importer.compare import SEED_FIXTURES, SEEDS, compare, goal_links, measure_links

EXPECTED_COUNTS = {"gjovik.yaml": 7, "drammen.yaml": 11, "trondheim.yaml": 21, "national.yaml": 61}

FORMATS: dict[str, Callable[[str], bytes]] = {
    "text": lambda text: text.encode("utf-8"),
    "pdf": documents.text_to_pdf,
    "docx": documents.text_to_docx,
    "html": documents.text_to_html,
}


@cache
def _document(seed: str, kind: str) -> bytes:
    return FORMATS[kind]((SEEDS / seed).read_text(encoding="utf-8"))


def _propose(seed: str, kind: str) -> Proposal:
    _fixture, number = SEED_FIXTURES[seed]
    _kind, _text, proposal = read_document(_document(seed, kind), Organisation.objects.get(number=number))
    return proposal


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(FORMATS))
@pytest.mark.parametrize("seed", list(SEED_FIXTURES))
def test_every_measure_is_found_with_title_goal_responsibility_and_deadline(seed, kind):
    fixture, _number = SEED_FIXTURES[seed]
    report = compare(_propose(seed, kind), fixture)

    assert report.found == report.expected == EXPECTED_COUNTS[fixture], report.problems
    assert report.titles_matched == report.expected, report.problems
    assert report.goals_matched == report.expected, report.problems
    assert report.responsible_share >= 0.95, report.problems
    assert report.timeframe_share >= 0.95, report.problems


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(FORMATS))
def test_drammens_goals_are_linked_to_the_national_goals_they_name(kind):
    proposal = _propose("001_99039e1f6bc1f612.txt", kind)

    assert goal_links(proposal) == {"1": ["1"], "2": ["6"], "3": ["2"], "4": ["4"], "5": ["5"]}
    assert measure_links(proposal) == {"10": ["20"]}


@pytest.mark.django_db
def test_plan_metadata_is_read_where_the_document_states_it():
    drammen = _propose("001_99039e1f6bc1f612.txt", "text")
    trondheim = _propose("002_4126167fad2d98c8.txt", "text")
    national = _propose("003_bea49cd7e0580b0c.txt", "text")

    assert (drammen.adopted_by, drammen.adopted_on, drammen.case_number) == ("Kommunestyret", "2023-12-12", "24/23")
    assert (drammen.period_start, drammen.period_end) == (2024, 2027)
    assert "period" in drammen.uncertain  # read from "gjeldende fra 2024, og rulleres etter 4 år"
    assert trondheim.title == "Handlingsplan for selvmordsforebygging 2025-2028"
    assert (trondheim.period_start, trondheim.period_end, trondheim.adopted_on) == (2025, 2028, "2026-01-29")
    assert [(g.number, g.kind, g.prevention_level) for g in trondheim.goals] == [
        ("3.1", "category", "universal"),
        ("3.2", "category", "selective"),
        ("3.3", "category", "indicated"),
    ]
    assert national.status_report
    assert (national.period_start, national.period_end) == (2020, 2025)


@pytest.mark.django_db
def test_a_row_that_lost_its_number_is_kept_and_marked_uncertain():
    trondheim = _propose("002_4126167fad2d98c8.txt", "text")
    unnumbered = [m for m in trondheim.measures if not m.number]

    assert len(unnumbered) == 1
    assert unnumbered[0].title.startswith("Vurdere hvilke nøkkelpersonell")
    assert "number" in unnumbered[0].uncertain
