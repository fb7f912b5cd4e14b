"""Coordinators keep their municipality's directory, national superusers the registry. Every write keeps who and
when; bad input gets a clear Norwegian error and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from planverk.help.models import Service, ServiceTranslation
from planverk.organisations.models import Organisation
from tests.help.conftest import FULL_SERVICE

FORM = {
    "name": "Ungdomskontakten",
    "kind": "low_threshold",
    "groups": ["struggling", "worried"],
    "description": "Noen å snakke med.",
    "target_group": "Ungdom",
    "age_group": "13–20 år",
    "opening_hours": "Tirsdag og torsdag 14–20",
    "phone": "+47 22 22 22 22",
    "phone_hours": "",
    "sms": "",
    "chat_url": "",
    "web_url": "www.example.no/ungdomskontakten",
    "address": "",
    "referral_needed": "no",
    "free": "yes",
    "languages": ["nb", "uk"],
    "contact_role": "Miljøterapeut",
    "source_url": "",
    "last_verified": "2026-11-20",
    "version": "0",
}


def _snapshot() -> list[tuple[object, ...]]:
    return list(Service.objects.order_by("pk").values_list("pk", "name", "phone", "web_url", "version"))


def test_a_coordinator_adds_a_service_with_every_field(client, coordinator, drammen):
    client.force_login(coordinator)
    response = client.post(reverse("help_workspace:service_create", args=[drammen.pk]), FORM)
    assert response.status_code == 302
    service = Service.objects.get(name="Ungdomskontakten")
    assert service.organisation == drammen
    assert service.phone == "22222222"
    assert service.web_url == "https://www.example.no/ungdomskontakten"
    assert (service.referral_needed, service.free) == (False, True)
    assert service.languages == ["nb", "uk"]
    assert service.groups == ["struggling", "worried"]
    assert service.last_verified == datetime.date(2026, 11, 20)
    assert service.history.get().history_user == coordinator
    assert "Ungdomskontakten" in client.get(reverse("help:municipality", args=["drammen"])).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "1234", "er ikke et gyldig norsk telefonnummer"),
        ("phone", "22 40 00 4x", "er ikke et gyldig norsk telefonnummer"),
        ("phone", "+46 22400040", "er ikke et gyldig norsk telefonnummer"),
        ("sms", "0240 0040", "er ikke et gyldig norsk telefonnummer"),
        ("web_url", "ftp://example.no/fil", "Adressen må begynne med http:// eller https://."),
        ("chat_url", "javascript:alert(1)", "Skriv en hel nettadresse"),
        ("languages", ["nb", "xx"], "Ukjent språkkode: xx"),
        ("groups", [], "Velg minst én gruppe på hjelpesiden"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_changes_nothing(
    client, coordinator, drammen, drammen_service, field, value, message
):
    client.force_login(coordinator)
    before = _snapshot()
    created = client.post(reverse("help_workspace:service_create", args=[drammen.pk]), {**FORM, field: value})
    assert created.status_code == 400
    assert message in created.content.decode()
    edit = {**FORM, "name": "Endret", "version": str(drammen_service.version), field: value}
    edited = client.post(reverse("help_workspace:service_edit", args=[drammen_service.pk]), edit)
    assert edited.status_code == 400
    assert message in edited.content.decode()
    assert _snapshot() == before


def test_a_coordinator_cannot_touch_another_municipalitys_service(client, other_coordinator, drammen_service):
    client.force_login(other_coordinator)
    before = _snapshot()
    edit = {**FORM, "version": str(drammen_service.version)}
    assert client.get(reverse("help_workspace:service_edit", args=[drammen_service.pk])).status_code == 403
    assert client.post(reverse("help_workspace:service_edit", args=[drammen_service.pk]), edit).status_code == 403
    assert client.post(reverse("help_workspace:service_delete", args=[drammen_service.pk])).status_code == 403
    assert client.post(reverse("help_workspace:service_verify", args=[drammen_service.pk])).status_code == 403
    translation = {"language": "en", "name": "Hijacked"}
    url = reverse("help_workspace:translation_create", args=[drammen_service.pk])
    assert client.post(url, translation).status_code == 403
    assert (
        client.post(reverse("help_workspace:service_create", args=[drammen_service.organisation_id]), FORM).status_code
        == 403
    )
    assert _snapshot() == before
    assert not ServiceTranslation.objects.filter(service=drammen_service).exists()


def test_a_service_that_does_not_exist_answers_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("help_workspace:service_edit", args=[999999])).status_code == 404
    assert client.get(reverse("help_workspace:translation_edit", args=[999999])).status_code == 404
    assert client.get(reverse("help_workspace:service_list", args=[999999])).status_code == 404


def test_a_county_has_no_directory(client, superuser):
    client.force_login(superuser)
    county = Organisation.objects.filter(kind="county").first()
    assert client.get(reverse("help_workspace:service_list", args=[county.pk])).status_code == 404


def test_only_superusers_change_the_national_registry(client, coordinator, superuser):
    kirkens_sos = Service.objects.get(key="kirkens-sos")
    edit = {
        **FORM,
        "name": "Kirkens SOS",
        "kind": "helpline",
        "phone": "22 40 00 40",
        "source_url": "https://www.kirkens-sos.no/",
        "order": "40",
        "version": str(kirkens_sos.version),
    }
    client.force_login(coordinator)
    assert client.post(reverse("help_workspace:service_edit", args=[kirkens_sos.pk]), edit).status_code == 403
    assert client.get(reverse("help_workspace:national_list")).status_code == 403
    client.force_login(superuser)
    response = client.post(reverse("help_workspace:service_edit", args=[kirkens_sos.pk]), edit)
    assert response.status_code == 302
    kirkens_sos.refresh_from_db()
    assert kirkens_sos.opening_hours == "Tirsdag og torsdag 14–20"
    assert kirkens_sos.history.latest().history_user == superuser


def test_a_national_entry_needs_a_source_and_a_verification_date(client, superuser):
    client.force_login(superuser)
    before = _snapshot()
    data = {**FORM, "kind": "helpline", "source_url": "", "last_verified": "", "order": ""}
    response = client.post(reverse("help_workspace:national_create"), data)
    assert response.status_code == 400
    assert "Kilde: Feltet er påkrevet." in response.content.decode()
    assert _snapshot() == before


def test_translations_are_added_and_unknown_languages_refused(client, coordinator, drammen_service):
    client.force_login(coordinator)
    url = reverse("help_workspace:translation_create", args=[drammen_service.pk])
    response = client.post(url, {"language": "xx", "name": "Noe"})
    assert response.status_code == 400
    assert "Ukjent språkkode: xx" in response.content.decode()
    response = client.post(url, {"language": "nb", "name": "Noe"})
    assert response.status_code == 400
    assert "Tjenesten er allerede skrevet på norsk (bokmål)" in response.content.decode()
    response = client.post(url, {"language": "so", "name": ""})
    assert response.status_code == 400
    assert "Oversettelsen er tom" in response.content.decode()
    assert not drammen_service.translations.exists()

    response = client.post(url, {"language": "so", "name": "Adeegga wada-hadalka"})
    assert response.status_code == 302
    translation = drammen_service.translations.get()
    assert translation.history.get().history_user == coordinator
    response = client.post(url, {"language": "so", "name": "Mar kale"})
    assert response.status_code == 400
    assert "har allerede en oversettelse til somali" in response.content.decode()
    html = client.get(reverse("help:municipality", args=["drammen"]) + "?lang=so").content.decode()
    assert '<span lang="so">Adeegga wada-hadalka</span>' in html


def test_a_translation_is_edited_and_deleted_with_history(client, coordinator, drammen_service):
    client.force_login(coordinator)
    client.post(
        reverse("help_workspace:translation_create", args=[drammen_service.pk]), {"language": "en", "name": "A"}
    )
    translation = drammen_service.translations.get()
    response = client.post(reverse("help_workspace:translation_edit", args=[translation.pk]), {"name": "Talk to us"})
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.name == "Talk to us"
    assert client.post(reverse("help_workspace:translation_delete", args=[translation.pk])).status_code == 302
    assert not drammen_service.translations.exists()
    assert [h.history_type for h in ServiceTranslation.history.filter(id=translation.pk)] == ["-", "~", "+"]


def test_a_save_over_someone_elses_newer_save_is_refused(client, coordinator, drammen_service):
    client.force_login(coordinator)
    stale = {**FORM, "name": "Mitt gamle skjema", "version": str(drammen_service.version - 1)}
    response = client.post(reverse("help_workspace:service_edit", args=[drammen_service.pk]), stale)
    assert response.status_code == 409
    drammen_service.refresh_from_db()
    assert drammen_service.name == FULL_SERVICE["name"]


def test_marking_a_service_verified_and_deleting_it_are_recorded(client, coordinator, drammen_service):
    client.force_login(coordinator)
    drammen_service.last_verified = datetime.date(2020, 1, 1)
    drammen_service.save()
    page = client.get(reverse("help_workspace:service_list", args=[drammen_service.organisation_id])).content.decode()
    assert "Må kontrolleres" in page
    assert client.post(reverse("help_workspace:service_verify", args=[drammen_service.pk])).status_code == 302
    drammen_service.refresh_from_db()
    assert drammen_service.last_verified == timezone.localdate()
    assert drammen_service.history.latest().history_change_reason == "Kontrollert"
    assert client.get(reverse("help_workspace:service_verify", args=[drammen_service.pk])).status_code == 405

    assert client.post(reverse("help_workspace:service_delete", args=[drammen_service.pk])).status_code == 302
    assert not Service.objects.filter(pk=drammen_service.pk).exists()
    deleted = Service.history.filter(id=drammen_service.pk).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", coordinator)


def test_superusers_see_stale_registry_entries(client, superuser):
    Service.objects.filter(key="rode-kors-telefonen").update(last_verified=datetime.date(2025, 1, 1))
    client.force_login(superuser)
    html = client.get(reverse("help_workspace:national_list")).content.decode()
    warning = html[html.index('class="ds-alert"') :]
    assert "Røde Kors-telefonen for barn og unge" in warning[: warning.index("</div>")]
    assert "1 må kontrolleres" in client.get(reverse("help_workspace:index")).content.decode()
    admin = client.get(reverse("admin:help_service_changelist") + "?kontroll=ja").content.decode()
    assert "Røde Kors-telefonen for barn og unge" in admin and "Kirkens SOS" not in admin


def test_the_workspace_index_lists_the_users_municipalities(client, coordinator, superuser, drammen):
    client.force_login(coordinator)
    html = client.get(reverse("help_workspace:index")).content.decode()
    assert reverse("help_workspace:service_list", args=[drammen.pk]) in html
    client.force_login(superuser)
    response = client.get(reverse("help_workspace:index") + f"?kommune={drammen.pk}")
    assert response["Location"] == reverse("help_workspace:service_list", args=[drammen.pk])
