"""Coordinators keep their municipality's messages for the slide and poster, national superusers the national ones;
flagged text needs the coordinator's confirmation, bad input changes nothing. And the safe-messaging confirmation
on the service directory's forms."""

import pytest
from django.urls import reverse

from planverk.help import services
from planverk.help.models import DisplayMessage, Service, ServiceTranslation
from planverk.lib.safe_messaging import CONFIRMED_REASON

# Flagged by the safe-messaging rules (data/safe_messaging.yaml): a method detail.
FLAGGED = "Han hengte seg i fjor, og vi savner ham."


def _own(organisation) -> list[str]:  # type: ignore[no-untyped-def]
    return list(DisplayMessage.objects.local_to(organisation.pk).order_by("order", "pk").values_list("text", flat=True))


def _snapshot() -> list[tuple[object, ...]]:
    return list(DisplayMessage.objects.order_by("pk").values_list("pk", "organisation_id", "text", "order"))


def test_a_coordinator_adds_messages_that_replace_the_national_ones(client, coordinator, drammen):
    client.force_login(coordinator)
    url = reverse("help_workspace:message_list", args=[drammen.pk])
    page = client.get(url).content.decode()
    assert "Kommunen har ingen egne meldinger" in page
    assert "Ingen kan gjøre alt, men alle kan gjøre noe." in page  # what the slide shows now
    assert reverse("help:slide", args=["drammen"]) in page and reverse("help:poster", args=["drammen"]) in page
    for text in ("Først denne.", "  Så   denne. "):
        response = client.post(url, {"text": text})
        assert response.status_code == 302 and response["Location"] == url
    assert _own(drammen) == ["Først denne.", "Så denne."]
    message = DisplayMessage.objects.get(text="Først denne.")
    assert message.history.get().history_user == coordinator
    slide = client.get(reverse("help:slide", args=["drammen"])).content.decode()
    assert "Først denne." in slide and "Ingen kan gjøre alt" not in slide


def test_the_list_page_keeps_its_query_count(client, coordinator, drammen, django_assert_max_num_queries):
    client.force_login(coordinator)
    url = reverse("help_workspace:message_list", args=[drammen.pk])
    for i in range(12):
        services.display_message_create(organisation=drammen, text=f"Melding {i}.", by=None)
    with django_assert_max_num_queries(12) as captured:
        assert client.get(url).status_code == 200
    few = len(captured)
    for i in range(12, 30):
        services.display_message_create(organisation=drammen, text=f"Melding {i}.", by=None)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "Skriv en melding."), ("   ", "Skriv en melding."), ("x" * 161, "Meldingen kan ha høyst 160 tegn")],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(client, coordinator, drammen, text, error):
    client.force_login(coordinator)
    message = services.display_message_create(organisation=drammen, text="Uendret.", by=None)
    before = _snapshot()
    response = client.post(reverse("help_workspace:message_list", args=[drammen.pk]), {"text": text})
    assert response.status_code == 400
    assert error in response.content.decode()
    response = client.post(reverse("help_workspace:message_edit", args=[message.pk]), {"text": text})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert _snapshot() == before


def test_a_flagged_message_needs_confirmation(client, coordinator, drammen):
    client.force_login(coordinator)
    url = reverse("help_workspace:message_list", args=[drammen.pk])
    response = client.post(url, {"text": FLAGGED})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trygg omtale av selvmord" in page and "«hengte seg»" in page
    assert 'name="confirm_flagged"' in page
    assert not DisplayMessage.objects.filter(text=FLAGGED).exists()
    assert client.post(url, {"text": FLAGGED, "confirm_flagged": "on"}).status_code == 302
    message = DisplayMessage.objects.get(text=FLAGGED)
    assert message.history.get().history_change_reason == CONFIRMED_REASON
    # Editing into flagged text is refused the same way.
    other = services.display_message_create(organisation=drammen, text="Trygg tekst.", by=None)
    edit = reverse("help_workspace:message_edit", args=[other.pk])
    assert client.post(edit, {"text": FLAGGED + " Igjen."}).status_code == 400
    assert DisplayMessage.objects.get(pk=other.pk).text == "Trygg tekst."
    assert client.post(edit, {"text": FLAGGED + " Igjen.", "confirm_flagged": "on"}).status_code == 302
    assert DisplayMessage.objects.get(pk=other.pk).text == FLAGGED + " Igjen."


