"""The public guide pages: published guides only, steps by phase with phone links and legal notes, a print version,
and the measure page that links to its guides."""

from django.urls import reverse
from django.utils import timezone

from planverk.guides import services
from planverk.guides.models import Guide, GuideStep
from planverk.plans.models import Measure
from tests.factories import UnitFactory

LIST_QUERIES = 2
GUIDE_QUERIES = 3


def test_a_published_guide_shows_its_steps_in_phase_order_with_phone_links(client, demo_guide):
    page = client.get(reverse("guides:detail", args=[demo_guide.pk])).content.decode()
    headings = ["Oppdage", "Vurdere og henvise", "Følge opp", "Etter et selvmord"]
    positions = [page.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert page.index("Vær oppmerksom på varseltegn") < page.index("Spør direkte")
    assert 'href="tel:116123"' in page and ">116 123</a>" in page
    assert 'href="tel:113"' in page


def test_the_legal_notes_cite_the_law_and_point_to_lovdata(client, demo_guide):
    page = client.get(reverse("guides:detail", args=[demo_guide.pk])).content.decode()
    for reference in ["helsepersonelloven § 21", "helsepersonelloven § 33", "barnevernsloven § 13-2", "§ 31"]:
        assert reference in page
    assert "straffeloven § 196" in page and "§ 23 nr. 4" in page
    assert "lovdata.no" in page


def test_the_page_shows_owner_unit_review_date_and_last_change(client, demo_guide, drammen):
    unit = UnitFactory(organisation=drammen, name="Psykisk helse og rus")
    Guide.objects.filter(pk=demo_guide.pk).update(owner_unit=unit)
    page = client.get(reverse("guides:detail", args=[demo_guide.pk])).content.decode()
    assert "Psykisk helse og rus" in page
    assert "Revideres innen" in page and "Sist endret" in page


def test_a_draft_is_not_found_publicly_even_by_its_coordinator(client, coordinator, draft):
    client.force_login(coordinator)
    assert client.get(reverse("guides:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("guides:print", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("guides:list")).content.decode()


def test_the_list_filters_by_municipality(client, demo_guide, gjovik):
    guide = services.guide_create(
        organisation=gjovik, by=None, now=timezone.now(), title="Gjøviks rutine", review_date=demo_guide.review_date
    )
    services.step_create(guide=guide, by=None, now=timezone.now(), phase="detect", title="Spør")
    services.guide_publish(guide=guide, by=None, now=timezone.now())
    page = client.get(reverse("guides:list") + "?kommune=drammen").content.decode()
    assert demo_guide.title in page and "Gjøviks rutine" not in page
    page = client.get(reverse("guides:list")).content.decode()
    assert demo_guide.title in page and "Gjøviks rutine" in page


def test_the_print_version_has_all_content_the_address_and_no_navigation(client, demo_guide):
    page = client.get(reverse("guides:print", args=[demo_guide.pk])).content.decode()
    assert "site-nav" not in page and "<nav" not in page
    for step in demo_guide.steps.all():
        assert step.title in page
    assert f"http://testserver{reverse('guides:detail', args=[demo_guide.pk])}" in page
    assert "113" in page and "116 123" in page
    assert "straffeloven § 196" in page


def test_public_pages_cost_the_same_queries_with_more_guides_and_steps(
    client, demo_guide, django_assert_num_queries, drammen_service
):
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("guides:list"))
    with django_assert_num_queries(GUIDE_QUERIES):
        client.get(reverse("guides:detail", args=[demo_guide.pk]))
    for i in range(3):
        step = GuideStep.objects.create(guide=demo_guide, phase="after", title=f"Ekstra {i}", order=50)
        step.contacts.add(drammen_service)
        Guide.objects.create(
            organisation=demo_guide.organisation,
            title=f"Veileder {i}",
            review_date=demo_guide.review_date,
            status="published",
            published_at=timezone.now(),
        )
    with django_assert_num_queries(LIST_QUERIES):
        assert "Veileder 2" in client.get(reverse("guides:list")).content.decode()
    with django_assert_num_queries(GUIDE_QUERIES):
        assert "Ekstra 2" in client.get(reverse("guides:detail", args=[demo_guide.pk])).content.decode()


def test_the_measure_page_lists_its_published_guides(client, demo_guide, draft):
    measure = demo_guide.measure
    assert measure is not None
    Guide.objects.filter(pk=draft.pk).update(measure=measure)
    page = client.get(reverse("public:measure_detail", args=[measure.plan_id, measure.pk])).content.decode()
    assert reverse("guides:detail", args=[demo_guide.pk]) in page
    assert draft.title not in page


def test_the_measure_page_costs_one_query_more_only_when_a_guide_is_linked(
    client, demo_guide, django_assert_num_queries
):
    measure = demo_guide.measure
    other = Measure.objects.filter(plan=measure.plan).exclude(pk=measure.pk).first()

    def count(m: Measure) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            client.get(reverse("public:measure_detail", args=[m.plan_id, m.pk]))
        return len(context.captured_queries)

    assert count(measure) == count(other) + 1
