"""Creating and editing plans in the workspace, their lifecycle and their change history."""

import datetime

import pytest
from django.urls import reverse

from planverk.accounts.models import Role
from planverk.plans.models import Plan, PlanLevel, PlanStatus
from tests.factories import MembershipFactory, PlanFactory, UserFactory

VALID_PLAN = {
    "title": "Handlingsplan for selvmordsforebygging 2028–2031",
    "level": "municipal",
    "period_start": "2028",
    "period_end": "2031",
    "summary": "Planen bygger videre på planen fra 2024.",
    "commissioning_decision": "",
    "revision_due": "31.12.2031",
}


def _plan_form(plan: Plan, **changes: str) -> dict[str, str]:
    data = {
        "title": plan.title,
        "level": plan.level,
        "period_start": str(plan.period_start or ""),
        "period_end": str(plan.period_end or ""),
        "summary": plan.summary,
        "commissioning_decision": plan.commissioning_decision,
        "revision_due": plan.revision_due.isoformat() if plan.revision_due else "",
        "version": str(plan.version),
    }
    return {**data, **changes}


@pytest.fixture
def second_coordinator(drammen):  # type: ignore[no-untyped-def]
    return MembershipFactory(
        user=UserFactory(username="frida-koordinator"), organisation=drammen, role=Role.COORDINATOR
    ).user


# --- Home --------------------------------------------------------------------------------------


def test_home_lists_the_organisations_plans_with_drafts_and_status(client, viewer, drammen_plan, drammen_draft):
    client.force_login(viewer)
    html = client.get(reverse("workspace:home")).content.decode()
    assert reverse("workspace:plan_detail", args=[drammen_plan.pk]) in html
    assert drammen_draft.title in html
    assert "Utkast" in html and "Vedtatt" in html
    assert "Ny plan" not in html  # a viewer cannot create plans


def test_home_offers_new_plan_and_units_to_a_coordinator(client, coordinator, drammen):
    client.force_login(coordinator)
    html = client.get(reverse("workspace:home")).content.decode()
    assert reverse("workspace:plan_create") in html
    assert reverse("workspace:unit_list", args=[drammen.pk]) in html


def test_home_does_not_show_another_municipalitys_draft(client, other_coordinator, drammen_draft, gjovik_plan):
    client.force_login(other_coordinator)
    html = client.get(reverse("workspace:home")).content.decode()
    assert drammen_draft.title not in html
    assert reverse("workspace:plan_detail", args=[gjovik_plan.pk]) in html


def test_plan_page_shows_a_draft_to_a_member_without_edit_actions(client, viewer, drammen_draft):
    client.force_login(viewer)
    response = client.get(reverse("workspace:plan_detail", args=[drammen_draft.pk]))
    html = response.content.decode()
    assert "Hemmelig utkasttiltak" in html
    assert reverse("workspace:plan_edit", args=[drammen_draft.pk]) not in html
    assert reverse("workspace:measure_create", args=[drammen_draft.pk]) not in html


