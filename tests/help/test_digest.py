"""National superusers are told by email about registry entries not verified for HELP_VERIFY_DAYS days."""

import datetime

from django.core import mail
from django.core.management import call_command

from planverk.help.digest import send_stale_registry_digest
from planverk.help.models import Service
from tests.factories import UserFactory


def test_superusers_get_an_email_listing_the_stale_entries(db, settings):
    settings.HELP_VERIFY_DAYS = 180
    UserFactory(username="nasjonal-a", is_superuser=True, email="a@example.no")
    UserFactory(username="nasjonal-b", is_superuser=True, email="b@example.no")
    UserFactory(username="koordinator", email="k@example.no")
    Service.objects.filter(key="leve").update(last_verified=datetime.date(2026, 1, 1))
    sent = send_stale_registry_digest(today=datetime.date(2026, 11, 22))
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.no", "b@example.no"]  # one each, nobody else
    message = mail.outbox[0]
    assert "1 nasjonale hjelpetjenester må kontrolleres" in message.subject
    assert "LEVE – Landsforeningen for etterlatte ved selvmord: sist kontrollert 1. januar 2026" in message.body
    assert "Kirkens SOS" not in message.body
    assert "/arbeidsflate/hjelp/nasjonalt/" in message.body


def test_nothing_is_sent_when_everything_is_verified(db):
    UserFactory(username="nasjonal-c", is_superuser=True, email="c@example.no")
    assert send_stale_registry_digest(today=datetime.date(2026, 11, 22)) == 0
    call_command("send_help_digest", "--today", "2026-12-01", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_the_command_sends_the_digest(db):
    UserFactory(username="nasjonal-d", is_superuser=True, email="d@example.no")
    call_command("send_help_digest", "--today", "2027-06-01", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["d@example.no"]]
    assert "9 nasjonale hjelpetjenester må kontrolleres" in mail.outbox[0].subject
