"""The workspace pages: who may do what, bad input answered with a clear error and nothing changed, concurrent
saves refused, publishing with the safe-messaging confirmation, and the history."""

from django.urls import reverse

from planverk.guides.models import Guide, GuideStatus, GuideStep
from tests.guides.conftest import FLAGGED


def test_another_municipalitys_coordinator_gets_403_on_a_published_guide_and_404_on_a_draft(
    client, other_coordinator, demo_guide, draft
):
    client.force_login(other_coordinator)
    assert client.get(reverse("guides_workspace:guide_edit", args=[demo_guide.pk])).status_code == 403
    response = client.post(reverse("guides_workspace:guide_unpublish", args=[demo_guide.pk]))
    assert response.status_code == 403
    assert client.get(reverse("guides_workspace:guide_detail", args=[draft.pk])).status_code == 404
    demo_guide.refresh_from_db()
    assert demo_guide.status == GuideStatus.PUBLISHED


def test_the_list_shows_only_the_users_municipalitys_guides(client, other_coordinator, coordinator, draft):
    client.force_login(other_coordinator)
    assert draft.title not in client.get(reverse("guides_workspace:index")).content.decode()
    client.force_login(coordinator)
    assert draft.title in client.get(reverse("guides_workspace:index")).content.decode()


LIST_QUERIES = 6  # session, user, memberships (twice: member and editor), guides, municipalities
GUIDE_PAGE_QUERIES = 7  # session, user, guide with its relations, memberships, steps, contacts, editor


def test_the_list_costs_the_same_queries_with_more_guides(client, coordinator, draft, django_assert_num_queries):
    client.force_login(coordinator)
    url = reverse("guides_workspace:index")
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)
    for i in range(5):
        Guide.objects.create(organisation=draft.organisation, title=f"Ekstra {i}", review_date=draft.review_date)
    with django_assert_num_queries(LIST_QUERIES):
        assert "Ekstra 4" in client.get(url).content.decode()


def test_the_guide_page_costs_the_same_queries_with_more_steps(
    client, coordinator, demo_guide, django_assert_num_queries, drammen_service, national_service
):
    client.force_login(coordinator)
    url = reverse("guides_workspace:guide_detail", args=[demo_guide.pk])
    with django_assert_num_queries(GUIDE_PAGE_QUERIES):
        client.get(url)
    for i in range(4):
        step = GuideStep.objects.create(guide=demo_guide, phase="after", title=f"Nytt steg {i}", order=99)
        step.contacts.add(drammen_service, national_service)
    with django_assert_num_queries(GUIDE_PAGE_QUERIES):
        response = client.get(url)
    assert "Nytt steg 3" in response.content.decode()


def test_creating_a_guide_with_a_bad_date_answers_400_and_saves_nothing(client, coordinator, drammen):
    client.force_login(coordinator)
    before = Guide.objects.count()
    response = client.post(
        reverse("guides_workspace:guide_create", args=[drammen.pk]),
        {"title": "Rutine", "review_date": "snart", "version": "0"},
    )
    assert response.status_code == 400
    assert "Skriv datoen som dd.mm.åååå" in response.content.decode()
    assert Guide.objects.count() == before


def test_a_step_with_a_contact_of_another_municipality_answers_400_with_a_clear_error(
    client, coordinator, draft, gjovik_service
):
    client.force_login(coordinator)
    response = client.post(
        reverse("guides_workspace:step_create", args=[draft.pk]),
        {"phase": "assess", "title": "Ring", "contacts": [gjovik_service.pk], "version": "0"},
    )
    assert response.status_code == 400
    assert "hører ikke til kommunens tjenesteoversikt" in response.content.decode()
    assert draft.steps.count() == 3


def test_the_step_form_offers_only_own_and_national_services(
    client, coordinator, draft, gjovik_service, drammen_service, national_service
):
    client.force_login(coordinator)
    page = client.get(reverse("guides_workspace:step_create", args=[draft.pk])).content.decode()
    assert drammen_service.name in page and national_service.name in page
    assert f'value="{gjovik_service.pk}"' not in page


