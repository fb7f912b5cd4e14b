"""Reminders by email: owners before the deadline and when overdue, a digest for coordinators, each sent once.

The cast: Testvik municipality has a plan with four measures under three units. Kari owns Helsestasjonen's two
measures, Ola owns Skolen's, nobody owns Kulturskolen's; Kristin coordinates and Arne is the admin.
The round's deadline is Thursday 5 March 2026; reminders start 7 days before it.
"""

import datetime
from io import StringIO
from smtplib import SMTPException

import pytest
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command

from planverk.accounts.models import Role, User
from planverk.followup import reminders
from planverk.followup.models import ReminderKind, ReminderSent, ReportState
from planverk.followup.reminders import reminders_send
from planverk.organisations.models import Organisation, WrittenLanguage
from planverk.plans.models import Measure, PlanStatus, Responsibility
from tests.factories import (
    MeasureFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    UnitFactory,
    UserFactory,
)

DEADLINE = datetime.date(2026, 3, 5)
NOW = datetime.datetime(2026, 2, 20, 5, 0, tzinfo=datetime.UTC)


def day(offset: int) -> datetime.date:
    return DEADLINE + datetime.timedelta(days=offset)


def send(offset: int) -> reminders.RemindersResult:
    return reminders_send(today=day(offset), now=NOW)


def mails_to(outbox: list[EmailMessage], user: User) -> list[EmailMessage]:
    return [m for m in outbox if m.to == [user.email]]


def member(organisation: Organisation, role: str, username: str, email: str, units=()) -> User:  # type: ignore[no-untyped-def]
    user = UserFactory(username=username, email=email, first_name=username.capitalize())
    membership = MembershipFactory(user=user, organisation=organisation, role=role)
    membership.units.set(units)
    return user


@pytest.fixture(autouse=True)
def _settings(settings):  # type: ignore[no-untyped-def]
    settings.FOLLOWUP_REMINDER_DAYS_BEFORE = 7
    settings.SITE_URL = "https://planverk.example"


@pytest.fixture
def testvik(db) -> Organisation:  # type: ignore[no-untyped-def]
    return OrganisationFactory(name="Testvik kommune", written_language=WrittenLanguage.BOKMAL)


@pytest.fixture
def plan(testvik):  # type: ignore[no-untyped-def]
    plan = PlanFactory(organisations=[testvik], title="Handlingsplan for Testvik")
    units = {
        name: UnitFactory(organisation=testvik, name=name) for name in ("Helsestasjonen", "Skolen", "Kulturskolen")
    }
    for number, (title, unit) in enumerate(
        [
            ("Kurs i VIVAT for ansatte", "Helsestasjonen"),
            ("Samtalegrupper for etterlatte", "Helsestasjonen"),
            ("Psykisk helse i skolen", "Skolen"),
            ("Kulturtilbud for eldre", "Kulturskolen"),
        ],
        start=1,
    ):
        measure = MeasureFactory(plan=plan, order=number, number=str(number), title=title)
        Responsibility.objects.create(measure=measure, unit=units[unit])
    return plan


def measure(plan, title: str) -> Measure:  # type: ignore[no-untyped-def]
    return plan.measures.get(title=title)


@pytest.fixture
def reporting_round(plan):  # type: ignore[no-untyped-def]
    return ReportingRoundFactory(plan=plan, title="2025", deadline=DEADLINE)


@pytest.fixture
def kari(testvik, plan) -> User:  # type: ignore[no-untyped-def]
    return member(testvik, Role.OWNER, "kari", "kari@testvik.kommune.no", [testvik.units.get(name="Helsestasjonen")])


@pytest.fixture
def ola(testvik, plan) -> User:  # type: ignore[no-untyped-def]
    return member(testvik, Role.OWNER, "ola", "ola@testvik.kommune.no", [testvik.units.get(name="Skolen")])


@pytest.fixture
def kristin(testvik) -> User:  # type: ignore[no-untyped-def]
    return member(testvik, Role.COORDINATOR, "kristin", "kristin@testvik.kommune.no")


@pytest.fixture
def arne(testvik) -> User:  # type: ignore[no-untyped-def]
    return member(testvik, Role.ADMIN, "arne", "arne@testvik.kommune.no")