def test_plan_page_offers_edit_actions_to_a_coordinator(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    html = client.get(reverse("workspace:plan_detail", args=[drammen_plan.pk])).content.decode()
    assert reverse("workspace:plan_edit", args=[drammen_plan.pk]) in html
    assert reverse("workspace:plan_status", args=[drammen_plan.pk]) in html
    assert reverse("workspace:plan_history", args=[drammen_plan.pk]) in html


def test_plan_page_of_another_municipality_is_read_only(client, other_coordinator, drammen_plan):
    client.force_login(other_coordinator)
    html = client.get(reverse("workspace:plan_detail", args=[drammen_plan.pk])).content.decode()
    assert drammen_plan.title in html
    assert reverse("workspace:plan_edit", args=[drammen_plan.pk]) not in html
    assert reverse("workspace:plan_history", args=[drammen_plan.pk]) not in html


# --- Create ------------------------------------------------------------------------------------


def test_coordinator_creates_a_draft_plan_for_their_municipality(client, coordinator, drammen):
    client.force_login(coordinator)
    response = client.post(reverse("workspace:plan_create"), {**VALID_PLAN, "owner": drammen.pk})
    plan = Plan.objects.get(title=VALID_PLAN["title"])
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:plan_detail", args=[plan.pk])
    assert plan.status == PlanStatus.DRAFT
    assert list(plan.organisations.all()) == [drammen]
    assert (plan.period_start, plan.period_end) == (2028, 2031)
    assert plan.revision_due == datetime.date(2031, 12, 31)
    assert plan.history.latest().history_user == coordinator
    # Still a draft: not on the public site.
    assert client.get(reverse("public:plan_detail", args=[plan.pk])).status_code == 404


def test_new_plan_form_offers_only_organisations_the_user_edits(client, coordinator, drammen, gjovik):
    client.force_login(coordinator)
    form = client.get(reverse("workspace:plan_create")).context["form"]
    assert list(form.fields["owner"].queryset) == [drammen]


def test_superuser_may_create_a_national_plan_for_a_ministry(client, superuser):
    from planverk.organisations.models import Organisation

    client.force_login(superuser)
    hod = Organisation.objects.get(number="HOD")
    data = {**VALID_PLAN, "owner": hod.pk, "level": PlanLevel.NATIONAL, "title": "Ny nasjonal plan"}
    assert client.post(reverse("workspace:plan_create"), data).status_code == 302
    assert Plan.objects.get(title="Ny nasjonal plan").organisations.get() == hod


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Skriv inn tittelen på planen."),
        ({"title": "x" * 301}, "Tittelen kan ha høyst 300 tegn"),
        ({"level": "galaktisk"}, "Velg et av nivåene i listen."),
        ({"level": "national"}, "Bare departementer og direktorater kan eie en nasjonal plan."),
        ({"period_start": "2030", "period_end": "2026"}, "Sluttåret kan ikke være før startåret."),
        ({"period_start": "tjuetjueåtte"}, "Skriv året med fire sifre, for eksempel 2026."),
        ({"period_end": "20311"}, "Året må være 2100 eller tidligere."),
        ({"revision_due": "31.02.2031"}, "Skriv datoen som dd.mm.åååå"),
        ({"owner": ""}, "Velg hvilken organisasjon som eier planen."),
    ],
)
def test_new_plan_with_bad_input_is_refused_with_a_clear_message(client, coordinator, drammen, changes, message):
    client.force_login(coordinator)
    before = Plan.objects.count()
    response = client.post(reverse("workspace:plan_create"), {**VALID_PLAN, "owner": drammen.pk, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Plan.objects.count() == before


def test_coordinator_cannot_create_a_plan_for_another_municipality(client, coordinator, gjovik):
    client.force_login(coordinator)
    before = Plan.objects.count()
    response = client.post(reverse("workspace:plan_create"), {**VALID_PLAN, "owner": gjovik.pk})
    assert response.status_code == 400
    assert "Du kan bare opprette planer for organisasjoner der du er plankoordinator" in response.content.decode()
    assert Plan.objects.count() == before


# --- Edit --------------------------------------------------------------------------------------


def test_coordinator_edits_a_plan(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    url = reverse("workspace:plan_edit", args=[drammen_plan.pk])
    assert client.get(url).context["form"].initial["title"] == drammen_plan.title
    response = client.post(url, _plan_form(drammen_plan, title="Ny tittel", period_end="2028"))
    assert response.status_code == 302
    plan = Plan.objects.get(pk=drammen_plan.pk)
    assert (plan.title, plan.period_end, plan.version) == ("Ny tittel", 2028, drammen_plan.version + 1)
    assert plan.history.latest().history_user == coordinator


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "Skriv inn tittelen på planen."),
        ({"period_start": "2027", "period_end": "2024"}, "Sluttåret kan ikke være før startåret."),
        ({"version": ""}, "Skjemaet mangler versjonsnummer. Last inn siden på nytt."),
        ({"level": "national"}, "Bare departementer og direktorater kan eie en nasjonal plan."),
    ],
)
def test_plan_edit_with_bad_input_changes_nothing(client, coordinator, drammen_plan, changes, message):
    client.force_login(coordinator)
    response = client.post(reverse("workspace:plan_edit", args=[drammen_plan.pk]), _plan_form(drammen_plan, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    plan = Plan.objects.get(pk=drammen_plan.pk)
    assert (plan.title, plan.period_start, plan.version) == (drammen_plan.title, 2024, drammen_plan.version)


def test_second_save_of_the_same_plan_is_refused_and_the_first_kept(
    client, coordinator, second_coordinator, drammen_plan
):
    url = reverse("workspace:plan_edit", args=[drammen_plan.pk])
    opened = _plan_form(drammen_plan)  # both opened the form at the same version
    client.force_login(coordinator)
    assert client.post(url, {**opened, "title": "Charlies tittel"}).status_code == 302
    client.force_login(second_coordinator)
    response = client.post(url, {**opened, "title": "Fridas tittel"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Noen andre har lagret endringer mens du skrev" in html
    assert "charlie-koordinator" in html
    assert 'value="Fridas tittel"' in html  # what she wrote is still in the form
    assert f'href="{url}"' in html  # and she can load the latest version
    assert Plan.objects.get(pk=drammen_plan.pk).title == "Charlies tittel"


# --- Lifecycle ---------------------------------------------------------------------------------


def _transition(client, plan: Plan, **data: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("workspace:plan_status", args=[plan.pk]), data)


def test_draft_goes_on_hearing_and_becomes_public(client, coordinator, drammen_draft):
    client.force_login(coordinator)
    assert _transition(client, drammen_draft, to="hearing").status_code == 302
    plan = Plan.objects.get(pk=drammen_draft.pk)
    assert plan.status == PlanStatus.HEARING
    assert plan.history.latest().history_user == coordinator
    client.logout()
    assert client.get(reverse("public:plan_detail", args=[plan.pk])).status_code == 200


def test_status_form_offers_only_the_allowed_next_statuses(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    form = client.get(reverse("workspace:plan_status", args=[drammen_plan.pk])).context["form"]
    assert [value for value, _label in form.fields["to"].choices] == ["extended", "superseded", "archived"]


def test_adoption_records_organ_date_and_case_number(client, coordinator, drammen_draft):
    client.force_login(coordinator)
    response = _transition(
        client, drammen_draft, to="adopted", adopted_by="Bystyret", adopted_on="12.12.2025", case_number="24/25"
    )
    assert response.status_code == 302
    plan = Plan.objects.get(pk=drammen_draft.pk)
    assert (plan.status, plan.adopted_by, plan.adopted_on, plan.case_number) == (
        PlanStatus.ADOPTED,
        "Bystyret",
        datetime.date(2025, 12, 12),
        "24/25",
    )


def test_adoption_without_organ_and_date_is_refused(client, coordinator, drammen_draft):
    client.force_login(coordinator)
    response = _transition(client, drammen_draft, to="adopted", adopted_by="", adopted_on="", case_number="1/25")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv hvilket organ som vedtok planen." in html
    assert "Skriv inn datoen planen ble vedtatt." in html
    assert Plan.objects.get(pk=drammen_draft.pk).status == PlanStatus.DRAFT


def test_adoption_in_the_future_is_refused(client, coordinator, drammen_draft):
    client.force_login(coordinator)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = _transition(client, drammen_draft, to="adopted", adopted_by="Bystyret", adopted_on=tomorrow)
    assert response.status_code == 400
    assert "Vedtaksdatoen kan ikke være fram i tid." in response.content.decode()
    assert Plan.objects.get(pk=drammen_draft.pk).status == PlanStatus.DRAFT


def test_adopting_a_new_plan_supersedes_the_old_one(client, coordinator, drammen_plan, drammen_draft):
    client.force_login(coordinator)
    form = client.get(reverse("workspace:plan_status", args=[drammen_draft.pk])).context["form"]
    assert drammen_plan in form.fields["supersedes"].queryset
    response = _transition(
        client,
        drammen_draft,
        to="adopted",
        adopted_by="Bystyret",
        adopted_on="2025-06-19",
        supersedes=str(drammen_plan.pk),
    )
    assert response.status_code == 302
    new, old = Plan.objects.get(pk=drammen_draft.pk), Plan.objects.get(pk=drammen_plan.pk)
    assert new.supersedes == old
    assert old.status == PlanStatus.SUPERSEDED
    assert old.history.latest().history_user == coordinator


def test_a_plan_cannot_supersede_another_municipalitys_plan(client, coordinator, drammen_draft, gjovik_plan):
    client.force_login(coordinator)
    response = _transition(
        client, drammen_draft, to="adopted", adopted_by="Bystyret", adopted_on="2025-06-19", supersedes=gjovik_plan.pk
    )
    assert response.status_code == 400
    assert "Velg en vedtatt plan fra samme organisasjon." in response.content.decode()
    assert Plan.objects.get(pk=gjovik_plan.pk).status == PlanStatus.ADOPTED
    assert Plan.objects.get(pk=drammen_draft.pk).status == PlanStatus.DRAFT


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (PlanStatus.ADOPTED, PlanStatus.DRAFT),
        (PlanStatus.ADOPTED, PlanStatus.HEARING),
        (PlanStatus.DRAFT, PlanStatus.ARCHIVED),
        (PlanStatus.SUPERSEDED, PlanStatus.ADOPTED),
        (PlanStatus.ARCHIVED, PlanStatus.ADOPTED),
    ],
)
def test_transitions_outside_the_lifecycle_are_refused(client, coordinator, drammen, start, to):
    plan = PlanFactory(organisations=[drammen], status=start)
    client.force_login(coordinator)
    response = _transition(client, plan, to=to, adopted_by="Bystyret", adopted_on="2025-01-01")
    assert response.status_code == 400
    assert "Planen kan ikke få denne statusen fra den statusen den har nå." in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (PlanStatus.HEARING, PlanStatus.DRAFT),
        (PlanStatus.ADOPTED, PlanStatus.EXTENDED),
        (PlanStatus.ADOPTED, PlanStatus.SUPERSEDED),
        (PlanStatus.EXTENDED, PlanStatus.ARCHIVED),
        (PlanStatus.SUPERSEDED, PlanStatus.ARCHIVED),
    ],
)
def test_transitions_in_the_lifecycle_are_allowed(client, coordinator, drammen, start, to):
    plan = PlanFactory(organisations=[drammen], status=start)
    client.force_login(coordinator)
    assert _transition(client, plan, to=to).status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == to


def test_archived_plan_has_no_further_status(client, coordinator, drammen):
    plan = PlanFactory(organisations=[drammen], status=PlanStatus.ARCHIVED)
    client.force_login(coordinator)
    html = client.get(reverse("workspace:plan_status", args=[plan.pk])).content.decode()
    assert "kan ikke få ny status" in html


# --- History -----------------------------------------------------------------------------------


def test_history_shows_who_changed_what_and_when(client, coordinator, drammen_plan):
    client.force_login(coordinator)
    client.post(reverse("workspace:plan_edit", args=[drammen_plan.pk]), _plan_form(drammen_plan, title="Ny tittel"))
    measure = drammen_plan.measures.order_by("order").first()
    client.post(reverse("workspace:measure_delete", args=[measure.pk]))
    html = client.get(reverse("workspace:plan_history", args=[drammen_plan.pk])).content.decode()
    assert "charlie-koordinator" in html
    assert f"Tittel: «{drammen_plan.title}» → «Ny tittel»" in html
    assert "Slettet" in html and measure.title in html


def test_history_page_costs_the_same_queries_for_a_bigger_plan(client, coordinator, drammen_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    url = reverse("workspace:plan_history", args=[drammen_plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    measure = drammen_plan.measures.order_by("order").first()
    for n in range(5):
        client.post(
            reverse("workspace:objective_create", args=[measure.pk]), {"kind": "result", "text": f"Resultat {n}"}
        )
        client.post(reverse("workspace:goal_create", args=[drammen_plan.pk]), {"kind": "goal", "title": f"Mål {n}"})
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small)


def test_coordinator_of_another_municipality_gets_403_on_a_published_plan_and_404_on_a_draft(
    client, other_coordinator, drammen_plan, drammen_draft
):
    client.force_login(other_coordinator)
    published = client.post(reverse("workspace:plan_edit", args=[drammen_plan.pk]), _plan_form(drammen_plan, title="X"))
    draft = client.get(reverse("workspace:plan_edit", args=[drammen_draft.pk]))
    assert (published.status_code, draft.status_code) == (403, 404)
    assert drammen_draft.title not in draft.content.decode()
    assert Plan.objects.get(pk=drammen_plan.pk).title == drammen_plan.title


def test_home_costs_the_same_queries_however_many_plans(client, coordinator, drammen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    url = reverse("workspace:home")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        PlanFactory(organisations=[drammen], status=PlanStatus.DRAFT if n % 2 else PlanStatus.ADOPTED)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert html.count("Kan redigere") == Plan.objects.filter(organisations=drammen).count()
