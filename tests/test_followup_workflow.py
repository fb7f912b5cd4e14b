"""Reporting rounds in the workspace: a coordinator opens a round, owners report on "Mine tiltak", the coordinator
approves or sends back. Each change is kept with who made it; refused and bad input changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from planverk.accounts.models import Membership, Role
from planverk.followup import services
from planverk.followup.models import (
    Indicator,
    IndicatorValue,
    ReportingRound,
    ReportState,
    StatusCategory,
    StatusUpdate,
)
from planverk.plans.models import Measure, Objective, ObjectiveKind, Responsibility
from tests.factories import MembershipFactory, UnitFactory, UserFactory

TODAY = timezone.localdate()
NEXT_MONTH = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def owner_unit(drammen, owner):  # type: ignore[no-untyped-def]
    unit = UnitFactory(organisation=drammen, name="Oppvekst og utdanning")
    Membership.objects.get(user=owner).units.add(unit)
    return unit


@pytest.fixture
def my_measures(drammen_plan, owner_unit) -> list[Measure]:  # type: ignore[no-untyped-def]
    """The first two Drammen measures are the owner's unit's; the others belong to no one yet."""
    measures = list(drammen_plan.measures.order_by("order")[:2])
    for measure in measures:
        Responsibility.objects.create(measure=measure, unit=owner_unit)
    return measures


@pytest.fixture
def not_mine(drammen_plan, my_measures) -> Measure:  # type: ignore[no-untyped-def]
    return drammen_plan.measures.exclude(pk__in=[m.pk for m in my_measures]).order_by("order").first()


@pytest.fixture
def reporting_round(drammen_plan, coordinator) -> ReportingRound:  # type: ignore[no-untyped-def]
    return services.round_open(
        plan=drammen_plan,
        title="2025",
        status_date=datetime.date(2025, 12, 31),
        deadline=NEXT_MONTH,
        message="Husk å beskrive hva som gjenstår.",
        by=coordinator,
        now=timezone.now(),
    )


@pytest.fixture
def gjovik_round(gjovik_plan, other_coordinator) -> ReportingRound:  # type: ignore[no-untyped-def]
    return services.round_open(
        plan=gjovik_plan,
        title="Status per 1. desember 2025",
        status_date=datetime.date(2025, 12, 1),
        deadline=NEXT_MONTH,
        message="",
        by=other_coordinator,
        now=timezone.now(),
    )


@pytest.fixture
def gjovik_measure(gjovik_plan) -> Measure:  # type: ignore[no-untyped-def]
    return gjovik_plan.measures.order_by("order").first()


@pytest.fixture
def gjovik_owner(gjovik, gjovik_measure):  # type: ignore[no-untyped-def]
    unit = gjovik_measure.responsibilities.order_by("order").first().unit
    membership = MembershipFactory(user=UserFactory(username="gunn-gjovik"), organisation=gjovik, role=Role.OWNER)
    membership.units.add(unit)
    return membership.user


def _report_url(reporting_round: ReportingRound, measure: Measure) -> str:
    return reverse("followup:report", args=[reporting_round.pk, measure.pk])


def _report(**changes: object) -> dict[str, object]:
    return {"category": "in_progress", "narrative": "Kurs for ansatte i skolene er i gang.", "version": 0, **changes}


def _submitted(reporting_round: ReportingRound, measure: Measure, by: object) -> StatusUpdate:
    return services.status_report(
        reporting_round=reporting_round,
        measure=measure,
        category=StatusCategory.IN_PROGRESS,
        narrative="Første kurs er holdt.",
        by=by,  # type: ignore[arg-type]
        now=timezone.now(),
    )


# --- Mine tiltak -------------------------------------------------------------------------------


def test_owner_sees_only_the_measures_of_their_units_in_open_rounds(
    client, owner, my_measures, not_mine, reporting_round, gjovik_round, gjovik_measure
):
    client.force_login(owner)
    response = client.get(reverse("followup:my_measures"))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(m.title in page for m in my_measures)
    assert not_mine.title not in page
    assert gjovik_measure.title not in page
    assert "Husk å beskrive hva som gjenstår." in page
    assert page.count(reverse("followup:report", args=[reporting_round.pk, my_measures[0].pk])) == 1


def test_owner_without_open_rounds_is_told_there_is_nothing_to_report(client, owner, my_measures):
    client.force_login(owner)
    page = client.get(reverse("followup:my_measures")).content.decode()
    assert "Du har ingen tiltak å rapportere på nå." in page


def test_a_closed_round_leaves_mine_tiltak(client, owner, coordinator, my_measures, reporting_round):
    client.force_login(coordinator)
    assert client.post(reverse("followup:round_close", args=[reporting_round.pk])).status_code == 302
    reporting_round.refresh_from_db()
    assert reporting_round.closed_at is not None
    assert reporting_round.history.order_by("-history_id").first().history_user == coordinator

    client.force_login(owner)
    assert my_measures[0].title not in client.get(reverse("followup:my_measures")).content.decode()
    response = client.post(_report_url(reporting_round, my_measures[0]), _report())
    assert response.status_code == 400
    assert "Rapporteringsrunden er avsluttet." in response.content.decode()
    assert not StatusUpdate.objects.filter(round=reporting_round).exists()


def test_coordinator_sees_reports_waiting_for_review(client, owner, coordinator, my_measures, reporting_round):
    update = _submitted(reporting_round, my_measures[0], owner)
    client.force_login(coordinator)
    page = client.get(reverse("followup:my_measures")).content.decode()
    assert "Til godkjenning" in page
    assert reverse("followup:review", args=[update.pk]) in page
    assert my_measures[1].title not in page  # not reported yet: nothing to review


# --- Reporting ---------------------------------------------------------------------------------


def test_owner_reports_a_status_that_waits_for_approval(client, owner, my_measures, reporting_round):
    client.force_login(owner)
    url = _report_url(reporting_round, my_measures[0])
    assert client.get(url).status_code == 200
    response = client.post(url, _report())
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:my_measures")
    update = StatusUpdate.objects.get(round=reporting_round, measure=my_measures[0])
    assert (update.category, update.state, update.reported_by) == ("in_progress", ReportState.SUBMITTED, owner)
    assert update.history.get().history_user == owner
    page = client.get(reverse("followup:my_measures")).content.decode()
    assert "Til godkjenning" in page and "Endre rapporten" in page


def test_same_status_as_another_measure_needs_no_narrative(client, owner, my_measures, reporting_round):
    client.force_login(owner)
    response = client.post(
        _report_url(reporting_round, my_measures[1]), _report(narrative="", same_as=my_measures[0].pk)
    )
    assert response.status_code == 302
    assert StatusUpdate.objects.get(measure=my_measures[1]).same_as == my_measures[0]


def test_owner_cannot_report_on_another_municipalitys_measure(
    client, owner, my_measures, reporting_round, gjovik_round, gjovik_measure
):
    client.force_login(owner)
    assert client.get(_report_url(gjovik_round, gjovik_measure)).status_code == 404
    assert client.post(_report_url(gjovik_round, gjovik_measure), _report()).status_code == 404
    # Nor by putting the other municipality's measure into their own round.
    assert client.post(_report_url(reporting_round, gjovik_measure), _report()).status_code == 404
    assert not StatusUpdate.objects.filter(round__in=[reporting_round, gjovik_round]).exists()


def test_owner_in_gjovik_cannot_report_on_drammen(client, gjovik_owner, my_measures, reporting_round):
    client.force_login(gjovik_owner)
    assert client.post(_report_url(reporting_round, my_measures[0]), _report()).status_code == 404
    assert not StatusUpdate.objects.filter(round=reporting_round).exists()


def test_owner_cannot_report_on_a_measure_of_another_unit(client, owner, not_mine, reporting_round):
    client.force_login(owner)
    assert client.post(_report_url(reporting_round, not_mine), _report()).status_code == 404
    assert not StatusUpdate.objects.filter(round=reporting_round).exists()


def test_unknown_status_is_refused_with_a_clear_error(client, owner, my_measures, reporting_round):
    client.force_login(owner)
    response = client.post(_report_url(reporting_round, my_measures[0]), _report(category="nesten_ferdig"))
    assert response.status_code == 400
    assert "Velg en av statusene i listen." in response.content.decode()
    assert not StatusUpdate.objects.filter(round=reporting_round).exists()


def test_a_status_needs_a_narrative_or_a_measure_with_the_same_status(client, owner, my_measures, reporting_round):
    client.force_login(owner)
    response = client.post(_report_url(reporting_round, my_measures[0]), _report(narrative="  "))
    assert response.status_code == 400
    assert "Beskriv status, eller velg et tiltak med samme status." in response.content.decode()
    assert not StatusUpdate.objects.filter(round=reporting_round).exists()


def test_indicator_values_are_reported_with_the_status(client, owner, my_measures, reporting_round):
    objective = Objective.objects.create(measure=my_measures[0], kind=ObjectiveKind.RESULT, text="Alle skoler har kurs")
    indicator = Indicator.objects.create(
        objective=objective, name="Skoler med kurs", unit="antall", direction="increase"
    )
    client.force_login(owner)
    url = _report_url(reporting_round, my_measures[0])
    assert "Skoler med kurs (antall)" in client.get(url).content.decode()
    assert client.post(url, _report(**{f"indikator_{indicator.pk}": "12,5"})).status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, round=reporting_round)
    assert str(value.value) == "12.50"
    assert value.history.get().history_user == owner


def test_a_value_for_an_indicator_of_another_measure_is_refused(client, owner, my_measures, reporting_round):
    own = Indicator.objects.create(
        objective=Objective.objects.create(measure=my_measures[0], kind=ObjectiveKind.RESULT, text="Mål A"),
        name="Eget",
        unit="antall",
        direction="increase",
    )
    other = Indicator.objects.create(
        objective=Objective.objects.create(measure=my_measures[1], kind=ObjectiveKind.RESULT, text="Mål B"),
        name="Annet tiltaks indikator",
        unit="antall",
        direction="increase",
    )
    client.force_login(owner)
    response = client.post(
        _report_url(reporting_round, my_measures[0]),
        _report(**{f"indikator_{own.pk}": "3", f"indikator_{other.pk}": "7"}),
    )
    assert response.status_code == 400
    assert "en indikator som ikke hører til dette tiltaket" in response.content.decode()
    assert not StatusUpdate.objects.filter(round=reporting_round).exists()
    assert not IndicatorValue.objects.filter(round=reporting_round).exists()


def test_a_bad_indicator_value_gets_a_clear_error(client, owner, my_measures, reporting_round):
    objective = Objective.objects.create(measure=my_measures[0], kind=ObjectiveKind.RESULT, text="Mål")
    indicator = Indicator.objects.create(objective=objective, name="Kurs", unit="antall", direction="increase")
    client.force_login(owner)
    response = client.post(
        _report_url(reporting_round, my_measures[0]), _report(**{f"indikator_{indicator.pk}": "mange"})
    )
    assert response.status_code == 400
    assert "Skriv et tall, for eksempel 12 eller 12,5." in response.content.decode()
    assert not StatusUpdate.objects.filter(round=reporting_round).exists()


def test_the_second_of_two_reports_made_at_once_is_refused(client, owner, coordinator, my_measures, reporting_round):
    # Both opened the empty form (version 0); the coordinator saved first.
    client.force_login(coordinator)
    assert (
        client.post(_report_url(reporting_round, my_measures[0]), _report(narrative="Koordinatorens")).status_code
        == 302
    )
    client.force_login(owner)
    response = client.post(_report_url(reporting_round, my_measures[0]), _report(narrative="Eierens"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Noen andre har lagret endringer mens du skrev" in page
    assert "Eierens" in page  # what the owner wrote is still in the form
    assert StatusUpdate.objects.get(measure=my_measures[0]).narrative == "Koordinatorens"


def test_an_approved_status_cannot_be_changed_in_the_round(client, owner, coordinator, my_measures, reporting_round):
    update = _submitted(reporting_round, my_measures[0], owner)
    services.status_review(update=update, approve=True, comment="", by=coordinator, now=timezone.now())
    client.force_login(owner)
    url = _report_url(reporting_round, my_measures[0])
    assert "Statusen er godkjent og kan ikke endres i denne runden." in client.get(url).content.decode()
    response = client.post(url, _report(category="done", version=2))
    assert response.status_code == 400
    assert StatusUpdate.objects.get(pk=update.pk).category == "in_progress"


# --- Review ------------------------------------------------------------------------------------


def test_coordinator_approves_and_both_steps_are_kept_with_who_and_when(
    client, owner, coordinator, my_measures, reporting_round
):
    update = _submitted(reporting_round, my_measures[0], owner)
    client.force_login(coordinator)
    url = reverse("followup:review", args=[update.pk])
    assert "Første kurs er holdt." in client.get(url).content.decode()
    response = client.post(url, {"decision": "godkjenn", "comment": "", "version": update.version})
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.reviewed_by) == (ReportState.APPROVED, coordinator)
    assert update.reviewed_at is not None
    history = list(update.history.order_by("history_date", "history_id"))
    assert [(h.state, h.history_user) for h in history] == [
        (ReportState.SUBMITTED, owner),
        (ReportState.APPROVED, coordinator),
    ]


def test_owner_cannot_approve(client, owner, my_measures, reporting_round):
    update = _submitted(reporting_round, my_measures[0], owner)
    client.force_login(owner)
    url = reverse("followup:review", args=[update.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "godkjenn", "version": update.version}).status_code == 403
    assert StatusUpdate.objects.get(pk=update.pk).state == ReportState.SUBMITTED


def test_coordinator_of_another_municipality_cannot_approve(
    client, owner, other_coordinator, my_measures, reporting_round
):
    update = _submitted(reporting_round, my_measures[0], owner)
    client.force_login(other_coordinator)
    response = client.post(reverse("followup:review", args=[update.pk]), {"decision": "godkjenn", "version": 1})
    assert response.status_code == 404
    assert StatusUpdate.objects.get(pk=update.pk).state == ReportState.SUBMITTED


def test_a_report_sent_back_shows_the_comment_to_the_owner(client, owner, coordinator, my_measures, reporting_round):
    update = _submitted(reporting_round, my_measures[0], owner)
    client.force_login(coordinator)
    url = reverse("followup:review", args=[update.pk])
    response = client.post(url, {"decision": "send-tilbake", "comment": "", "version": update.version})
    assert response.status_code == 400
    assert "Skriv en kommentar som forklarer hva som må rettes." in response.content.decode()
    assert StatusUpdate.objects.get(pk=update.pk).state == ReportState.SUBMITTED

    comment = "Skriv hvor mange skoler som har hatt kurs."
    assert client.post(url, {"decision": "send-tilbake", "comment": comment, "version": 1}).status_code == 302
    update.refresh_from_db()
    assert update.state == ReportState.RETURNED

    client.force_login(owner)
    page = client.get(reverse("followup:my_measures")).content.decode()
    assert comment in page and "Rapporter på nytt" in page
    report_page = client.get(_report_url(reporting_round, my_measures[0])).content.decode()
    assert comment in report_page
    response = client.post(_report_url(reporting_round, my_measures[0]), _report(version=update.version))
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.review_comment) == (ReportState.SUBMITTED, "")


def test_a_report_changed_while_the_coordinator_read_it_is_not_approved(
    client, owner, coordinator, my_measures, reporting_round
):
    update = _submitted(reporting_round, my_measures[0], owner)
    seen = update.version
    services.status_report(
        reporting_round=reporting_round,
        measure=my_measures[0],
        category=StatusCategory.DELAYED,
        narrative="Kurset er utsatt.",
        expected_version=seen,
        by=owner,
        now=timezone.now(),
    )
    client.force_login(coordinator)
    response = client.post(reverse("followup:review", args=[update.pk]), {"decision": "godkjenn", "version": seen})
    assert response.status_code == 409
    assert StatusUpdate.objects.get(pk=update.pk).state == ReportState.SUBMITTED


def test_an_unknown_decision_is_refused(client, owner, coordinator, my_measures, reporting_round):
    update = _submitted(reporting_round, my_measures[0], owner)
    client.force_login(coordinator)
    response = client.post(reverse("followup:review", args=[update.pk]), {"decision": "slett", "version": 1})
    assert response.status_code == 400
    assert "Rapporten kan bare godkjennes eller sendes tilbake." in response.content.decode()
    assert StatusUpdate.objects.get(pk=update.pk).state == ReportState.SUBMITTED


# --- Rounds ------------------------------------------------------------------------------------


def _round_form(**changes: object) -> dict[str, object]:
    return {
        "title": "Status per 10. september 2026",
        "status_date": "2026-09-10",
        "deadline": NEXT_MONTH.isoformat(),
        "message": "",
        **changes,
    }


def test_coordinator_opens_a_round(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    url = reverse("followup:round_create", args=[drammen_plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _round_form(message="Frist om en måned."))
    reporting_round = ReportingRound.objects.get(plan=drammen_plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:round_detail", args=[reporting_round.pk])
    assert (reporting_round.title, reporting_round.status_date) == (
        "Status per 10. september 2026",
        datetime.date(2026, 9, 10),
    )
    assert (reporting_round.opened_by, reporting_round.history.get().history_user) == (coordinator, coordinator)
    page = client.get(reverse("followup:plan_followup", args=[drammen_plan.pk])).content.decode()
    assert "Status per 10. september 2026" in page


def test_a_round_outside_the_plan_period_is_refused(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:round_create", args=[drammen_plan.pk]), _round_form(status_date="2031-12-31")
    )
    assert response.status_code == 400
    assert "ligger utenfor planperioden 2024–2027" in response.content.decode()
    assert not ReportingRound.objects.filter(plan=drammen_plan).exists()


def test_a_deadline_in_the_past_is_refused(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    yesterday = TODAY - datetime.timedelta(days=1)
    response = client.post(
        reverse("followup:round_create", args=[drammen_plan.pk]), _round_form(deadline=yesterday.isoformat())
    )
    assert response.status_code == 400
    assert "Fristen kan ikke være passert." in response.content.decode()
    assert not ReportingRound.objects.filter(plan=drammen_plan).exists()


def test_a_round_needs_dates_in_a_readable_form(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:round_create", args=[drammen_plan.pk]), _round_form(status_date="neste høst", deadline="")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv datoen som dd.mm.åååå" in page
    assert "Skriv inn fristen for rapporteringen." in page
    assert not ReportingRound.objects.filter(plan=drammen_plan).exists()


def test_a_draft_cannot_be_followed_up(client, coordinator, drammen_draft):
    client.force_login(coordinator)
    url = reverse("followup:round_create", args=[drammen_draft.pk])
    assert "En plan i utkast kan ikke følges opp ennå." in client.get(url).content.decode()
    assert client.post(url, _round_form(status_date="2025-12-31")).status_code == 400
    assert not ReportingRound.objects.filter(plan=drammen_draft).exists()


def test_owner_cannot_open_or_close_a_round(client, owner, drammen_plan, reporting_round):
    client.force_login(owner)
    assert client.post(reverse("followup:round_create", args=[drammen_plan.pk]), _round_form()).status_code == 403
    assert client.post(reverse("followup:round_close", args=[reporting_round.pk])).status_code == 403
    assert ReportingRound.objects.filter(plan=drammen_plan).count() == 1
    assert ReportingRound.objects.get(pk=reporting_round.pk).closed_at is None


def test_round_page_shows_progress_per_unit_and_per_goal(
    client, owner, coordinator, drammen_plan, owner_unit, my_measures, reporting_round
):
    first, second = my_measures
    update = _submitted(reporting_round, first, owner)
    services.status_review(update=update, approve=True, comment="", by=coordinator, now=timezone.now())
    _submitted(reporting_round, second, owner)
    client.force_login(coordinator)
    response = client.get(reverse("followup:round_detail", args=[reporting_round.pk]))
    assert response.status_code == 200
    progress = response.context["progress"]
    total = drammen_plan.measures.count()
    assert (progress.total.total, progress.total.approved, progress.total.submitted, progress.total.missing) == (
        total,
        1,
        1,
        total - 2,
    )
    by_unit = {row.label: row for row in progress.by_unit}
    assert (by_unit[owner_unit.name].total, by_unit[owner_unit.name].reported) == (2, 2)
    assert by_unit["Uten ansvarlig enhet"].missing == total - 2
    goal_rows = {row.label: row for row in progress.by_goal}
    assert goal_rows[str(first.goal)].approved == 1
    assert sum(row.total for row in progress.by_goal) == total
    assert f"2 av {total} tiltak er rapportert, 1 er godkjent og {total - 2} mangler." in response.content.decode()