@pytest.fixture
def cast(reporting_round, kari, ola, kristin, arne):  # type: ignore[no-untyped-def]
    return reporting_round


def test_running_twice_on_the_same_day_sends_each_reminder_once(cast, kari, ola, kristin, arne, mailoutbox):
    first = send(-3)
    second = send(-3)
    assert {(r.user.username, r.kind) for r in first.sent} == {
        ("kari", ReminderKind.BEFORE_DEADLINE),
        ("ola", ReminderKind.BEFORE_DEADLINE),
        ("kristin", ReminderKind.DIGEST_BEFORE_DEADLINE),
        ("arne", ReminderKind.DIGEST_BEFORE_DEADLINE),
    }
    assert second.sent == []
    for user in (kari, ola, kristin, arne):
        assert len(mails_to(mailoutbox, user)) == 1
    assert ReminderSent.objects.filter(round=cast).count() == 4


def test_reminders_follow_the_deadline_day_by_day(cast, kari, kristin, mailoutbox):
    subjects: dict[int, list[str]] = {}
    for offset in (-8, -7, -3, 0, 1, 2, 30):
        mailoutbox.clear()
        send(offset)
        subjects[offset] = [m.subject for m in mails_to(mailoutbox, kari) + mails_to(mailoutbox, kristin)]
    before = "Påminnelse: statusrapport for Handlingsplan for Testvik innen 5. mars 2026"
    digest_before = "Oversikt: 4 tiltak mangler statusrapport i Handlingsplan for Testvik (frist 5. mars 2026)"
    overdue = "Fristen er passert: statusrapport for Handlingsplan for Testvik"
    digest_overdue = "Fristen er passert: 4 tiltak mangler statusrapport i Handlingsplan for Testvik"
    assert subjects == {
        -8: [],
        -7: [before, digest_before],
        -3: [],
        0: [],
        1: [overdue, digest_overdue],
        2: [],
        30: [],
    }


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-8, None),  # the day before the reminder window
        (-7, ReminderKind.BEFORE_DEADLINE),  # the first day of the window
        (0, ReminderKind.BEFORE_DEADLINE),  # the deadline day is still before the deadline
        (1, ReminderKind.OVERDUE),  # the day after
        (40, ReminderKind.OVERDUE),  # the first run after the deadline, however late
    ],
)
def test_which_reminder_a_first_run_sends(cast, kari, mailoutbox, offset, expected):
    send(offset)
    assert list(ReminderSent.objects.filter(user=kari).values_list("kind", flat=True)) == (
        [expected] if expected else []
    )
    assert len(mails_to(mailoutbox, kari)) == (1 if expected else 0)


def test_owner_with_everything_reported_gets_nothing(cast, plan, kari, ola, kristin, mailoutbox):
    StatusUpdateFactory(round=cast, measure=measure(plan, "Kurs i VIVAT for ansatte"))
    StatusUpdateFactory(round=cast, measure=measure(plan, "Samtalegrupper for etterlatte"), state=ReportState.APPROVED)
    send(-3)
    assert mails_to(mailoutbox, kari) == []
    assert not ReminderSent.objects.filter(user=kari).exists()
    # Ola still has his measure to report, and the digest no longer mentions Kari's unit.
    assert "3. Psykisk helse i skolen" in mails_to(mailoutbox, ola)[0].body
    digest = mails_to(mailoutbox, kristin)[0].body
    assert "Helsestasjonen" not in digest
    assert "2 av 4 tiltak mangler rapport" in digest


def test_a_report_sent_back_is_still_missing(cast, plan, kari, mailoutbox):
    StatusUpdateFactory(round=cast, measure=measure(plan, "Kurs i VIVAT for ansatte"), state=ReportState.RETURNED)
    StatusUpdateFactory(round=cast, measure=measure(plan, "Samtalegrupper for etterlatte"))
    send(1)
    body = mails_to(mailoutbox, kari)[0].body
    assert "- 1. Kurs i VIVAT for ansatte (sendt tilbake til deg – se kommentaren fra koordinatoren)" in body
    assert "Samtalegrupper" not in body
    assert "Dette tiltaket mangler fortsatt rapport fra deg:" in body


