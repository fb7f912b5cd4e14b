"""Review reminders: to the owner (or the coordinators when there is none) once per review date, from 30 days
before it; again when the review date changes."""

import datetime

import pytest
from django.core.management import call_command

from planverk.guides.models import Guide
from tests.factories import MembershipFactory, UserFactory

TODAY = datetime.date(2027, 3, 1)


@pytest.fixture
def due_guide(demo_guide, coordinator):  # type: ignore[no-untyped-def]
    coordinator.email = "charlie@drammen.example"
    coordinator.first_name = "Charlie"
    coordinator.save()
    Guide.objects.filter(pk=demo_guide.pk).update(owner=coordinator, review_date=TODAY + datetime.timedelta(days=20))
    demo_guide.refresh_from_db()
    return demo_guide


def _run(today: datetime.date = TODAY) -> None:
    call_command("send_guide_reminders", "--today", today.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_owner_is_reminded_once_per_review_date(due_guide, mailoutbox):
    _run()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["charlie@drammen.example"]
    assert due_guide.title in message.subject
    assert "Hei Charlie" in message.body
    assert f"/arbeidsflate/veiledere/{due_guide.pk}/" in message.body

    _run(TODAY + datetime.timedelta(days=1))
    _run(TODAY + datetime.timedelta(days=40))  # passed: still the same review date
    assert len(mailoutbox) == 1


def test_a_new_review_date_is_reminded_again(due_guide, mailoutbox):
    _run()
    Guide.objects.filter(pk=due_guide.pk).update(review_date=TODAY + datetime.timedelta(days=25))
    _run()
    assert len(mailoutbox) == 2


def test_nothing_is_sent_more_than_30_days_before(due_guide, mailoutbox):
    _run(due_guide.review_date - datetime.timedelta(days=31))
    assert mailoutbox == []
    _run(due_guide.review_date - datetime.timedelta(days=30))
    assert len(mailoutbox) == 1


def test_an_overdue_guide_says_so(due_guide, mailoutbox):
    _run(due_guide.review_date + datetime.timedelta(days=1))
    assert "passert" in mailoutbox[0].subject


def test_without_an_owner_the_municipalitys_coordinators_are_reminded(due_guide, drammen, gjovik, mailoutbox):
    admin = MembershipFactory(
        user=UserFactory(username="drammen-admin", email="admin@drammen.example"), organisation=drammen, role="admin"
    ).user
    MembershipFactory(
        user=UserFactory(username="gjovik-k", email="k@gjovik.example"), organisation=gjovik, role="coordinator"
    )
    Guide.objects.filter(pk=due_guide.pk).update(owner=None)
    _run()
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert "admin@drammen.example" in recipients and "charlie@drammen.example" in recipients
    assert "k@gjovik.example" not in recipients
    assert admin.email in recipients


def test_the_email_is_in_the_municipalitys_written_language(due_guide, mailoutbox):
    due_guide.organisation.written_language = "nn"
    due_guide.organisation.save()
    _run()
    assert "Helsing Planverk" in mailoutbox[0].body  # nynorsk


def test_drafts_are_not_reminded(due_guide, mailoutbox):
    Guide.objects.filter(pk=due_guide.pk).update(status="draft", published_at=None)
    _run()
    assert mailoutbox == []


def test_an_owner_who_may_no_longer_change_the_guide_is_not_reminded(due_guide, coordinator, mailoutbox):
    coordinator.memberships.update(role="viewer")
    MembershipFactory(
        user=UserFactory(email="ny@drammen.example"), organisation=due_guide.organisation, role="coordinator"
    )
    _run()
    assert "charlie@drammen.example" not in [address for message in mailoutbox for address in message.to]
    assert mailoutbox, "the municipality's coordinators are reminded instead"
