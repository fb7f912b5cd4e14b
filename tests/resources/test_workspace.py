"""The workspace: a coordinator keeps the municipality's own resources; national superusers keep the national ones.
Bad input answers 400 with the error and changes nothing; a save over a newer one answers 409; flagged text is
saved only once the coordinator has seen the findings and confirmed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from planverk.resources.models import LinkStatus, Resource
from tests.resources.conftest import add_resource

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Veileder for skolen",
    "publisher": "Drammen kommune",
    "url": "www.example.no/veileder",
    "description": "Slik følger skolen opp elever.",
    "audiences": ["employees", "helpers"],
    "topic": "guidance",
    "language": "nb",
    "version": "0",
}


def test_a_coordinator_adds_a_resource_and_sees_it_in_the_list(client, coordinator, drammen):
    client.force_login(coordinator)
    response = client.post(reverse("resources_workspace:resource_create", args=[drammen.pk]), FORM)
    assert response.status_code == 302
    resource = Resource.objects.get(title="Veileder for skolen")
    assert (resource.organisation, resource.url) == (drammen, "https://www.example.no/veileder")
    assert resource.audiences == ["employees", "helpers"]
    html = client.get(reverse("resources_workspace:resource_list", args=[drammen.pk])).content.decode()
    assert "Veileder for skolen" in html and "Ikke sjekket" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"url": "ftp://www.example.no/fil"}, "Adressen må begynne med http:// eller https://."),
        ({"language": "xx"}, "Ukjent språkkode: xx"),
        ({"audiences": []}, "Velg minst én målgruppe"),
    ],
)
def test_bad_input_answers_400_with_a_clear_error_and_saves_nothing(client, coordinator, drammen, change, message):
    client.force_login(coordinator)
    before = Resource.objects.count()
    response = client.post(reverse("resources_workspace:resource_create", args=[drammen.pk]), {**FORM, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Resource.objects.count() == before


def test_another_municipalitys_coordinator_cannot_add_or_change_drammens_resources(
    client, other_coordinator, drammen, drammen_resource
):
    client.force_login(other_coordinator)
    before = Resource.objects.count()
    assert client.post(reverse("resources_workspace:resource_create", args=[drammen.pk]), FORM).status_code == 403
    edit = reverse("resources_workspace:resource_edit", args=[drammen_resource.pk])
    assert client.post(edit, {**FORM, "version": "1"}).status_code == 403
    delete = reverse("resources_workspace:resource_delete", args=[drammen_resource.pk])
    assert client.post(delete).status_code == 403
    assert Resource.objects.count() == before
    assert Resource.objects.get(pk=drammen_resource.pk).title == "Drammens egen veileder"


def test_flagged_text_shows_the_findings_and_is_saved_only_when_confirmed(client, coordinator, drammen):
    client.force_login(coordinator)
    url = reverse("resources_workspace:resource_create", args=[drammen.pk])
    flagged = {**FORM, "description": "Om selvmordsbølgen i byen"}
    response = client.post(url, flagged)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Trygg omtale av selvmord" in html and "selvmordsbølgen" in html
    assert 'name="confirm_flagged"' in html
    assert not Resource.objects.filter(title=FORM["title"]).exists()
    assert client.post(url, {**flagged, "confirm_flagged": "on"}).status_code == 302
    assert Resource.objects.filter(title=FORM["title"]).exists()


def test_the_confirmation_box_is_not_shown_before_anything_is_flagged(client, coordinator, drammen):
    client.force_login(coordinator)
    html = client.get(reverse("resources_workspace:resource_create", args=[drammen.pk])).content.decode()
    assert 'name="confirm_flagged"' not in html


def test_an_edit_over_a_newer_save_answers_409_and_keeps_the_newer(client, coordinator, drammen_resource):
    client.force_login(coordinator)
    url = reverse("resources_workspace:resource_edit", args=[drammen_resource.pk])
    assert client.post(url, {**FORM, "title": "Første lagring", "version": "1"}).status_code == 302
    response = client.post(url, {**FORM, "title": "Andre lagring", "version": "1"})
    assert response.status_code == 409
    assert "Andre lagring" in response.content.decode()  # what the user wrote is still in the form
    assert Resource.objects.get(pk=drammen_resource.pk).title == "Første lagring"


def test_delete_asks_first_and_then_deletes(client, coordinator, drammen_resource):
    client.force_login(coordinator)
    url = reverse("resources_workspace:resource_delete", args=[drammen_resource.pk])
    page = client.get(url)
    assert "Vil du slette denne ressursen?" in page.content.decode()
    assert Resource.objects.filter(pk=drammen_resource.pk).exists()
    assert client.post(url).status_code == 302
    assert not Resource.objects.filter(pk=drammen_resource.pk).exists()


def test_a_superuser_adds_a_national_resource(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("resources_workspace:national_create"), FORM)
    assert response.status_code == 302
    assert Resource.objects.get(title=FORM["title"]).organisation is None


def test_the_list_marks_broken_links_with_the_error(client, coordinator, drammen_resource):
    Resource.objects.filter(pk=drammen_resource.pk).update(
        link_status=LinkStatus.BROKEN, link_error="HTTP 404 Not Found", link_checked_at=timezone.now()
    )
    client.force_login(coordinator)
    html = client.get(reverse("resources_workspace:resource_list", args=[drammen_resource.organisation_id])).content
    text = html.decode()
    assert "1 lenke virker ikke" in text
    assert "Virker ikke" in text and "HTTP 404 Not Found" in text


# Session, user, the user's editor memberships, the municipality, the list.
LIST_QUERIES = 5


def test_the_list_answers_in_the_same_number_of_queries_however_many_resources(
    client, coordinator, drammen, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("resources_workspace:resource_list", args=[drammen.pk])
    for size in (3, 20):
        for number in range(size):
            add_resource(drammen, title=f"Ressurs {size}-{number}")
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(url)
        assert len(response.context["resources"]) >= size


def test_the_history_keeps_who_changed_a_resource_but_not_link_checks(client, coordinator, drammen_resource):
    client.force_login(coordinator)
    url = reverse("resources_workspace:resource_edit", args=[drammen_resource.pk])
    client.post(url, {**FORM, "version": "1"})
    Resource.objects.filter(pk=drammen_resource.pk).update(
        link_status=LinkStatus.OK, link_checked_at=timezone.now() - datetime.timedelta(days=1)
    )
    history = Resource.history.filter(id=drammen_resource.pk).order_by("history_date")
    assert [entry.history_user for entry in history] == [None, coordinator]


def test_the_admin_shows_the_resources_and_their_history_read_only(client, superuser, drammen_resource):
    client.force_login(superuser)
    changelist = client.get(reverse("admin:resources_resource_changelist"))
    assert changelist.status_code == 200 and "Drammens egen veileder" in changelist.content.decode()
    assert client.get(reverse("admin:resources_resource_history", args=[drammen_resource.pk])).status_code == 200
    assert client.get(reverse("admin:resources_resource_add")).status_code == 403