def test_nobody_is_emailed_when_everything_is_reported(cast, plan, mailoutbox):
    for m in plan.measures.all():
        StatusUpdateFactory(round=cast, measure=m, state=ReportState.APPROVED)
    assert send(-3).due == []
    assert send(1).due == []
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_owner_email_lists_their_missing_measures_and_links_to_my_measures(cast, kari, mailoutbox):
    send(-7)
    [mail] = mails_to(mailoutbox, kari)
    assert mail.body == (
        "Hei Kari,\n"
        "\n"
        "Fristen for å rapportere status for 2025 i «Handlingsplan for Testvik» er 5. mars 2026.\n"
        "\n"
        "Disse 2 tiltakene mangler fortsatt rapport fra deg:\n"
        "\n"
        "- 1. Kurs i VIVAT for ansatte\n"
        "- 2. Samtalegrupper for etterlatte\n"
        "\n"
        "Rapporter status under «Mine tiltak»: https://planverk.example/arbeidsflate/mine-tiltak/\n"
        "\n"
        "Hilsen Planverk\n"
        "\n"
        "Denne e-posten er sendt automatisk, så du kan ikke svare på den.\n"
    )
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"


def test_owner_email_carries_the_coordinators_message_unescaped(cast, kari, mailoutbox):
    cast.message = "Husk å fylle ut «R&D»-feltet <før> møtet."
    cast.save()
    send(1)
    body = mails_to(mailoutbox, kari)[0].body
    assert "gikk ut 5. mars 2026." in body
    assert "Melding fra plankoordinatoren:\nHusk å fylle ut «R&D»-feltet <før> møtet.\n" in body


def test_coordinator_digest_lists_missing_measures_per_unit(cast, plan, kari, ola, kristin, arne, mailoutbox):
    StatusUpdateFactory(round=cast, measure=measure(plan, "Samtalegrupper for etterlatte"), state=ReportState.RETURNED)
    StatusUpdateFactory(round=cast, measure=measure(plan, "Psykisk helse i skolen"))
    orphan = MeasureFactory(plan=plan, order=5, number="5", title="Tiltak uten ansvarlig")
    send(1)
    [mail] = mails_to(mailoutbox, kristin)
    assert mail.subject == "Fristen er passert: 4 tiltak mangler statusrapport i Handlingsplan for Testvik"
    assert (
        "Fristen for å rapportere status for 2025 i «Handlingsplan for Testvik» gikk ut 5. mars 2026.\n"
        "\n"
        "4 av 5 tiltak mangler rapport:\n"
        "\n"
        "Helsestasjonen\n"
        "- 1. Kurs i VIVAT for ansatte\n"
        "- 2. Samtalegrupper for etterlatte (sendt tilbake)\n"
        "\n"
        "Kulturskolen\n"
        "- 4. Kulturtilbud for eldre\n"
        "Ingen tiltakseier med e-postadresse er registrert for enheten, så ingen har fått påminnelse.\n"
        "\n"
        f"Uten ansvarlig enhet\n- {orphan}\n"
        "\n"
        f"Følg opp i Planverk: https://planverk.example/arbeidsflate/runder/{cast.pk}/\n"
    ) in mail.body
    assert "Skolen\n" not in mail.body  # Ola has reported
    assert mails_to(mailoutbox, arne)[0].body == mail.body.replace("Hei Kristin", "Hei Arne")


def test_coordinators_of_other_organisations_get_no_digest(cast, kristin, mailoutbox):
    elsewhere = member(OrganisationFactory(), Role.COORDINATOR, "per", "per@annenkommune.no")
    send(-3)
    assert len(mails_to(mailoutbox, kristin)) == 1
    assert mails_to(mailoutbox, elsewhere) == []


def test_nynorsk_municipality_gets_its_reminders_in_nynorsk(cast, testvik, kari, kristin, mailoutbox):
    testvik.written_language = WrittenLanguage.NYNORSK
    testvik.save()
    send(-3)
    [owner_mail] = mails_to(mailoutbox, kari)
    assert owner_mail.subject == "Påminning: statusrapport for Handlingsplan for Testvik innan 5. mars 2026"
    assert "Desse 2 tiltaka manglar framleis rapport frå deg:" in owner_mail.body
    assert "Helsing Planverk" in owner_mail.body
    assert "mangler" not in owner_mail.body
    [digest] = mails_to(mailoutbox, kristin)
    assert digest.subject == "Oversikt: 4 tiltak manglar statusrapport i Handlingsplan for Testvik (frist 5. mars 2026)"
    assert "Ingen tiltakseigar med e-postadresse er registrert for eininga" in digest.body
    send(1)
    assert "i «Handlingsplan for Testvik» gjekk ut 5. mars 2026." in mails_to(mailoutbox, kari)[-1].body


