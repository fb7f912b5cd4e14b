"""Goals, measures, responsible units and objectives in the workspace, and two people editing at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planverk.accounts.models import Role
from planverk.organisations.models import Unit
from planverk.plans.models import (
    Goal,
    Measure,
    Objective,
    ObjectiveKind,
    Plan,
    Responsibility,
    ResponsibilityRole,
    TargetGroup,
)
from tests.factories import GoalFactory, MeasureFactory, MembershipFactory, UnitFactory, UserFactory


@pytest.fixture
def units(drammen) -> list[Unit]:  # type: ignore[no-untyped-def]
    return [
        UnitFactory(organisation=drammen, name="Helse og mestring"),
        UnitFactory(organisation=drammen, name="Oppvekst og utdanning"),
        UnitFactory(organisation=drammen, name="NAV Drammen"),
    ]


@pytest.fixture
def goal(drammen_plan) -> Goal:  # type: ignore[no-untyped-def]
    return drammen_plan.goals.order_by("order").first()


@pytest.fixture
def measure(drammen_plan, goal) -> Measure:  # type: ignore[no-untyped-def]
    return drammen_plan.measures.filter(goal=goal).order_by("order").first()


@pytest.fixture
def second_coordinator(drammen):  # type: ignore[no-untyped-def]
    return MembershipFactory(
        user=UserFactory(username="frida-koordinator"), organisation=drammen, role=Role.COORDINATOR
    ).user


def _measure_form(measure: Measure, **changes: object) -> dict[str, object]:
    responsibilities = list(measure.responsibilities.all())
    data: dict[str, object] = {
        "goal": measure.goal_id or "",
        "number": measure.number,
        "title": measure.title,
        "what": measure.what,
        "why": measure.why,
        "timeframe": measure.timeframe,
        "start_year": measure.start_year or "",
        "due_year": measure.due_year or "",
        "due_date": measure.due_date.isoformat() if measure.due_date else "",
        "primary_units": [r.unit_id for r in responsibilities if r.role == ResponsibilityRole.PRIMARY],
        "collaborator_units": [r.unit_id for r in responsibilities if r.role == ResponsibilityRole.COLLABORATOR],
        "partners": measure.partners,
        "cost": measure.cost,
        "prevention_level": measure.prevention_level,
        "target_groups": [g.pk for g in measure.target_groups.all()],
        "arenas": measure.arenas,
        "is_new": "" if measure.is_new is None else str(measure.is_new).lower(),
        "version": measure.version,
    }
    return {**data, **changes}


# --- Measures ----------------------------------------------------------------------------------


def test_coordinator_adds_a_measure_with_responsible_units(client, coordinator, drammen_plan, goal, units):
    client.force_login(coordinator)
    groups = list(TargetGroup.objects.order_by("pk").values_list("pk", flat=True)[:2])
    response = client.post(
        reverse("workspace:measure_create", args=[drammen_plan.pk]),
        {
            "goal": goal.pk,
            "number": "1.4",
            "title": "Kurs i samtale om selvmord for lærere",
            "what": "Alle lærere i ungdomsskolen får kurs.",
            "timeframe": "2025–2026",
            "start_year": "2025",
            "due_year": "2026",
            "primary_units": [units[1].pk],
            "collaborator_units": [units[0].pk, units[2].pk],
            "prevention_level": "universal",
            "target_groups": groups,
            "is_new": "true",
        },
    )
    measure = Measure.objects.get(title="Kurs i samtale om selvmord for lærere")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#tiltak-{measure.pk}")
    assert (measure.plan, measure.goal, measure.number, measure.due_year, measure.is_new) == (
        drammen_plan,
        goal,
        "1.4",
        2026,
        True,
    )
    roles = {r.unit.name: r.role for r in measure.responsibilities.select_related("unit")}
    assert roles == {
        "Oppvekst og utdanning": ResponsibilityRole.PRIMARY,
        "Helse og mestring": ResponsibilityRole.COLLABORATOR,
        "NAV Drammen": ResponsibilityRole.COLLABORATOR,
    }
    assert [g.pk for g in measure.target_groups.all()] == groups
    assert Measure.history.latest().history_user == coordinator
    assert Responsibility.history.latest().history_user == coordinator


def test_new_measure_form_preselects_the_goal_it_was_opened_from(client, coordinator, drammen_plan, goal):
    client.force_login(coordinator)
    url = reverse("workspace:measure_create", args=[drammen_plan.pk])
    form = client.get(url, {"mal": goal.pk}).context["form"]
    assert form.initial["goal"] == goal.pk


def test_measure_form_offers_the_plans_own_units_only(client, coordinator, drammen_plan, units, gjovik):
    client.force_login(coordinator)
    form = client.get(reverse("workspace:measure_create", args=[drammen_plan.pk])).context["form"]
    offered = set(form.fields["primary_units"].queryset)
    assert set(units) <= offered
    assert all(u.organisation_id == drammen_plan.organisations.get().pk for u in offered)


def test_national_measure_offers_the_ministries(client, superuser, national_plan):
    client.force_login(superuser)
    measure = national_plan.measures.order_by("order").first()
    form = client.get(reverse("workspace:measure_edit", args=[measure.pk])).context["form"]
    offered = {u.short_name for u in form.fields["primary_units"].queryset}
    assert {"HOD", "AID", "BFD", "FD", "JD", "KUD", "KD", "SD"} <= offered


def test_plan_without_units_points_to_the_unit_page(client, coordinator, drammen_plan, drammen):
    Unit.objects.filter(organisation=drammen).delete()
    client.force_login(coordinator)
    html = client.get(reverse("workspace:measure_create", args=[drammen_plan.pk])).content.decode()
    assert "har ingen enheter registrert" in html
    assert reverse("workspace:unit_list", args=[drammen.pk]) in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Skriv inn tittelen på tiltaket."),
        ({"start_year": "2027", "due_year": "2025"}, "Fristen kan ikke være før startåret."),
        ({"due_date": "i morgen"}, "Skriv datoen som dd.mm.åååå"),
        ({"prevention_level": "maksimal"}, "Velg et av forebyggingsnivåene i listen."),
        ({"is_new": "kanskje"}, "Velg et av valgene i listen."),
        ({"target_groups": ["999999"]}, "Velg målgrupper fra listen."),
    ],
)
def test_new_measure_with_bad_input_is_refused(client, coordinator, drammen_plan, changes, message):
    client.force_login(coordinator)
    before = Measure.objects.count()
    response = client.post(
        reverse("workspace:measure_create", args=[drammen_plan.pk]), {"title": "Et tiltak", **changes}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Measure.objects.count() == before


def test_a_unit_cannot_be_both_primary_and_collaborator(client, coordinator, drammen_plan, units):
    client.force_login(coordinator)
    before = Measure.objects.count()
    response = client.post(
        reverse("workspace:measure_create", args=[drammen_plan.pk]),
        {"title": "Et tiltak", "primary_units": [units[0].pk], "collaborator_units": [units[0].pk, units[1].pk]},
    )
    assert response.status_code == 400
    assert "En enhet kan ikke være både hovedansvarlig og medansvarlig: Helse og mestring." in response.content.decode()
    assert Measure.objects.count() == before


def test_units_of_another_municipality_cannot_be_made_responsible(client, coordinator, drammen_plan, gjovik):
    client.force_login(coordinator)
    gjovik_unit = Unit.objects.filter(organisation=gjovik).first() or UnitFactory(organisation=gjovik)
    before = Responsibility.objects.count()
    response = client.post(
        reverse("workspace:measure_create", args=[drammen_plan.pk]),
        {"title": "Et tiltak", "primary_units": [gjovik_unit.pk]},
    )
    assert response.status_code == 400
    assert "Velg ansvarlige blant enhetene i listen." in response.content.decode()
    assert Responsibility.objects.count() == before


def test_a_measure_cannot_be_put_under_another_plans_goal(client, coordinator, drammen_plan, national_plan):
    client.force_login(coordinator)
    foreign_goal = national_plan.goals.first()
    response = client.post(
        reverse("workspace:measure_create", args=[drammen_plan.pk]), {"title": "Et tiltak", "goal": foreign_goal.pk}
    )
    assert response.status_code == 400
    assert "Velg et av målene i denne planen." in response.content.decode()
    assert not Measure.objects.filter(title="Et tiltak").exists()


def test_coordinator_edits_a_measure_and_its_responsibilities(client, coordinator, measure, units):
    Responsibility.objects.create(measure=measure, unit=units[0], role=ResponsibilityRole.PRIMARY)
    measure.refresh_from_db()
    client.force_login(coordinator)
    url = reverse("workspace:measure_edit", args=[measure.pk])
    form = client.get(url).context["form"]
    assert form.initial["primary_units"] == [units[0].pk]
    response = client.post(
        url,
        _measure_form(measure, title="Endret tittel", primary_units=[units[2].pk], collaborator_units=[units[0].pk]),
    )
    assert response.status_code == 302
    measure_after = Measure.objects.get(pk=measure.pk)
    assert measure_after.title == "Endret tittel"
    assert measure_after.version == measure.version + 1
    assert {(r.unit_id, r.role) for r in measure_after.responsibilities.all()} == {
        (units[2].pk, ResponsibilityRole.PRIMARY),
        (units[0].pk, ResponsibilityRole.COLLABORATOR),
    }
    assert Measure.history.filter(id=measure.pk).latest().history_user == coordinator


def test_measure_edit_with_bad_input_changes_nothing(client, coordinator, measure):
    client.force_login(coordinator)
    response = client.post(reverse("workspace:measure_edit", args=[measure.pk]), _measure_form(measure, title=""))
    assert response.status_code == 400
    assert "Skriv inn tittelen på tiltaket." in response.content.decode()
    after = Measure.objects.get(pk=measure.pk)
    assert (after.title, after.version) == (measure.title, measure.version)


def test_second_save_of_the_same_measure_is_refused_and_the_first_kept(
    client, coordinator, second_coordinator, measure
):
    url = reverse("workspace:measure_edit", args=[measure.pk])
    client.force_login(coordinator)
    opened_by_charlie = _measure_form(measure)
    client.force_login(second_coordinator)
    client.get(url)
    opened_by_frida = _measure_form(measure)

    client.force_login(coordinator)
    assert client.post(url, {**opened_by_charlie, "title": "Charlies tiltak", "why": "Fordi"}).status_code == 302

    client.force_login(second_coordinator)
    response = client.post(url, {**opened_by_frida, "title": "Fridas tiltak"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Noen andre har lagret endringer mens du skrev" in html
    assert "Endringene dine er ikke lagret" in html
    assert "charlie-koordinator" in html
    assert 'value="Fridas tiltak"' in html
    assert f'href="{url}"' in html
    after = Measure.objects.get(pk=measure.pk)
    assert (after.title, after.why) == ("Charlies tiltak", "Fordi")
    assert Measure.history.filter(id=measure.pk).latest().history_user == coordinator

    # Saving again with the same stale form is refused again: nothing is overwritten by retrying.
    assert client.post(url, {**opened_by_frida, "title": "Fridas tiltak"}).status_code == 409
    assert Measure.objects.get(pk=measure.pk).title == "Charlies tiltak"


def test_measure_is_deleted_and_the_deletion_kept_in_history(client, coordinator, measure):
    client.force_login(coordinator)
    url = reverse("workspace:measure_delete", args=[measure.pk])
    assert measure.title in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()
    deleted = Measure.history.filter(id=measure.pk).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", coordinator)


# --- Reordering --------------------------------------------------------------------------------


def _titles_under(goal: Goal) -> list[str]:
    return list(goal.measures.order_by("order", "pk").values_list("title", flat=True))


def test_measures_move_up_and_down_within_their_goal(client, coordinator, drammen_plan, goal):
    client.force_login(coordinator)
    before = _titles_under(goal)
    assert len(before) >= 2
    second = goal.measures.order_by("order", "pk")[1]
    response = client.post(reverse("workspace:measure_move", args=[second.pk]), {"direction": "opp"})
    assert response.status_code == 302
    assert _titles_under(goal) == [before[1], before[0], *before[2:]]
    client.post(reverse("workspace:measure_move", args=[second.pk]), {"direction": "ned"})
    assert _titles_under(goal) == before
    assert Measure.history.filter(id=second.pk).latest().history_user == coordinator


def test_moving_a_measure_skips_the_measures_of_other_goals(client, coordinator, drammen_plan):
    goals = list(drammen_plan.goals.order_by("order"))
    first, second = goals[0], goals[1]
    late = MeasureFactory(plan=drammen_plan, goal=first, title="Sent tiltak", order=10_000)
    before = _titles_under(first)
    others = _titles_under(second)
    client.force_login(coordinator)
    client.post(reverse("workspace:measure_move", args=[late.pk]), {"direction": "opp"})
    assert _titles_under(first) == [*before[:-2], "Sent tiltak", before[-2]]
    assert _titles_under(second) == others


def test_moving_the_first_measure_up_changes_nothing(client, coordinator, goal):
    client.force_login(coordinator)
    before = _titles_under(goal)
    first = goal.measures.order_by("order", "pk").first()
    assert client.post(reverse("workspace:measure_move", args=[first.pk]), {"direction": "opp"}).status_code == 302
    assert _titles_under(goal) == before


def test_moving_in_an_unknown_direction_is_refused(client, coordinator, measure, goal):
    client.force_login(coordinator)
    before = _titles_under(goal)
    response = client.post(reverse("workspace:measure_move", args=[measure.pk]), {"direction": "sidelengs"})
    assert response.status_code == 400
    assert "Elementet kan bare flyttes opp eller ned." in response.content.decode()
    assert _titles_under(goal) == before


def test_goals_move_up_and_down(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    before = list(drammen_plan.goals.order_by("order").values_list("pk", flat=True))
    response = client.post(reverse("workspace:goal_move", args=[before[2]]), {"direction": "opp"})
    assert response.status_code == 302
    after = list(drammen_plan.goals.order_by("order").values_list("pk", flat=True))
    assert after == [before[0], before[2], before[1], *before[3:]]
    response = client.post(reverse("workspace:goal_move", args=[before[0]]), {"direction": ""})
    assert response.status_code == 400
    assert "Velg om elementet skal flyttes opp eller ned." in response.content.decode()


# --- Goals -------------------------------------------------------------------------------------


def test_coordinator_adds_edits_and_deletes_a_goal(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    response = client.post(
        reverse("workspace:goal_create", args=[drammen_plan.pk]),
        {"kind": "focus_area", "number": "6", "title": "Etterlatte", "prevention_level": "indicated"},
    )
    goal = Goal.objects.get(plan=drammen_plan, title="Etterlatte")
    assert response.status_code == 302
    assert goal.order == max(drammen_plan.goals.values_list("order", flat=True))
    assert Goal.history.latest().history_user == coordinator

    url = reverse("workspace:goal_edit", args=[goal.pk])
    data = {**client.get(url).context["form"].initial, "title": "Oppfølging av etterlatte"}
    assert client.post(url, data).status_code == 302
    assert Goal.objects.get(pk=goal.pk).title == "Oppfølging av etterlatte"

    assert client.post(reverse("workspace:goal_delete", args=[goal.pk])).status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert Goal.history.filter(id=goal.pk).latest().history_type == "-"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Skriv inn tittelen på målet."),
        ({"kind": "kapittel"}, "Velg en av typene i listen."),
        ({"number": "1" * 21}, "Teksten kan ha høyst 20 tegn"),
    ],
)
def test_goal_with_bad_input_is_refused(client, coordinator, drammen_plan, changes, message):
    client.force_login(coordinator)
    before = drammen_plan.goals.count()
    response = client.post(
        reverse("workspace:goal_create", args=[drammen_plan.pk]), {"kind": "goal", "title": "Et mål", **changes}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert drammen_plan.goals.count() == before


def test_goal_with_measures_cannot_be_deleted(client, coordinator, goal):
    client.force_login(coordinator)
    url = reverse("workspace:goal_delete", args=[goal.pk])
    assert "Målet har tiltak." in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert "Målet har tiltak. Flytt eller slett tiltakene først." in response.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_second_save_of_the_same_goal_is_refused(client, coordinator, second_coordinator, goal):
    url = reverse("workspace:goal_edit", args=[goal.pk])
    client.force_login(coordinator)
    opened = client.get(url).context["form"].initial
    assert client.post(url, {**opened, "title": "Charlies mål"}).status_code == 302
    client.force_login(second_coordinator)
    response = client.post(url, {**opened, "title": "Fridas mål"})
    assert response.status_code == 409
    assert "Noen andre har lagret endringer mens du skrev" in response.content.decode()
    assert Goal.objects.get(pk=goal.pk).title == "Charlies mål"


# --- Objectives --------------------------------------------------------------------------------


def test_coordinator_adds_and_removes_result_and_effect_objectives(client, coordinator, measure):
    client.force_login(coordinator)
    url = reverse("workspace:objective_create", args=[measure.pk])
    client.post(url, {"kind": "result", "text": "Alle tjenester har rutiner", "measurement_method": "Kartlegging"})
    client.post(url, {"kind": "effect", "text": "Færre selvmord", "measurement_method": ""})
    objectives = list(measure.objectives.order_by("order"))
    assert [(o.kind, o.text, o.measurement_method) for o in objectives[-2:]] == [
        (ObjectiveKind.RESULT, "Alle tjenester har rutiner", "Kartlegging"),
        (ObjectiveKind.EFFECT, "Færre selvmord", ""),
    ]
    assert Objective.history.latest().history_user == coordinator
    page = client.get(reverse("workspace:plan_detail", args=[measure.plan_id])).content.decode()
    assert "Alle tjenester har rutiner" in page and "Kartlegging" in page

    response = client.post(reverse("workspace:objective_delete", args=[objectives[-1].pk]))
    assert response.status_code == 302
    assert not Objective.objects.filter(pk=objectives[-1].pk).exists()
    assert Objective.history.filter(id=objectives[-1].pk).latest().history_user == coordinator


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "result", "text": " "}, "Skriv inn målet."),
        ({"kind": "drømmemål", "text": "Noe"}, "Velg resultatmål eller effektmål."),
        ({"text": "Noe"}, "Velg om dette er et resultatmål eller et effektmål."),
    ],
)
def test_objective_with_bad_input_is_refused(client, coordinator, measure, data, message):
    client.force_login(coordinator)
    before = Objective.objects.count()
    response = client.post(reverse("workspace:objective_create", args=[measure.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Objective.objects.count() == before


# --- Query counts ------------------------------------------------------------------------------


def test_workspace_plan_page_costs_the_same_queries_however_many_measures(client, coordinator, drammen, units):
    plan = Plan.objects.get(fixture_key="drammen-2024")
    client.force_login(coordinator)
    url = reverse("workspace:plan_detail", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    goal = GoalFactory(plan=plan)
    groups = list(TargetGroup.objects.order_by("pk")[:3])
    for n in range(15):
        measure = MeasureFactory(plan=plan, goal=goal if n % 2 else None)
        measure.target_groups.add(*groups)
        for index, unit in enumerate(units):
            Responsibility.objects.create(measure=measure, unit=unit, order=index)
        Objective.objects.create(measure=measure, kind=ObjectiveKind.RESULT, text=f"Mål {n}")
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small), [q["sql"] for q in big.captured_queries]
