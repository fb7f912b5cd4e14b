"""Safe messaging on plan text: checked when a plan becomes public, and on every later change of public text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planverk.lib.safe_messaging import CONFIRMED_REASON, FlaggedText, check_texts
from planverk.plans import services
from planverk.plans.models import Goal, Measure, Objective, ObjectiveKind, Plan, PlanStatus, ResponsibilityRole
from tests.factories import GoalFactory, MeasureFactory, PlanFactory

# A phrase the safe-messaging list flags (sensational wording), as in tests/guides.
FLAGGED = "Det var sjokkerende for alle."


@pytest.fixture
def flagged_draft(drammen_draft) -> Plan:  # type: ignore[no-untyped-def]
    MeasureFactory(plan=drammen_draft, number="3.2", title="Kurs for ansatte", what=FLAGGED)
    return drammen_draft


@pytest.fixture
def public_measure(drammen_plan) -> Measure:  # type: ignore[no-untyped-def]
    return drammen_plan.measures.order_by("order").first()


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


def _last_reason(model: type[Plan] | type[Measure] | type[Goal] | type[Objective], pk: int) -> str:
    row = model.history.filter(id=pk).order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]
    return row.history_change_reason or ""


# --- Making a plan public ----------------------------------------------------------------------


def test_draft_with_flagged_measure_is_not_made_public_unconfirmed(flagged_draft, coordinator):
    history_before = Plan.history.filter(id=flagged_draft.pk).count()
    with pytest.raises(FlaggedText) as refused:
        services.plan_transition(plan=flagged_draft, to=PlanStatus.HEARING, by=coordinator)
    assert [(f.field, f.phrase) for f in refused.value.findings] == [("Tiltak 3.2: hva", "sjokkerende")]
    flagged_draft.refresh_from_db()
    assert flagged_draft.status == PlanStatus.DRAFT
    assert Plan.history.filter(id=flagged_draft.pk).count() == history_before


def test_confirmed_transition_makes_the_plan_public_and_notes_the_confirmation(flagged_draft, coordinator):
    services.plan_transition(plan=flagged_draft, to=PlanStatus.HEARING, by=coordinator, confirm_flagged=True)
    flagged_draft.refresh_from_db()
    assert flagged_draft.status == PlanStatus.HEARING
    row = Plan.history.filter(id=flagged_draft.pk).order_by("-history_date", "-history_id").first()
    assert row is not None
    assert row.status == PlanStatus.HEARING
    assert row.history_user == coordinator
    assert row.history_change_reason == f"Status: hearing. {CONFIRMED_REASON}"


def test_the_history_page_shows_the_confirmation_once_and_no_working_notes(client, flagged_draft, coordinator):
    services.plan_transition(plan=flagged_draft, to=PlanStatus.HEARING, by=coordinator, confirm_flagged=True)
    client.force_login(coordinator)
    page = client.get(reverse("workspace:plan_history", args=[flagged_draft.pk])).content.decode()
    assert page.count(CONFIRMED_REASON) == 1
    assert "Status: hearing" not in page and "(Opprettet)" not in page


def test_clean_draft_is_made_public_without_confirmation(drammen_draft, coordinator):
    services.plan_transition(plan=drammen_draft, to=PlanStatus.ADOPTED, by=coordinator, adopted_by="Bystyret")
    assert _last_reason(Plan, drammen_draft.pk) == "Status: adopted"


def test_findings_name_where_each_flagged_text_stands(drammen_draft, coordinator):
    drammen_draft.summary = FLAGGED
    drammen_draft.save()
    goal = GoalFactory(plan=drammen_draft, number="2", description=FLAGGED)
    measure = MeasureFactory(plan=drammen_draft, goal=goal, number="", title="Kurs i skolen", partners=FLAGGED)
    Objective.objects.create(
        measure=measure, kind=ObjectiveKind.RESULT, text="Alle har kurs", measurement_method=FLAGGED
    )
    with pytest.raises(FlaggedText) as refused:
        services.plan_transition(plan=drammen_draft, to=PlanStatus.HEARING, by=coordinator)
    assert [f.field for f in refused.value.findings] == [
        "Handlingsplan: sammendrag",
        "Mål 2: beskrivelse",
        "Tiltak «Kurs i skolen»: samarbeidspartnere",
        "Tiltak «Kurs i skolen», resultatmål: målemetode",
    ]


def test_a_plan_already_public_changes_status_without_a_new_check(flagged_draft, coordinator):
    services.plan_transition(plan=flagged_draft, to=PlanStatus.HEARING, by=coordinator, confirm_flagged=True)
    services.plan_transition(plan=flagged_draft, to=PlanStatus.ADOPTED, by=coordinator, adopted_by="Bystyret")
    flagged_draft.refresh_from_db()
    assert flagged_draft.status == PlanStatus.ADOPTED


def test_back_to_draft_and_public_again_is_checked_again(flagged_draft, coordinator):
    services.plan_transition(plan=flagged_draft, to=PlanStatus.HEARING, by=coordinator, confirm_flagged=True)
    services.plan_transition(plan=flagged_draft, to=PlanStatus.DRAFT, by=coordinator)
    with pytest.raises(FlaggedText):
        services.plan_transition(plan=flagged_draft, to=PlanStatus.HEARING, by=coordinator)


def test_status_page_shows_the_findings_and_asks_for_confirmation(client, coordinator, flagged_draft):
    client.force_login(coordinator)
    url = reverse("workspace:plan_status", args=[flagged_draft.pk])
    response = client.post(url, {"to": PlanStatus.HEARING})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tiltak 3.2: hva" in html
    assert "sjokkerende" in html
    assert 'name="confirm_flagged"' in html
    flagged_draft.refresh_from_db()
    assert flagged_draft.status == PlanStatus.DRAFT

    response = client.post(url, {"to": PlanStatus.HEARING, "confirm_flagged": "on"})
    assert response.status_code == 302
    flagged_draft.refresh_from_db()
    assert flagged_draft.status == PlanStatus.HEARING
    assert CONFIRMED_REASON in _last_reason(Plan, flagged_draft.pk)


def test_confirmation_box_is_not_shown_before_anything_is_flagged(client, coordinator, drammen_draft, public_measure):
    client.force_login(coordinator)
    for url in [
        reverse("workspace:plan_status", args=[drammen_draft.pk]),
        reverse("workspace:plan_edit", args=[drammen_draft.pk]),
        reverse("workspace:goal_create", args=[drammen_draft.pk]),
        reverse("workspace:measure_edit", args=[public_measure.pk]),
        reverse("workspace:objective_create", args=[public_measure.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="confirm_flagged"' not in response.content.decode(), url


def _transition_queries(plan: Plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.plan_transition(plan=plan, to=PlanStatus.HEARING, by=None)
    return len(queries)


def _plan_with(drammen, measures: int) -> Plan:  # type: ignore[no-untyped-def]
    plan = PlanFactory(organisations=[drammen], status=PlanStatus.DRAFT)
    goals = [GoalFactory(plan=plan), GoalFactory(plan=plan)]
    for n in range(measures):
        measure = MeasureFactory(plan=plan, goal=goals[n % 2], number=str(n + 1))
        Objective.objects.create(measure=measure, kind=ObjectiveKind.RESULT, text=f"Mål {n}")
    return plan


def test_transition_check_costs_the_same_queries_however_many_measures(drammen):
    small = _transition_queries(_plan_with(drammen, 2))
    big = _transition_queries(_plan_with(drammen, 25))
    assert big == small


def test_demo_plans_have_no_findings(db):
    plans = list(Plan.objects.filter(fixture_key__isnull=False))
    assert plans, "the demo loads the seed plans"
    for plan in plans:
        assert check_texts(services.plan_texts(plan)) == [], plan.fixture_key


# --- Changing text of a public plan --------------------------------------------------------------


def test_flagged_edit_of_a_public_measure_needs_confirmation(client, coordinator, public_measure):
    client.force_login(coordinator)
    url = reverse("workspace:measure_edit", args=[public_measure.pk])
    before = public_measure.what
    response = client.post(url, _measure_form(public_measure, what=FLAGGED))
    assert response.status_code == 400
    html = response.content.decode()
    assert "sjokkerende" in html
    assert 'name="confirm_flagged"' in html
    public_measure.refresh_from_db()
    assert public_measure.what == before

    response = client.post(url, _measure_form(public_measure, what=FLAGGED, confirm_flagged="on"))
    assert response.status_code == 302
    public_measure.refresh_from_db()
    assert public_measure.what == FLAGGED
    assert _last_reason(Measure, public_measure.pk) == CONFIRMED_REASON

    # The confirmed text is not asked about again when something else changes.
    response = client.post(url, _measure_form(public_measure, cost="Innenfor budsjett"))
    assert response.status_code == 302
    assert _last_reason(Measure, public_measure.pk) == ""


def test_draft_measure_with_flagged_text_saves_without_question(client, coordinator, drammen_draft):
    client.force_login(coordinator)
    response = client.post(
        reverse("workspace:measure_create", args=[drammen_draft.pk]), {"title": "Nytt tiltak", "what": FLAGGED}
    )
    assert response.status_code == 302
    measure = drammen_draft.measures.get(title="Nytt tiltak")
    assert measure.what == FLAGGED
    assert _last_reason(Measure, measure.pk) == "Opprettet"


def test_new_measure_in_a_public_plan_is_checked(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    url = reverse("workspace:measure_create", args=[drammen_plan.pk])
    count = drammen_plan.measures.count()
    assert client.post(url, {"title": "Nytt tiltak", "why": FLAGGED}).status_code == 400
    assert drammen_plan.measures.count() == count
    assert client.post(url, {"title": "Nytt tiltak", "why": FLAGGED, "confirm_flagged": "on"}).status_code == 302
    measure = drammen_plan.measures.get(title="Nytt tiltak")
    assert _last_reason(Measure, measure.pk) == f"Opprettet. {CONFIRMED_REASON}"


def test_public_plan_edit_with_flagged_summary_needs_confirmation(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    url = reverse("workspace:plan_edit", args=[drammen_plan.pk])
    data = {
        "title": drammen_plan.title,
        "level": drammen_plan.level,
        "period_start": drammen_plan.period_start or "",
        "period_end": drammen_plan.period_end or "",
        "summary": FLAGGED,
        "commissioning_decision": drammen_plan.commissioning_decision,
        "revision_due": drammen_plan.revision_due.isoformat() if drammen_plan.revision_due else "",
        "version": drammen_plan.version,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "sjokkerende" in response.content.decode()
    drammen_plan.refresh_from_db()
    assert drammen_plan.summary != FLAGGED
    assert client.post(url, {**data, "confirm_flagged": "on"}).status_code == 302
    drammen_plan.refresh_from_db()
    assert drammen_plan.summary == FLAGGED
    assert _last_reason(Plan, drammen_plan.pk) == CONFIRMED_REASON


def test_goals_of_a_public_plan_are_checked(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    url = reverse("workspace:goal_create", args=[drammen_plan.pk])
    count = drammen_plan.goals.count()
    response = client.post(url, {"kind": "goal", "title": "Et mål", "description": FLAGGED})
    assert response.status_code == 400
    assert 'name="confirm_flagged"' in response.content.decode()
    assert drammen_plan.goals.count() == count
    data = {"kind": "goal", "title": "Et mål", "description": FLAGGED, "confirm_flagged": "on"}
    assert client.post(url, data).status_code == 302
    goal = drammen_plan.goals.get(title="Et mål")
    assert _last_reason(Goal, goal.pk) == CONFIRMED_REASON

    edit = reverse("workspace:goal_edit", args=[goal.pk])
    data = {"kind": "goal", "title": "Et sjokkerende mål", "description": FLAGGED, "version": goal.version}
    assert client.post(edit, data).status_code == 400
    goal.refresh_from_db()
    assert goal.title == "Et mål"


def test_objectives_of_a_public_measure_are_checked(client, coordinator, public_measure):
    client.force_login(coordinator)
    url = reverse("workspace:objective_create", args=[public_measure.pk])
    count = public_measure.objectives.count()
    data = {"kind": ObjectiveKind.RESULT, "text": "Alle skoler har kurs", "measurement_method": FLAGGED}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "sjokkerende" in response.content.decode()
    assert public_measure.objectives.count() == count
    assert client.post(url, {**data, "confirm_flagged": "on"}).status_code == 302
    assert public_measure.objectives.count() == count + 1


def test_draft_goal_and_objective_save_without_question(coordinator, drammen_draft):
    goal = services.goal_create(plan=drammen_draft, by=coordinator, title="Et mål", description=FLAGGED)
    measure = drammen_draft.measures.get()
    services.objective_add(
        measure=measure, kind=ObjectiveKind.RESULT, text=FLAGGED, measurement_method="", by=coordinator
    )
    services.goal_update(goal=goal, expected_version=goal.version, by=coordinator, title=FLAGGED)
    assert drammen_draft.goals.get().title == FLAGGED
