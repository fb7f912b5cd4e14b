"""Safe messaging in the follow-up: a status becomes public when the coordinator approves it, so approval checks its
text. A flagged text is refused until the coordinator confirms it, and the confirmation is kept in the history.
Owners can report any text: it is not public until approved, and they are told what the check found."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from planverk.accounts.models import Membership
from planverk.followup import services
from planverk.followup.models import ReportingRound, ReportState, StatusCategory, StatusUpdate
from planverk.lib.safe_messaging import CONFIRMED_REASON, FlaggedText, check_texts
from planverk.plans.models import Measure, Responsibility
from tests.factories import UnitFactory

# A phrase the safe-messaging list flags (sensational wording).
FLAGGED = "Tallene var sjokkerende for alle i kommunen."
CLEAN = "Første kurs for ansatte i skolene er holdt."


@pytest.fixture
def my_measures(drammen, drammen_plan, owner) -> list[Measure]:  # type: ignore[no-untyped-def]
    unit = UnitFactory(organisation=drammen, name="Oppvekst og utdanning")
    Membership.objects.get(user=owner).units.add(unit)
    measures = list(drammen_plan.measures.order_by("order")[:2])
    for measure in measures:
        Responsibility.objects.create(measure=measure, unit=unit)
    return measures


def _round(plan, by, title: str = "2025") -> ReportingRound:  # type: ignore[no-untyped-def]
    return services.round_open(
        plan=plan,
        title=title,
        status_date=datetime.date(2025, 12, 31),
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        message="",
        by=by,
        now=timezone.now(),
    )


@pytest.fixture
def reporting_round(drammen_plan, coordinator) -> ReportingRound:  # type: ignore[no-untyped-def]
    return _round(drammen_plan, coordinator)


def _submitted(reporting_round: ReportingRound, measure: Measure, by: object, narrative: str) -> StatusUpdate:
    return services.status_report(
        reporting_round=reporting_round,
        measure=measure,
        category=StatusCategory.IN_PROGRESS,
        narrative=narrative,
        by=by,  # type: ignore[arg-type]
        now=timezone.now(),
    )


def _public_pages(plan_id: int, measure_id: int, round_id: int) -> list[str]:
    return [
        reverse("public:measure_detail", args=[plan_id, measure_id]),
        reverse("followup_public:report", args=[plan_id, round_id]),
    ]


def test_approving_a_flagged_status_is_refused_until_the_coordinator_confirms(
    client, owner, coordinator, my_measures, reporting_round
):
    update = _submitted(reporting_round, my_measures[0], owner, FLAGGED)
    url = reverse("followup:review", args=[update.pk])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert 'name="confirm_flagged"' not in page  # nobody confirms findings they have not seen

    response = client.post(url, {"decision": "godkjenn", "comment": "", "version": update.version})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trygg omtale av selvmord" in page and "«sjokkerende»" in page
    assert 'name="confirm_flagged"' in page
    update.refresh_from_db()
    assert (update.state, update.reviewed_by, update.version) == (ReportState.SUBMITTED, None, 1)
    assert update.history.count() == 1

    client.logout()
    measure_page = client.get(reverse("public:measure_detail", args=[my_measures[0].plan_id, my_measures[0].pk]))
    assert measure_page.status_code == 200 and FLAGGED not in measure_page.content.decode()
    report_page = client.get(reverse("followup_public:report", args=[reporting_round.plan_id, reporting_round.pk]))
    assert report_page.status_code == 404  # no approved status: the round is not public at all

    client.force_login(coordinator)
    response = client.post(
        url, {"decision": "godkjenn", "comment": "", "version": update.version, "confirm_flagged": "on"}
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.reviewed_by) == (ReportState.APPROVED, coordinator)
    latest = update.history.order_by("-history_id").first()
    assert (latest.state, latest.history_user, latest.history_change_reason) == (
        ReportState.APPROVED,
        coordinator,
        CONFIRMED_REASON,
    )
    client.logout()
    for public_url in _public_pages(reporting_round.plan_id, my_measures[0].pk, reporting_round.pk):
        assert FLAGGED in client.get(public_url).content.decode()


def test_the_service_refuses_an_unconfirmed_flagged_approval_and_changes_nothing(
    owner, coordinator, my_measures, reporting_round
):
    update = _submitted(reporting_round, my_measures[0], owner, FLAGGED)
    with pytest.raises(FlaggedText) as refused:
        services.status_review_unchanged(
            update=update, expected_version=1, approve=True, comment="", by=coordinator, now=timezone.now()
        )
    assert [(f.field, f.phrase) for f in refused.value.findings] == [("narrative", "sjokkerende")]
    assert StatusUpdate.objects.get(pk=update.pk).state == ReportState.SUBMITTED
    assert not StatusUpdate.objects.approved().filter(round=reporting_round).exists()

    services.status_review(
        update=update, approve=True, comment="", by=coordinator, now=timezone.now(), confirm_flagged=True
    )
    assert update.history.order_by("-history_id").first().history_change_reason == CONFIRMED_REASON


def test_a_clean_status_approves_as_before_without_a_reason(client, owner, coordinator, my_measures, reporting_round):
    update = _submitted(reporting_round, my_measures[0], owner, CLEAN)
    client.force_login(coordinator)
    url = reverse("followup:review", args=[update.pk])
    response = client.post(url, {"decision": "godkjenn", "comment": "", "version": update.version})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == ReportState.APPROVED
    assert update.history.order_by("-history_id").first().history_change_reason is None
    client.logout()
    page = client.get(reverse("public:measure_detail", args=[my_measures[0].plan_id, my_measures[0].pk]))
    assert CLEAN in page.content.decode()


def test_sending_a_flagged_report_back_needs_no_confirmation(client, owner, coordinator, my_measures, reporting_round):
    update = _submitted(reporting_round, my_measures[0], owner, FLAGGED)
    client.force_login(coordinator)
    comment = "Unngå ordet «sjokkerende», skriv hva som er gjort."
    response = client.post(
        reverse("followup:review", args=[update.pk]),
        {"decision": "send-tilbake", "comment": comment, "version": update.version},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.review_comment) == (ReportState.RETURNED, comment)


def test_the_owner_can_report_flagged_text_and_is_told_before_it_is_public(client, owner, my_measures, reporting_round):
    client.force_login(owner)
    url = reverse("followup:report", args=[reporting_round.pk, my_measures[0].pk])
    response = client.post(url, {"category": "in_progress", "narrative": FLAGGED, "version": 0}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "er sendt til godkjenning" in page
    assert "«sjokkerende»" in page and "Koordinatoren må bekrefte teksten" in page
    update = StatusUpdate.objects.get(round=reporting_round, measure=my_measures[0])
    assert (update.state, update.narrative) == (ReportState.SUBMITTED, FLAGGED)

    client.logout()
    page = client.get(reverse("public:measure_detail", args=[my_measures[0].plan_id, my_measures[0].pk]))
    assert FLAGGED not in page.content.decode()


def test_a_clean_report_gets_no_advisory(client, owner, my_measures, reporting_round):
    client.force_login(owner)
    url = reverse("followup:report", args=[reporting_round.pk, my_measures[0].pk])
    response = client.post(url, {"category": "in_progress", "narrative": CLEAN, "version": 0}, follow=True)
    assert "Koordinatoren må bekrefte teksten" not in response.content.decode()


def test_the_round_title_is_checked_when_its_first_status_is_approved(owner, coordinator, drammen_plan, my_measures):
    # The round is listed publicly from its first approved status on, with its title as the period.
    reporting_round = _round(drammen_plan, coordinator, title="Et sjokkerende år")
    first = _submitted(reporting_round, my_measures[0], owner, CLEAN)
    second = _submitted(reporting_round, my_measures[1], owner, CLEAN)
    with pytest.raises(FlaggedText) as refused:
        services.status_review(update=first, approve=True, comment="", by=coordinator, now=timezone.now())
    assert [f.field for f in refused.value.findings] == ["round_title"]
    services.status_review(
        update=first, approve=True, comment="", by=coordinator, now=timezone.now(), confirm_flagged=True
    )
    # Already public and confirmed: the title is not asked about again.
    services.status_review(update=second, approve=True, comment="", by=coordinator, now=timezone.now())
    assert second.history.order_by("-history_id").first().history_change_reason is None


def test_demo_follow_up_texts_have_no_findings(db):
    approved = StatusUpdate.objects.approved().select_related("round")
    assert approved.exists()
    texts = [(f"{s.round.title} {s.measure_id}", s.narrative) for s in approved]
    texts += [("round", title) for title in ReportingRound.objects.values_list("title", flat=True)]
    assert check_texts(texts) == []