@pytest.mark.parametrize("change", ["closed_round", "draft_plan"])
def test_closed_rounds_and_draft_plans_send_nothing(cast, plan, mailoutbox, change):
    if change == "closed_round":
        cast.closed_at = NOW
        cast.save()
    else:
        plan.status = PlanStatus.DRAFT
        plan.save()
    assert send(-3).due == []
    assert send(1).due == []
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_users_without_an_email_address_are_skipped_and_counted(cast, testvik, kari, kristin, mailoutbox):
    nameless = member(testvik, Role.OWNER, "uten-epost", "", [testvik.units.get(name="Kulturskolen")])
    result = send(-3)
    assert [r.user for r in result.skipped_no_email] == [nameless]
    assert not ReminderSent.objects.filter(user=nameless).exists()
    assert len(mails_to(mailoutbox, kari)) == 1
    # The coordinators are told that nobody hears about Kulturskolen's measure.
    assert "Ingen tiltakseier med e-postadresse" in mails_to(mailoutbox, kristin)[0].body


def test_a_failed_send_keeps_the_others_and_is_tried_again_next_run(cast, kari, ola, monkeypatch, mailoutbox):
    real_send = EmailMessage.send

    def send_or_fail_for_kari(message: EmailMessage, fail_silently: bool = False) -> int:
        if message.to == [kari.email]:
            raise SMTPException("421 Service not available")
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send_or_fail_for_kari)
    result = send(-3)
    assert [r.user for r in result.failed] == [kari]
    assert len(result.sent) == 3
    assert not ReminderSent.objects.filter(user=kari).exists()
    assert ReminderSent.objects.filter(user=ola).exists()

    monkeypatch.undo()
    retry = send(-2)
    assert [(r.user, r.kind) for r in retry.sent] == [(kari, ReminderKind.BEFORE_DEADLINE)]
    assert len(mails_to(mailoutbox, kari)) == 1


def test_a_reminder_an_overlapping_run_has_just_sent_is_not_sent_again(cast, kari, monkeypatch, mailoutbox):
    due_now = reminders.reminders_due

    def due_then_sent_by_another_run(*, today: datetime.date) -> list[reminders.Reminder]:
        due = due_now(today=today)
        for r in due:
            ReminderSent.objects.create(round=r.reporting_round, user=r.user, kind=r.kind, sent_at=NOW)
        return due

    monkeypatch.setattr(reminders, "reminders_due", due_then_sent_by_another_run)
    result = send(-3)
    assert result.sent == []
    assert len(result.already_sent) == 4
    assert mailoutbox == []


def test_command_sends_the_reminders_for_the_given_day(cast, kari, mailoutbox):
    out = StringIO()
    call_command("send_reminders", "--today", "2026-03-06", stdout=out)
    assert "2026-03-06: 4 påminnelser sendt." in out.getvalue()
    assert [m.subject for m in mails_to(mailoutbox, kari)] == [
        "Fristen er passert: statusrapport for Handlingsplan for Testvik"
    ]
    call_command("send_reminders", "--today", "2026-03-06", stdout=StringIO())
    assert len(mails_to(mailoutbox, kari)) == 1


def test_command_dry_run_sends_and_records_nothing(cast, mailoutbox):
    out = StringIO()
    call_command("send_reminders", "--today", "2026-03-01", "--dry-run", stdout=out)
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()
    output = out.getvalue()
    assert "Ville sendt: Påminnelse før fristen til kari <kari@testvik.kommune.no>" in output
    assert "Tørrkjøring for 2026-03-01: 4 påminnelser ville blitt sendt." in output


def test_command_refuses_a_date_it_cannot_read(db, mailoutbox):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("send_reminders", "--today", "5. mars 2026")
    assert mailoutbox == []
