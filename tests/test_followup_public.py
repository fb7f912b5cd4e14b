"""The public side of the follow-up: statuses on plan and measure pages, the dashboard, the open API.

Only approved statuses are public (domain rule 6): a report waiting for review or sent back appears nowhere.
"""

import datetime
import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from django.urls import reverse

from planverk.followup import selectors
from planverk.followup.models import ReportingRound, ReportState, StatusCategory
from planverk.plans.models import Measure, Plan, Responsibility
from tests.factories import (
    GoalFactory,
    MeasureFactory,
    PlanFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    UnitFactory,
)

SECRET = "HEMMELIG-IKKE-GODKJENT"


@pytest.fixture
def plan(drammen) -> Plan:  # type: ignore[no-untyped-def]
    """A published plan with two goals, four measures, two units and two rounds."""
    plan = PlanFactory(organisations=[drammen], title="Plan med oppfølging", period_start=2024, period_end=2027)
    school, health = UnitFactory(organisation=drammen, name="Skole"), UnitFactory(organisation=drammen, name="Helse")
    first, second = GoalFactory(plan=plan, order=1, number="1"), GoalFactory(plan=plan, order=2, number="2")
    for order, (goal, unit, due_year) in enumerate(
        [(first, school, 2024), (first, health, None), (second, school, None), (second, health, 2030)], start=1
    ):
        measure = MeasureFactory(plan=plan, goal=goal, order=order, number=str(order), due_year=due_year)
        Responsibility.objects.create(measure=measure, unit=unit)
    return plan


def _measures(plan: Plan) -> list[Measure]:
    return list(plan.measures.order_by("order"))


@pytest.fixture
def rounds(plan) -> tuple[ReportingRound, ReportingRound]:  # type: ignore[no-untyped-def]
    """2024: measures 1–3 approved. 2025: measure 1 and 3 approved (1 moved on), 2 submitted, 4 sent back."""
    m1, m2, m3, m4 = _measures(plan)
    earlier = ReportingRoundFactory(plan=plan, title="2024", status_date=datetime.date(2024, 12, 31))
    later = ReportingRoundFactory(plan=plan, title="2025", status_date=datetime.date(2025, 12, 31))
    approved = ReportState.APPROVED
    StatusUpdateFactory(
        round=earlier, measure=m1, category=StatusCategory.NOT_STARTED, state=approved, narrative="Ikke i gang"
    )
    StatusUpdateFactory(
        round=earlier, measure=m2, category=StatusCategory.IN_PROGRESS, state=approved, narrative="I gang 2024"
    )
    StatusUpdateFactory(
        round=earlier, measure=m3, category=StatusCategory.IN_PROGRESS, state=approved, narrative="Pågår"
    )
    StatusUpdateFactory(
        round=later, measure=m1, category=StatusCategory.DONE, state=approved, narrative="Kurset er holdt"
    )
    StatusUpdateFactory(
        round=later, measure=m3, category=StatusCategory.IN_PROGRESS, state=approved, narrative="Pågår fortsatt"
    )
    StatusUpdateFactory(
        round=later, measure=m2, category=StatusCategory.CANCELLED, state=ReportState.SUBMITTED, narrative=f"{SECRET} 1"
    )
    StatusUpdateFactory(
        round=later, measure=m4, category=StatusCategory.DELAYED, state=ReportState.RETURNED, narrative=f"{SECRET} 2"
    )
    return earlier, later


def test_plan_page_shows_each_measures_latest_approved_status(client, plan, rounds):
    page = client.get(reverse("public:plan_detail", args=[plan.pk])).content.decode()
    assert page.count("Gjennomført") == 1  # measure 1, 2025
    assert page.count("Pågår") == 2  # measure 2 (from 2024: its 2025 report is not approved) and measure 3
    assert reverse("followup_public:dashboard", args=[plan.pk]) in page
    assert reverse("followup_public:report", args=[plan.pk, rounds[1].pk]) in page


def test_measure_page_shows_the_latest_narrative_and_the_history_per_period(client, plan, rounds):
    m1 = _measures(plan)[0]
    page = client.get(reverse("public:measure_detail", args=[plan.pk, m1.pk])).content.decode()
    assert "Status per 31. desember 2025" in page
    assert page.index("Kurset er holdt") < page.index("Ikke i gang")
    assert "Status per periode" in page
    history = page[page.index("Status per periode") :]
    assert history.index("2025") < history.index("2024")