def test_messages_move_up_and_down_and_stop_at_the_ends(client, coordinator, drammen):
    client.force_login(coordinator)
    a, b, c = (services.display_message_create(organisation=drammen, text=t, by=None) for t in ("A.", "B.", "C."))

    def move(message: DisplayMessage, direction: str) -> int:
        url = reverse("help_workspace:message_move", args=[message.pk])
        return client.post(url, {"direction": direction}).status_code

    assert move(c, "opp") == 302
    assert _own(drammen) == ["A.", "C.", "B."]
    assert move(a, "ned") == 302
    assert _own(drammen) == ["C.", "A.", "B."]
    assert move(c, "opp") == 302  # already first
    assert move(b, "ned") == 302  # already last
    assert _own(drammen) == ["C.", "A.", "B."]
    before = _snapshot()
    assert move(a, "sidelengs") == 400
    assert _snapshot() == before
    assert client.get(reverse("help_workspace:message_move", args=[a.pk])).status_code == 405
    slide = client.get(reverse("help:slide", args=["drammen"])).content.decode()
    assert slide.index("C.") < slide.index("A.") < slide.index("B.")


def test_a_message_is_edited_and_deleted_after_confirmation(client, coordinator, drammen):
    client.force_login(coordinator)
    message = services.display_message_create(organisation=drammen, text="Gammel tekst.", by=None)
    edit = reverse("help_workspace:message_edit", args=[message.pk])
    assert "Gammel tekst." in client.get(edit).content.decode()
    assert client.post(edit, {"text": "Ny tekst."}).status_code == 302
    assert DisplayMessage.objects.get(pk=message.pk).text == "Ny tekst."
    delete = reverse("help_workspace:message_delete", args=[message.pk])
    page = client.get(delete).content.decode()
    assert "Ny tekst." in page and "Ja, slett" in page
    assert DisplayMessage.objects.filter(pk=message.pk).exists()  # a GET deletes nothing
    assert client.post(delete).status_code == 302
    assert not DisplayMessage.objects.filter(pk=message.pk).exists()


def test_another_municipalitys_coordinator_gets_403_and_changes_nothing(client, other_coordinator, drammen):
    message = services.display_message_create(organisation=drammen, text="Drammens melding.", by=None)
    client.force_login(other_coordinator)
    before = _snapshot()
    assert client.get(reverse("help_workspace:message_list", args=[drammen.pk])).status_code == 403
    assert (
        client.post(reverse("help_workspace:message_list", args=[drammen.pk]), {"text": "Kapret."}).status_code == 403
    )
    assert (
        client.post(reverse("help_workspace:message_edit", args=[message.pk]), {"text": "Kapret."}).status_code == 403
    )
    assert client.post(reverse("help_workspace:message_delete", args=[message.pk])).status_code == 403
    url = reverse("help_workspace:message_move", args=[message.pk])
    assert client.post(url, {"direction": "ned"}).status_code == 403
    assert _snapshot() == before


def test_national_messages_are_for_national_superusers(client, coordinator, superuser):
    national = DisplayMessage.objects.national().order_by("order", "pk").first()
    assert national is not None
    client.force_login(coordinator)
    assert client.get(reverse("help_workspace:national_messages")).status_code == 403
    assert client.post(reverse("help_workspace:message_edit", args=[national.pk]), {"text": "X."}).status_code == 403
    client.force_login(superuser)
    url = reverse("help_workspace:national_messages")
    assert client.post(url, {"text": "En ny nasjonal melding."}).status_code == 302
    assert DisplayMessage.objects.national().filter(text="En ny nasjonal melding.").exists()
    assert "En ny nasjonal melding." in client.get(reverse("help:national_slide")).content.decode()


