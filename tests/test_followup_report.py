"""The status report of the national plan per 10 September 2025, as a web page, a PDF and a Word file.

The demo data loads the seed's 2025 status as an approved round; the report must reproduce the seed document:
61 measures under their 6 goals, each with its narrative and its ministries.
"""

import datetime
import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from planverk.followup.models import (
    Indicator,
    IndicatorValue,
    ReportingRound,
    ReportState,
    StatusCategory,
    StatusUpdate,
)
from planverk.followup.reports import year_of_operation
from planverk.organisations.models import Organisation, WrittenLanguage
from planverk.plans.models import Plan
from tests.factories import MeasureFactory, PlanFactory, ReportingRoundFactory, StatusUpdateFactory

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_bea49cd7e0580b0c.txt"
TITLE = "Status per 10. september 2025 (etter 5. driftsår)"


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def national_round(national_plan) -> ReportingRound:  # type: ignore[no-untyped-def]
    return ReportingRound.objects.get(plan=national_plan, status_date=datetime.date(2025, 9, 10))


@pytest.fixture
def seed_ministries() -> list[str]:
    """ "Ansvarlig departement: …" of the 61 measures, read straight from the seed, written with commas."""
    lines = re.findall(r"Ansvarlig departement:\s*([^\n]+)", SEED.read_text(encoding="utf-8"))
    assert len(lines) == 61
    return [", ".join(c for c in re.split(r",\s*|\s+og\s+", line.strip()) if c) for line in lines]


def _url(name: str, plan: Plan, reporting_round: ReportingRound) -> str:
    return reverse(f"followup_public:{name}", args=[plan.pk, reporting_round.pk])


def test_the_demo_round_is_approved_and_closed_with_a_status_for_every_measure(national_plan, national_round):
    assert national_round.title == "Status per 10. september 2025"
    assert national_round.deadline == datetime.date(2025, 9, 10)
    assert not national_round.is_open
    updates = national_round.status_updates.select_related("measure", "same_as")
    assert updates.count() == 61
    assert {u.state for u in updates} == {ReportState.APPROVED}
    same_as = {u.measure.number: u.same_as.number for u in updates if u.same_as}
    assert same_as == {"13": "12", "37": "38", "47": "46", "48": "46", "49": "46"}
    categories = {u.category for u in updates}
    assert categories <= {
        StatusCategory.DONE,
        StatusCategory.IN_PROGRESS,
        StatusCategory.CONTINUOUS,
        StatusCategory.CHANGED,
    }


def test_html_report_has_every_measure_under_its_goal_with_its_ministries(
    client, national_plan, national_round, seed_ministries
):
    response = client.get(_url("report", national_plan, national_round))
    assert response.status_code == 200
    page = response.content.decode()
    assert f">{TITLE}</h1>" in page
    assert "Trenger du hjelp nå?" in page and "113" in page
    goal_positions = [page.index(f"Mål {n} – ") for n in range(1, 7)]
    assert goal_positions == sorted(goal_positions)
    measures = list(national_plan.measures.select_related("goal").order_by("order"))
    positions = [page.index(f'id="rapport-tiltak-{m.pk}"') for m in measures]
    assert positions == sorted(positions)
    for measure, ministries in zip(measures, seed_ministries, strict=True):
        goal_position = page.index(f"Mål {measure.goal.number} – ")
        assert goal_position < page.index(f'id="rapport-tiltak-{measure.pk}"')
        section = page[page.index(f'id="rapport-tiltak-{measure.pk}"') :]
        section = section[: section.index("</article>")]
        assert f"Ansvarlig departement: {ministries}</p>" in section, measure.number
        assert _squash(measure.title) in _squash(section)


def test_pdf_report_is_tagged_and_its_text_has_every_measure_title(client, national_plan, national_round):
    response = client.get(_url("report_pdf", national_plan, national_round))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])  # tagged
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nb"
    assert reader.metadata is not None and reader.metadata.title.startswith(TITLE)
    text = _squash(" ".join(page.extract_text() for page in reader.pages))
    assert TITLE in text
    assert "Trenger du hjelp nå?" in text and "116 123" in text
    # A line may break after "plan/", where the extracted text then has a space: compare without whitespace.
    letters = "".join(text.split())
    for measure in national_plan.measures.all():
        assert "".join(measure.title.split()) in letters, measure.number
    for n in range(1, 7):
        assert f"Mål {n} – " in text


