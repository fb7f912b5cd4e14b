"""Public pages and API answers cost a fixed number of queries, however much there is to show.

Each test counts the queries for a small plan, then adds many more plans, goals, measures and
details of every kind the page shows, and counts again. A related row looked up once per plan or
per measure (an N+1) changes the second count and fails the test.
"""

import pytest
from django.urls import reverse

from planverk.organisations.models import Organisation, Unit
from planverk.plans.models import (
    Goal,
    Measure,
    Objective,
    ObjectiveKind,
    Plan,
    PlanLink,
    PlanStatus,
    Responsibility,
    ResponsibilityRole,
    TargetGroup,
)
from tests.factories import GoalFactory, MeasureFactory, OrganisationFactory, PlanFactory, UnitFactory

# The published plans with their measure counts, their owners, the organisations in the filter.
PLAN_LIST_QUERIES = 3
# The plan, its owners, its goals and their links, its measures, and for all measures at once:
# responsible units, target groups, objectives, "see also", links and the latest approved statuses;
# then the published statistics of its places and the country.
PLAN_PAGE_QUERIES = 12
# The measure and its plan (access check), then the measure again with its five lists, and its approved statuses.
MEASURE_PAGE_QUERIES = 8
# The published plans, their owners.
API_PLAN_LIST_QUERIES = 2
# As the plan page, without its statistics.
API_PLAN_QUERIES = 11


def _fill(measure: Measure, *, units: list[Unit], link_targets: list[Goal | Measure], size: int) -> None:
    """Give a measure `size` responsible units, target groups, objectives and links to other plans."""
    for index, unit in enumerate(units[:size]):
        role = ResponsibilityRole.PRIMARY if index == 0 else ResponsibilityRole.COLLABORATOR
        Responsibility.objects.create(measure=measure, unit=unit, role=role, order=index)
    measure.target_groups.add(*TargetGroup.objects.order_by("pk")[:size])
    for index in range(size):
        Objective.objects.create(
            measure=measure,
            kind=ObjectiveKind.RESULT if index % 2 else ObjectiveKind.EFFECT,
            order=index,
            text=f"Objektiv {index} for tiltak {measure.pk}",
            measurement_method="Telling",
        )
    for target in link_targets[:size]:
        if isinstance(target, Goal):
            PlanLink.objects.create(from_measure=measure, to_goal=target)
        else:
            PlanLink.objects.create(from_measure=measure, to_measure=target)


def _link_targets(national_plan: Plan) -> list[Goal | Measure]:
    """Goals and measures of the national plan, and a measure in someone's draft (such links are hidden)."""
    draft_measure = MeasureFactory(plan=PlanFactory(status=PlanStatus.DRAFT))
    return [*national_plan.goals.order_by("pk")[:2], draft_measure, *national_plan.measures.order_by("pk")[:8]]


@pytest.fixture
def units(drammen: Organisation, national_plan: Plan) -> list[Unit]:
    # Units of several organisations, ministries among them.
    ministries = list(Unit.objects.filter(responsibilities__measure__plan=national_plan).distinct().order_by("pk")[:3])
    return [UnitFactory(organisation=drammen, name=f"Tjeneste {i}") for i in range(5)] + ministries


@pytest.fixture
def small_plan(drammen: Organisation, national_plan: Plan, units: list[Unit]) -> Plan:
    """A published plan: one goal with a measure, a measure without a goal, one of each detail."""
    plan = PlanFactory(organisations=[drammen], title="Liten plan")
    goal = GoalFactory(plan=plan, order=1, number="1")
    PlanLink.objects.create(from_goal=goal, to_goal=national_plan.goals.order_by("pk").first())
    first = MeasureFactory(plan=plan, goal=goal, order=1, number="1")
    second = MeasureFactory(plan=plan, goal=None, order=2, number="2")
    _fill(first, units=units, link_targets=_link_targets(national_plan), size=1)
    first.see_also.add(second)
    return plan


def _grow_plan(plan: Plan, national_plan: Plan, units: list[Unit]) -> None:
    """Five more goals and forty more measures, each measure with two to four of every detail."""
    targets = _link_targets(national_plan)
    goals = [GoalFactory(plan=plan, order=i, number=str(i)) for i in range(2, 7)]
    for goal in goals:
        PlanLink.objects.create(from_goal=goal, to_goal=national_plan.goals.order_by("-pk").first())
    previous = plan.measures.order_by("pk").first()
    for index in range(40):
        goal = goals[index % len(goals)] if index % 8 else None
        measure = MeasureFactory(plan=plan, goal=goal, order=10 + index, number=str(10 + index))
        _fill(measure, units=units[index % 3 :], link_targets=targets[index % 4 :], size=2 + index % 3)
        measure.see_also.add(previous)
        previous = measure