def test_a_stale_step_form_answers_409_and_keeps_the_newer_save(client, coordinator, draft):
    client.force_login(coordinator)
    step = draft.steps.order_by("pk").first()
    url = reverse("guides_workspace:step_edit", args=[step.pk])
    assert client.post(url, {"phase": "detect", "title": "Først", "version": "1"}).status_code == 302
    response = client.post(url, {"phase": "detect", "title": "Sist", "version": "1"})
    assert response.status_code == 409
    step.refresh_from_db()
    assert step.title == "Først"


def test_publishing_flagged_text_asks_for_confirmation_first(client, coordinator, draft):
    client.force_login(coordinator)
    draft.steps.filter(title="Se etter tegn").update(text=FLAGGED)
    url = reverse("guides_workspace:guide_publish", args=[draft.pk])
    response = client.post(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trygg omtale av selvmord" in page and "confirm_flagged" in page
    draft.refresh_from_db()
    assert draft.status == GuideStatus.DRAFT

    assert client.post(url, {"confirm_flagged": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == GuideStatus.PUBLISHED


def test_the_history_shows_who_changed_what(client, coordinator, draft):
    client.force_login(coordinator)
    step = draft.steps.order_by("pk").first()
    client.post(
        reverse("guides_workspace:step_edit", args=[step.pk]),
        {"phase": "detect", "title": "Se etter varseltegn", "legal_duties": ["taushetsplikt"], "version": "1"},
    )
    page = client.get(reverse("guides_workspace:guide_history", args=[draft.pk])).content.decode()
    assert "charlie-koordinator" in page
    assert "«Se etter tegn» → «Se etter varseltegn»" in page
    assert "«–» → «Taushetsplikt»" in page


def test_a_bad_move_direction_changes_nothing(client, coordinator, draft):
    client.force_login(coordinator)
    step = draft.steps.get(title="Se etter tegn")  # first: any move but up would change the order
    response = client.post(
        reverse("guides_workspace:step_move", args=[step.pk]), {"direction": "sidelengs"}, follow=True
    )
    assert "Elementet kan bare flyttes opp eller ned" in response.content.decode()
    assert list(draft.steps.filter(phase="detect").order_by("order", "pk").values_list("title", flat=True)) == [
        "Se etter tegn",
        "Spør direkte",
    ]


def test_a_draft_is_deleted_with_its_steps_and_the_history_keeps_them(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(reverse("guides_workspace:guide_delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not Guide.objects.filter(pk=draft.pk).exists()
    assert not GuideStep.objects.filter(guide_id=draft.pk).exists()
    deleted = Guide.history.filter(id=draft.pk, history_type="-").get()
    assert deleted.history_user == coordinator
    assert GuideStep.history.filter(guide_id=draft.pk, history_type="-").count() == 3


def test_a_published_guide_must_be_unpublished_before_it_is_deleted(client, coordinator, demo_guide):
    client.force_login(coordinator)
    response = client.post(reverse("guides_workspace:guide_delete", args=[demo_guide.pk]))
    assert response.status_code == 400
    assert "Avpubliser den før du sletter den" in response.content.decode()
    assert Guide.objects.filter(pk=demo_guide.pk, status=GuideStatus.PUBLISHED).exists()


def test_outsiders_see_a_published_guide_without_its_owner_history_or_a_draft_plans_measure(
    client, other_coordinator, coordinator, demo_guide, drammen_draft
):
    measure = drammen_draft.measures.first()
    Guide.objects.filter(pk=demo_guide.pk).update(measure=measure, owner=coordinator)
    url = reverse("guides_workspace:guide_detail", args=[demo_guide.pk])
    client.force_login(other_coordinator)
    page = client.get(url).content.decode()
    assert drammen_draft.title not in page and measure.title not in page
    assert reverse("guides_workspace:guide_history", args=[demo_guide.pk]) not in page
    assert coordinator.username not in page
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert drammen_draft.title in page
    assert reverse("guides_workspace:guide_history", args=[demo_guide.pk]) in page


def test_only_someone_who_may_change_the_guide_can_own_it(client, coordinator, viewer, draft):
    client.force_login(coordinator)
    response = client.post(
        reverse("guides_workspace:guide_edit", args=[draft.pk]),
        {"title": draft.title, "review_date": "2027-06-30", "owner": viewer.pk, "version": "1"},
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.owner_id is None