def test_same_status_as_another_measure_links_to_it(client, plan):
    m1, m2, *_ = _measures(plan)
    reporting_round = ReportingRoundFactory(plan=plan)
    StatusUpdateFactory(round=reporting_round, measure=m1, state=ReportState.APPROVED)
    StatusUpdateFactory(round=reporting_round, measure=m2, state=ReportState.APPROVED, narrative="", same_as=m1)
    page = client.get(reverse("public:measure_detail", args=[plan.pk, m2.pk])).content.decode()
    assert "Samme status som" in page
    assert reverse("public:measure_detail", args=[plan.pk, m1.pk]) in page


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_unapproved_statuses_appear_in_no_public_page_report_or_api(client, plan, rounds):
    m2, m4 = _measures(plan)[1], _measures(plan)[3]
    later = rounds[1]
    pages = [
        reverse("public:plan_detail", args=[plan.pk]),
        reverse("public:measure_detail", args=[plan.pk, m2.pk]),
        reverse("public:measure_detail", args=[plan.pk, m4.pk]),
        reverse("followup_public:dashboard", args=[plan.pk]),
        reverse("followup_public:report", args=[plan.pk, later.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert SECRET not in html, url
        # The categories reported but not approved (cancelled, delayed) show nowhere; the dashboard counts them 0.
        if "oppfolging" not in url:
            assert "Avlyst</span>" not in html and "Forsinket</span>" not in html, url
    pdf = client.get(reverse("followup_public:report_pdf", args=[plan.pk, later.pk])).content
    assert SECRET not in _pdf_text(pdf)
    docx_text = _docx_text(client.get(reverse("followup_public:report_docx", args=[plan.pk, later.pk])).content)
    assert SECRET not in docx_text
    assert "Ingen godkjent status for denne perioden." in docx_text

    api = client.get(reverse("api:plan_detail", args=[plan.pk])).content.decode()
    assert SECRET not in api
    data = client.get(reverse("api:plan_detail", args=[plan.pk])).json()
    statuses = {m["number"]: m["status"] for g in data["goals"] for m in g["measures"]}
    assert statuses["2"]["narrative"] == "I gang 2024"  # the approved one from 2024, not the waiting one
    assert statuses["4"] is None
    assert statuses["1"] == {
        "period": "2025",
        "status_date": "2025-12-31",
        "category": "done",
        "narrative": "Kurset er holdt",
        "same_as": None,
    }


def test_a_round_with_only_unapproved_reports_has_no_public_report(client, plan):
    reporting_round = ReportingRoundFactory(plan=plan)
    StatusUpdateFactory(round=reporting_round, measure=_measures(plan)[0], narrative=SECRET)
    for name in ("followup_public:report", "followup_public:report_pdf", "followup_public:report_docx"):
        assert client.get(reverse(name, args=[plan.pk, reporting_round.pk])).status_code == 404
    page = client.get(reverse("followup_public:dashboard", args=[plan.pk])).content.decode()
    assert reverse("followup_public:report", args=[plan.pk, reporting_round.pk]) not in page


def test_a_report_of_another_plans_round_is_not_there(client, plan, rounds, national_plan):
    assert client.get(reverse("followup_public:report", args=[national_plan.pk, rounds[1].pk])).status_code == 404


def test_dashboard_counts_by_status_unit_and_goal_from_approved_statuses(plan, rounds):
    data = selectors.plan_dashboard(
        plan, today=datetime.date(2026, 3, 1), stale_days=365, no_unit="Uten enhet", no_goal="Uten mål"
    )
    order = list(selectors.CATEGORY_ORDER)

    def counts(row: selectors.CategoryRow) -> dict[object, int]:
        return {order[i]: n for i, n in enumerate(row.counts) if n}

    assert counts(data.total) == {StatusCategory.DONE: 1, StatusCategory.IN_PROGRESS: 2, None: 1}
    assert [(r.label, counts(r)) for r in data.by_unit] == [
        ("Helse", {StatusCategory.IN_PROGRESS: 1, None: 1}),
        ("Skole", {StatusCategory.DONE: 1, StatusCategory.IN_PROGRESS: 1}),
    ]
    assert [(r.short_label, r.total) for r in data.by_goal] == [("Mål 1", 2), ("Mål 2", 2)]
    assert [r.title for r in data.rounds] == ["2025", "2024"]


def test_late_measures_are_past_their_due_year_and_not_done(plan, rounds):
    m3 = _measures(plan)[2]
    m3.due_date = datetime.date(2026, 2, 28)
    m3.save()
    late = selectors.plan_dashboard(plan, today=datetime.date(2026, 3, 1), stale_days=365, no_unit="", no_goal="").late
    # Measure 1 is due in 2024 but done; measure 3 was due yesterday and is in progress; 4 is due in 2030.
    assert [row.measure for row in late] == [m3]
    on_the_day = selectors.plan_dashboard(
        plan, today=datetime.date(2026, 2, 28), stale_days=365, no_unit="", no_goal=""
    )
    assert on_the_day.late == []


def test_stale_measures_have_no_approved_status_within_the_configured_days(plan, rounds):
    _done, m2, m3, m4 = _measures(plan)

    def stale(today: datetime.date, days: int) -> list[Measure]:
        data = selectors.plan_dashboard(plan, today=today, stale_days=days, no_unit="", no_goal="")
        return [row.measure for row in data.stale]

    # Measure 2's newest approved status is from 2024-12-31; measure 4 has none and counts from 1 January 2024.
    assert stale(datetime.date(2025, 12, 31), 365) == [m4]
    assert stale(datetime.date(2026, 1, 1), 365) == [m2, m4]
    assert stale(datetime.date(2026, 12, 31), 365) == [m2, m4]
    assert stale(datetime.date(2027, 1, 1), 365) == [m2, m3, m4]  # measure 1 is done: never stale
    assert stale(datetime.date(2026, 1, 1), 1000) == []


def test_change_since_the_previous_round_lists_category_moves(plan, rounds):
    m1, *_ = _measures(plan)
    data = selectors.plan_dashboard(plan, today=datetime.date(2026, 1, 1), stale_days=365, no_unit="", no_goal="")
    assert data.current_round == rounds[1] and data.previous_round == rounds[0]
    assert [(move.measure, move.before.category, move.after.category) for move in data.moves] == [
        (m1, StatusCategory.NOT_STARTED, StatusCategory.DONE)
    ]
    assert data.unchanged == 1  # measure 3; measure 2's 2025 report is not approved


def test_dashboard_page_has_charts_with_a_name_and_the_same_data_as_tables(client, plan, rounds):
    response = client.get(reverse("followup_public:dashboard", args=[plan.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    charts = re.findall(r'<svg class="bar-chart"[^>]*role="img"[^>]*>\s*<title id="[^"]+">([^<]+)</title>', page)
    assert charts == [
        "Antall tiltak per status",
        "Tiltak per mål, fordelt på status",
        "Tiltak per ansvarlig, fordelt på status",
    ]
    assert page.count("<desc id=") == 3
    assert page.count("<table") >= 3
    assert "<script" not in page
    # Every chart is followed by a table before the next chart.
    positions = [m.start() for m in re.finditer(r"<svg class=\"bar-chart\"", page)]
    for start, end in zip(positions, [*positions[1:], len(page)], strict=True):
        assert "<table" in page[start:end]
    assert "Trenger du hjelp nå?" in page  # the help block (domain rule 3)


def test_dashboard_and_reports_of_a_draft_plan_are_not_there(client, drammen_draft):
    assert client.get(reverse("followup_public:dashboard", args=[drammen_draft.pk])).status_code == 404


def _grow(plan: Plan, rounds: tuple[ReportingRound, ReportingRound], count: int) -> None:
    """More goals, units and measures, each approved in both rounds and waiting for review in a third."""
    waiting = ReportingRoundFactory(plan=plan, title="2026", status_date=datetime.date(2026, 6, 30))
    for index in range(count):
        goal = GoalFactory(plan=plan, order=10 + index, number=str(10 + index))
        unit = UnitFactory(organisation=plan.organisations.get(), name=f"Enhet {index}")
        measure = MeasureFactory(plan=plan, goal=goal if index % 3 else None, order=10 + index, due_year=2020)
        Responsibility.objects.create(measure=measure, unit=unit)
        for reporting_round in rounds:
            StatusUpdateFactory(round=reporting_round, measure=measure, state=ReportState.APPROVED)
        StatusUpdateFactory(round=waiting, measure=measure)


# The plan (access check), its measures, their responsible units, its goals, and all approved statuses.
DASHBOARD_QUERIES = 5
# The plan, the round (one of its public rounds), its approved statuses, goals, measures, responsible units.
REPORT_QUERIES = 6


@pytest.mark.parametrize(
    ("name", "queries"),
    [("followup_public:dashboard", DASHBOARD_QUERIES), ("followup_public:report", REPORT_QUERIES)],
)
def test_dashboard_and_report_cost_the_same_queries_with_many_more_measures(
    client, django_assert_num_queries, plan, rounds, name, queries
):
    args = [plan.pk] if name.endswith("dashboard") else [plan.pk, rounds[1].pk]
    url = reverse(name, args=args)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200

    _grow(plan, rounds, 30)

    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert plan.measures.count() == 34


@pytest.mark.parametrize("name", ["followup_public:report_pdf", "followup_public:report_docx"])
def test_report_documents_cost_the_same_queries_with_many_more_measures(
    client, django_assert_num_queries, plan, rounds, name
):
    url = reverse(name, args=[plan.pk, rounds[1].pk])
    # As the report page, and the owner's written language for the document.
    with django_assert_num_queries(REPORT_QUERIES + 1):
        assert client.get(url).status_code == 200
    _grow(plan, rounds, 10)
    with django_assert_num_queries(REPORT_QUERIES + 1):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("app", "leaves"),
    [
        # The public views and the API of plans show approved statuses.
        ("followup", ["api.py", "views_public.py"]),
        # The public plan page shows a summary of its places' statistics.
        ("stats", ["views_public.py"]),
    ],
)
def test_plans_app_reads_a_higher_app_only_in_its_public_leaves(app, leaves):
    # Dependencies point one way (plans ← followup, plans ← stats). Nothing else in plans may import them, so no
    # import cycle can form.
    root = Path(__file__).resolve().parents[1] / "planverk" / "plans"
    importers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(rf"^\s*(from|import) planverk\.{app}\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert importers == leaves