def _grow_register(units: list[Unit]) -> None:
    """Thirty more published plans, each with two owners and three measures, and a few drafts."""
    for index in range(30):
        plan = PlanFactory(title=f"Registerplan {index}", organisations=[OrganisationFactory(), OrganisationFactory()])
        for order in range(1, 4):
            _fill(MeasureFactory(plan=plan, order=order), units=units, link_targets=[], size=1)
        if index % 10 == 0:
            PlanFactory(status=PlanStatus.DRAFT)


@pytest.mark.parametrize("query", ["", "?niva=municipal", "?organisasjon=3301", "?status=adopted"])
def test_plan_list_costs_the_same_queries_with_many_more_plans(
    client, django_assert_num_queries, small_plan, national_plan, units, query
):
    url = reverse("public:plan_list") + query
    with django_assert_num_queries(PLAN_LIST_QUERIES):
        assert client.get(url).status_code == 200

    _grow_register(units)
    _grow_plan(small_plan, national_plan, units)

    with django_assert_num_queries(PLAN_LIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    if query != "?organisasjon=3301":
        assert response.content.decode().count("Registerplan ") == 30


def test_plan_page_costs_the_same_queries_with_many_more_measures(
    client, django_assert_num_queries, small_plan, national_plan, units
):
    url = reverse("public:plan_detail", args=[small_plan.pk])
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        assert client.get(url).status_code == 200

    _grow_plan(small_plan, national_plan, units)

    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    measures = list(small_plan.measures.all())
    assert len(measures) == 42
    assert all(reverse("public:measure_detail", args=[small_plan.pk, m.pk]) in page for m in measures)


def test_largest_seed_plan_page_costs_the_same_queries(client, django_assert_num_queries, national_plan):
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        assert client.get(reverse("public:plan_detail", args=[national_plan.pk])).status_code == 200


def test_measure_page_costs_the_same_queries_with_many_more_details(
    client, django_assert_num_queries, small_plan, national_plan, units
):
    measure = small_plan.measures.get(number="1")
    url = reverse("public:measure_detail", args=[small_plan.pk, measure.pk])
    with django_assert_num_queries(MEASURE_PAGE_QUERIES):
        assert client.get(url).status_code == 200

    _fill(measure, units=units[1:], link_targets=_link_targets(national_plan), size=7)
    _grow_plan(small_plan, national_plan, units)
    measure.see_also.add(*small_plan.measures.exclude(pk=measure.pk))

    with django_assert_num_queries(MEASURE_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert all(unit.name in page for unit in units)
    assert all(objective.text in page for objective in measure.objectives.all())
    assert measure.objectives.count() == 8


def test_api_plan_list_costs_the_same_queries_with_many_more_plans(
    client, django_assert_num_queries, small_plan, units
):
    url = reverse("api:plan_list")
    with django_assert_num_queries(API_PLAN_LIST_QUERIES):
        before = client.get(url).json()["plans"]

    _grow_register(units)

    with django_assert_num_queries(API_PLAN_LIST_QUERIES):
        after = client.get(url).json()["plans"]
    added = [p for p in after if p["title"].startswith("Registerplan ")]
    assert len(after) == len(before) + 30
    assert len(added) == 30
    assert all(len(p["organisations"]) == 2 for p in added)


def test_api_plan_costs_the_same_queries_with_many_more_measures(
    client, django_assert_num_queries, small_plan, national_plan, units
):
    url = reverse("api:plan_detail", args=[small_plan.pk])
    with django_assert_num_queries(API_PLAN_QUERIES):
        assert client.get(url).status_code == 200

    _grow_plan(small_plan, national_plan, units)

    with django_assert_num_queries(API_PLAN_QUERIES):
        data = client.get(url).json()
    added = [m for g in data["goals"] for m in g["measures"]] + data["measures_without_goal"]
    added = [m for m in added if m["number"] not in {"1", "2"}]
    assert len(data["goals"]) == 6
    assert len(added) == 40
    assert all(len(m["responsible"]) >= 2 and m["objectives"] and m["target_groups"] and m["links"] for m in added)
