"""The follow-up pages cost a fixed number of queries, however many measures, units and reports there are.

Each test counts the queries of a page with a little data, adds many more measures (each with responsible units,
reports and evaluations), and expects the same count.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planverk.accounts.models import Membership
from planverk.followup import services
from planverk.followup.models import Implementation, ReportingRound, StatusCategory
from planverk.organisations.models import Unit
from planverk.plans.models import Plan, Responsibility
from tests.factories import GoalFactory, MeasureFactory, PlanFactory, UnitFactory

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def units(drammen, owner) -> list[Unit]:  # type: ignore[no-untyped-def]
    units = [UnitFactory(organisation=drammen, name=f"Tjeneste {i}") for i in range(4)]
    Membership.objects.get(user=owner).units.add(units[0], units[1])
    return units


@pytest.fixture
def plan(drammen, units) -> Plan:  # type: ignore[no-untyped-def]
    plan = PlanFactory(organisations=[drammen], title="Plan å følge opp", period_start=2024, period_end=2027)
    measure = MeasureFactory(plan=plan, goal=GoalFactory(plan=plan, order=1), order=1)
    Responsibility.objects.create(measure=measure, unit=units[0])
    return plan


def _open_round(plan: Plan, by: object, day: int = 31) -> ReportingRound:
    return services.round_open(
        plan=plan,
        title=f"Status per {day}. desember 2025",
        status_date=datetime.date(2025, 12, day),
        deadline=NEXT_MONTH,
        message="",
        by=by,  # type: ignore[arg-type]
        now=timezone.now(),
    )


def _grow(plan: Plan, reporting_round: ReportingRound, units: list[Unit], owner: object, coordinator: object) -> None:
    """Thirty more measures in four more goals, with two or three units each; most reported, some reviewed."""
    goals = [GoalFactory(plan=plan, order=i) for i in range(2, 6)]
    for index in range(30):
        measure = MeasureFactory(plan=plan, goal=goals[index % 4] if index % 5 else None, order=10 + index)
        for offset in range(2 + index % 2):
            Responsibility.objects.create(measure=measure, unit=units[(index + offset) % len(units)], order=offset)
        if index % 3:
            update = services.status_report(
                reporting_round=reporting_round,
                measure=measure,
                category=StatusCategory.IN_PROGRESS,
                narrative=f"Status {index}",
                by=owner,  # type: ignore[arg-type]
                now=timezone.now(),
            )
            if index % 3 == 2:
                services.status_review(
                    update=update, approve=index % 2 == 0, comment="Mer, takk", by=coordinator, now=timezone.now()
                )
        services.evaluation_record(
            measure=measure,
            implementation=Implementation.FULLY if index % 2 else Implementation.PARTLY,
            notes="",
            partner_input="",
            continue_in_revision=bool(index % 2),
            expected_version=None,
            by=coordinator,  # type: ignore[arg-type]
            now=timezone.now(),
        )


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["owner", "coordinator"])
def test_mine_tiltak_costs_the_same_queries_with_many_more_measures(
    client, django_assert_num_queries, request, owner, coordinator, plan, units, role
):
    reporting_round = _open_round(plan, coordinator)
    client.force_login(request.getfixturevalue(role))
    url = reverse("followup:my_measures")
    small = _count(client, url)

    _grow(plan, reporting_round, units, owner, coordinator)
    second_plan = PlanFactory(organisations=plan.organisations.all(), title="Enda en plan")
    second_round = _open_round(second_plan, coordinator, day=1)
    _grow(second_plan, second_round, units, owner, coordinator)
    _open_round(plan, coordinator, day=15)

    with django_assert_num_queries(small):
        response = client.get(url)
    page = response.content.decode()
    if role == "owner":
        theirs = second_plan.measures.filter(responsibilities__unit__in=units[:2]).first()
        assert reverse("followup:report", args=[second_round.pk, theirs.pk]) in page
        assert len(response.context["rounds"]) == 3
    else:
        assert len(response.context["to_review"]) == 20  # index % 3 == 1 in both plans


@pytest.mark.parametrize("role", ["owner", "coordinator"])
def test_round_progress_costs_the_same_queries_with_many_more_measures(
    client, django_assert_num_queries, request, owner, coordinator, plan, units, role
):
    reporting_round = _open_round(plan, coordinator)
    client.force_login(request.getfixturevalue(role))
    url = reverse("followup:round_detail", args=[reporting_round.pk])
    small = _count(client, url)

    _grow(plan, reporting_round, units, owner, coordinator)

    with django_assert_num_queries(small):
        response = client.get(url)
    progress = response.context["progress"]
    assert progress.total.total == 31
    assert len(progress.by_goal) == 6  # five goals and the measures without one
    assert len(progress.by_unit) == 4
    assert sum(row.total for row in progress.by_unit) == 1 + sum(2 + i % 2 for i in range(30))


def test_evaluation_summary_costs_the_same_queries_with_many_more_measures(
    client, django_assert_num_queries, owner, coordinator, plan, units
):
    reporting_round = _open_round(plan, coordinator)
    client.force_login(coordinator)
    url = reverse("followup:evaluation_summary", args=[plan.pk])
    small = _count(client, url)

    _grow(plan, reporting_round, units, owner, coordinator)

    with django_assert_num_queries(small):
        response = client.get(url)
    assert dict(response.context["overview"].by_implementation)["Ikke evaluert"] == 1


def test_plan_and_measure_followup_pages_cost_the_same_queries(
    client, django_assert_num_queries, owner, coordinator, plan, units
):
    reporting_round = _open_round(plan, coordinator)
    client.force_login(coordinator)
    measure = plan.measures.get()
    urls = [reverse("followup:plan_followup", args=[plan.pk]), reverse("followup:measure_followup", args=[measure.pk])]
    small = [_count(client, url) for url in urls]

    _grow(plan, reporting_round, units, owner, coordinator)
    for day in (1, 2, 3):
        _open_round(plan, coordinator, day=day)
        services.status_report(
            reporting_round=plan.rounds.get(status_date=datetime.date(2025, 12, day)),
            measure=measure,
            category=StatusCategory.DELAYED,
            narrative="Forsinket",
            by=owner,
            now=timezone.now(),
        )

    for url, count in zip(urls, small, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
