"""Rule 6: a plan in draft appears in no public page, list or API response."""

import pytest
from django.urls import reverse

from planverk.plans.models import PlanStatus
from tests.factories import GoalFactory, MeasureFactory, PlanFactory


def test_draft_is_not_in_the_public_plan_list(client, drammen_draft):
    response = client.get(reverse("public:plan_list"))
    assert response.status_code == 200
    assert drammen_draft.title not in response.content.decode()


def test_draft_is_not_in_the_filtered_plan_list_even_when_asked_for(client, drammen_draft):
    response = client.get(reverse("public:plan_list"), {"organisasjon": "3301", "status": "draft"})
    assert drammen_draft.title not in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "other_coordinator", "superuser"])
def test_public_plan_page_of_a_draft_answers_404_for_everyone(client, request, drammen_draft, who):
    # The public site shows what the public sees; members preview drafts in the workspace.
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("public:plan_detail", args=[drammen_draft.pk])).status_code == 404
    measure = drammen_draft.measures.get()
    url = reverse("public:measure_detail", args=[drammen_draft.pk, measure.pk])
    assert client.get(url).status_code == 404


def test_draft_is_not_in_the_api(client, drammen_draft):
    plans = client.get(reverse("api:plan_list")).json()["plans"]
    assert drammen_draft.pk not in {p["id"] for p in plans}
    assert drammen_draft.title not in str(plans)
    assert client.get(reverse("api:plan_detail", args=[drammen_draft.pk])).status_code == 404


def test_link_into_a_draft_is_not_shown_on_a_published_plan(client, drammen, drammen_plan):
    from planverk.plans.models import PlanLink

    draft_goal = GoalFactory(plan=PlanFactory(organisations=[drammen], status=PlanStatus.DRAFT), title="Hemmelig mål")
    PlanLink.objects.create(from_goal=drammen_plan.goals.first(), to_goal=draft_goal)
    page = client.get(reverse("public:plan_detail", args=[drammen_plan.pk])).content.decode()
    api = client.get(reverse("api:plan_detail", args=[drammen_plan.pk])).content.decode()
    assert "Hemmelig mål" not in page
    assert "Hemmelig mål" not in api


def test_measure_of_one_plan_is_not_reachable_under_another_plans_url(client, drammen_plan, gjovik_plan):
    measure = gjovik_plan.measures.first()
    assert client.get(reverse("public:measure_detail", args=[drammen_plan.pk, measure.pk])).status_code == 404


@pytest.mark.parametrize("status", [PlanStatus.HEARING, PlanStatus.ADOPTED, PlanStatus.EXTENDED, PlanStatus.ARCHIVED])
def test_published_statuses_are_public(client, drammen, status):
    plan = PlanFactory(organisations=[drammen], status=status)
    MeasureFactory(plan=plan, title="Synlig tiltak")
    response = client.get(reverse("public:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert "Synlig tiltak" in response.content.decode()


def test_plan_list_filters_by_organisation_level_and_status(client, drammen_plan, national_plan, gjovik_plan):
    def listed(params):  # type: ignore[no-untyped-def]
        html = client.get(reverse("public:plan_list"), params).content.decode()
        return {p.pk for p in (drammen_plan, national_plan, gjovik_plan) if f'href="/planer/{p.pk}/"' in html}

    assert listed({}) == {drammen_plan.pk, national_plan.pk, gjovik_plan.pk}
    assert listed({"organisasjon": "3301"}) == {drammen_plan.pk}
    assert listed({"niva": "national"}) == {national_plan.pk}
    assert listed({"status": "extended"}) == {national_plan.pk}


def test_public_pages_show_the_acute_numbers(client, drammen_plan):
    measure = drammen_plan.measures.first()
    for url in [
        reverse("public:plan_list"),
        reverse("public:plan_detail", args=[drammen_plan.pk]),
        reverse("public:measure_detail", args=[drammen_plan.pk, measure.pk]),
    ]:
        html = client.get(url).content.decode()
        assert "113" in html and "116 117" in html and "116 123" in html


def test_plan_text_is_escaped(client, drammen):
    plan = PlanFactory(organisations=[drammen], title="<script>alert(1)</script>")
    html = client.get(reverse("public:plan_detail", args=[plan.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
