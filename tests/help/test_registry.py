"""The reviewed registry file: only the numbers issue 5 names, each entry with its source and date, loaded once."""

import datetime

from django.core.management import call_command

from planverk.help.models import Service
from planverk.help.reference import load_registry
from planverk.help.registry import read_registry_file

ISSUE_NUMBERS = {"113", "116117", "116123", "22400040", "80033321", "116111"}


def test_every_entry_has_a_source_and_the_review_date():
    for entry in read_registry_file():
        assert entry["source_url"].startswith("https://"), entry["key"]
        assert entry["last_verified"] == datetime.date(2026, 11, 22), entry["key"]


def test_the_file_has_only_the_numbers_of_the_issue_and_the_named_services():
    entries = read_registry_file()
    assert {e["phone"] for e in entries if e.get("phone")} == ISSUE_NUMBERS
    assert not any(e.get("sms") or e.get("address") for e in entries)  # not known for certain: left out
    chats = {e["chat_url"] for e in entries if e.get("chat_url")}
    assert chats == {"https://www.soschat.no/", "https://sidetmedord.no/"}
    assert any(e.get("web_url") == "https://www.leve.no/" for e in entries)


def test_the_registry_is_loaded_once_and_kept_by_the_superusers(db):
    assert Service.objects.national().count() == len(read_registry_file())
    Service.objects.filter(key="kirkens-sos").update(opening_hours="Endret av en superbruker")
    assert all(not created for _service, created in load_registry())
    assert Service.objects.get(key="kirkens-sos").opening_hours == "Endret av en superbruker"
    call_command("load_help_registry", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Service.objects.national().count() == len(read_registry_file())


def test_the_demo_invents_no_phone_numbers_addresses_or_hours(db):
    local = Service.objects.filter(organisation__isnull=False, key__startswith="demo-")
    assert local.count() > 30
    assert not local.exclude(phone="").exists()
    assert not local.exclude(address="").exists()
    assert set(local.exclude(opening_hours="").values_list("name", flat=True)) == {"Drammen legevakt"}