def test_the_directory_page_links_to_poster_slide_and_messages(client, coordinator, drammen):
    client.force_login(coordinator)
    page = client.get(reverse("help_workspace:service_list", args=[drammen.pk])).content.decode()
    for url in (
        reverse("help:poster", args=["drammen"]),
        reverse("help:slide", args=["drammen"]),
        reverse("help_workspace:message_list", args=[drammen.pk]),
    ):
        assert f'href="{url}"' in page, url
    assert "Plakat (PDF)" in page and "Skjermvisning" in page


def test_the_help_page_links_to_poster_and_slide(client, drammen):
    page = client.get(reverse("help:municipality", args=["drammen"])).content.decode()
    assert f'href="{reverse("help:poster", args=["drammen"])}"' in page
    assert f'href="{reverse("help:slide", args=["drammen"])}"' in page
    national = client.get(reverse("help:index")).content.decode()
    assert f'href="{reverse("help:national_poster")}"' in national


# --- Safe messaging on the directory's forms -------------------------------------------------------------------

SERVICE_FORM = {"name": "Samtalegruppe", "kind": "low_threshold", "groups": ["bereaved"], "version": "0"}


def test_a_flagged_service_description_is_refused_then_saved_with_confirmation(client, coordinator, drammen):
    client.force_login(coordinator)
    url = reverse("help_workspace:service_create", args=[drammen.pk])
    data = {**SERVICE_FORM, "description": FLAGGED}
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trygg omtale av selvmord" in page and "«hengte seg»" in page and 'name="confirm_flagged"' in page
    assert not Service.objects.filter(name="Samtalegruppe").exists()
    assert client.post(url, {**data, "confirm_flagged": "on"}).status_code == 302
    service = Service.objects.get(name="Samtalegruppe")
    assert service.description == FLAGGED
    assert service.history.get().history_change_reason == CONFIRMED_REASON


def test_a_flagged_edit_of_a_service_needs_confirmation(client, coordinator, drammen):
    client.force_login(coordinator)
    service = services.service_create(organisation=drammen, by=None, **{**SERVICE_FORM, "groups": ["bereaved"]})
    url = reverse("help_workspace:service_edit", args=[service.pk])
    data = {**SERVICE_FORM, "description": FLAGGED, "version": str(service.version)}
    assert client.get(url).status_code == 200
    assert 'name="confirm_flagged"' not in client.get(url).content.decode()  # shown only once flagged
    assert client.post(url, data).status_code == 400
    assert Service.objects.get(pk=service.pk).description == ""
    assert client.post(url, {**data, "confirm_flagged": "on"}).status_code == 302
    assert Service.objects.get(pk=service.pk).description == FLAGGED


def test_a_flagged_translation_needs_confirmation(client, coordinator, drammen):
    client.force_login(coordinator)
    service = services.service_create(organisation=drammen, by=None, **{**SERVICE_FORM, "groups": ["bereaved"]})
    url = reverse("help_workspace:translation_create", args=[service.pk])
    data = {"language": "nn", "description": FLAGGED}
    response = client.post(url, data)
    assert response.status_code == 400 and "«hengte seg»" in response.content.decode()
    assert not service.translations.exists()
    assert client.post(url, {**data, "confirm_flagged": "on"}).status_code == 302
    translation = ServiceTranslation.objects.get(service=service, language="nn")
    assert translation.history.get().history_change_reason == CONFIRMED_REASON
    edit = reverse("help_workspace:translation_edit", args=[translation.pk])
    assert client.post(edit, {"description": FLAGGED + " Fortsatt."}).status_code == 400
    assert client.post(edit, {"description": FLAGGED + " Fortsatt.", "confirm_flagged": "on"}).status_code == 302