def test_docx_report_reads_back_with_headings_the_coordinator_can_edit(
    client, national_plan, national_round, seed_ministries
):
    response = client.get(_url("report_docx", national_plan, national_round))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = docx.Document(io.BytesIO(response.content))
    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "nb-NO"
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", TITLE)
    goals = [text for style, text in paragraphs if style == "Heading 1"]
    assert [g.split(" – ")[0] for g in goals] == [f"Mål {n}" for n in range(1, 7)]
    measures = [text for style, text in paragraphs if style == "Heading 2"]
    numbers = [re.match(r"Tiltak (\d+)\. ", m).group(1) for m in measures]  # type: ignore[union-attr]
    assert numbers == [str(n) for n in range(1, 62)]
    titles = {m.number: _squash(m.title) for m in national_plan.measures.all()}
    assert all(titles[n] in heading for n, heading in zip(numbers, measures, strict=True))
    responsible = [text for _, text in paragraphs if text.startswith("Ansvarlig departement: ")]
    assert responsible == [f"Ansvarlig departement: {m}" for m in seed_ministries]
    # Each measure's narrative follows its heading; measure 47 shares measure 46's status, as in the seed.
    index = [text for _, text in paragraphs].index(next(m for m in measures if m.startswith("Tiltak 47. ")))
    assert paragraphs[index + 1][1] == "Tilsvarende status som for tiltak 46."


def test_report_of_a_nynorsk_municipality_is_written_in_nynorsk(client, db):
    # The documents follow the owner's written language; the web page follows the reader's.
    nynorsk = Organisation.objects.filter(written_language=WrittenLanguage.NYNORSK).first()
    assert nynorsk is not None
    plan = PlanFactory(organisations=[nynorsk])
    reporting_round = ReportingRoundFactory(plan=plan)
    StatusUpdateFactory(round=reporting_round, measure=MeasureFactory(plan=plan), state=ReportState.APPROVED)
    document = docx.Document(io.BytesIO(client.get(_url("report_docx", plan, reporting_round)).content))
    assert document.core_properties.language == "nn-NO"


@pytest.mark.parametrize(
    ("adopted_on", "period_start", "status_date", "expected"),
    [
        (datetime.date(2020, 9, 10), 2020, datetime.date(2025, 9, 10), 5),  # the seed: "etter femte driftsår"
        (datetime.date(2020, 9, 10), 2020, datetime.date(2025, 9, 11), 6),
        (datetime.date(2020, 9, 10), 2020, datetime.date(2020, 12, 31), 1),
        (None, 2025, datetime.date(2025, 12, 31), 1),
        (None, 2024, datetime.date(2026, 6, 30), 3),
        (None, None, datetime.date(2026, 6, 30), None),
    ],
)
def test_year_of_operation_counts_from_adoption_or_the_start_of_the_period(
    adopted_on, period_start, status_date, expected
):
    plan = Plan(adopted_on=adopted_on, period_start=period_start)
    assert year_of_operation(plan, status_date) == expected


def test_loading_the_demo_data_again_adds_no_round_status_or_indicator(national_plan, gjovik_plan):
    before = (ReportingRound.objects.count(), StatusUpdate.objects.count(), Indicator.objects.count())
    call_command("load_demo_data", stdout=io.StringIO())
    assert (ReportingRound.objects.count(), StatusUpdate.objects.count(), Indicator.objects.count()) == before


def test_gjovik_indicators_use_the_seeds_measurement_methods_and_their_values_say_demo(gjovik_plan):
    indicators = list(Indicator.objects.filter(objective__measure__plan=gjovik_plan).select_related("objective"))
    assert len(indicators) == 5
    seed = " ".join(SEED.with_name("000_be5f89339faa531a.txt").read_text(encoding="utf-8").split())
    for indicator in indicators:
        assert indicator.measurement_method
        assert indicator.measurement_method == indicator.objective.measurement_method
        assert indicator.measurement_method in seed
        assert indicator.baseline is None and indicator.target is None  # the seed gives none
    values = IndicatorValue.objects.filter(indicator__in=indicators).select_related("round")
    assert len(values) == 5
    assert all(v.note.startswith("Demoverdi") and v.round.title == "2025" for v in values)
    # No status of Gjøvik is approved, so the demo values appear on no public page.
    assert not StatusUpdate.objects.filter(measure__plan=gjovik_plan).exists()


def test_api_gives_every_national_measure_its_approved_2025_status(client, national_plan):
    data = client.get(reverse("api:plan_detail", args=[national_plan.pk])).json()
    statuses = {m["number"]: m["status"] for g in data["goals"] for m in g["measures"]}
    assert len(statuses) == 61
    assert {s["period"] for s in statuses.values()} == {"Status per 10. september 2025"}
    assert {s["status_date"] for s in statuses.values()} == {"2025-09-10"}
    assert statuses["47"]["narrative"] == "Tilsvarende status som for tiltak 46."
    assert statuses["47"]["same_as"] == national_plan.measures.get(number="46").pk
    assert statuses["2"]["category"] == "changed"
