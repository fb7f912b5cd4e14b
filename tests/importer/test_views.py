"""The importer in the workspace: upload, progress, the review screen and saving the draft plan.

Imports are read within the request here (IMPORT_IN_BACKGROUND off); the browser test runs the background thread.
"""

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import BooleanField
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planverk.importer.models import ImportState, PlanImport
from planverk.importer.proposal import Proposal, ProposedGoal, ProposedMeasure, ProposedResponsible
from planverk.organisations.models import Organisation
from planverk.plans.models import Goal, Measure, Plan, PlanStatus

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
GJOVIK_SEED = SEEDS / "000_be5f89339faa531a.txt"


@pytest.fixture(autouse=True)
def _read_within_the_request(settings):  # type: ignore[no-untyped-def]
    settings.IMPORT_IN_BACKGROUND = False


def make_import(organisation: Organisation, measures: int = 2, **fields: Any) -> PlanImport:
    """An import waiting for review, with a proposal of two goals and this many measures."""
    lines = [f"Linje {n} i planen" for n in range(1, 10 * measures + 20)]
    proposal = Proposal(
        title="Handlingsplan for forebygging av selvmord 2025–2028",
        period_start=2025,
        period_end=2028,
        uncertain=["period"],
        goals=[
            ProposedGoal(key="g1", number="1", title="Kompetanse"),
            ProposedGoal(key="g2", number="2", title="Hjelp"),
        ],
        measures=[
            ProposedMeasure(
                key=f"m{n}",
                goal_key="g1" if n % 2 else "g2",
                number=str(n),
                title=f"Tiltak nummer {n}",
                what=f"Hva tiltak {n} går ut på.\n\nMer om tiltak {n}.",
                timeframe="2025–2026",
                start_year=2025,
                due_year=2026,
                responsible=[ProposedResponsible(name="Frivilligsentralen", role="collaborator")],
                uncertain=["responsible"] if n == 1 else [],
                source_line=10 * n,
                source_end=10 * n + 9,
            )
            for n in range(1, measures + 1)
        ],
    )
    return PlanImport.objects.create(
        organisation=organisation,
        source_name=fields.pop("source_name", "plan.txt"),
        source_kind="text",
        state=fields.pop("state", ImportState.REVIEW),
        text="\n".join(lines),
        proposal=proposal.to_json(),
        **fields,
    )


def form_data(response: Any, action: str = "save") -> dict[str, str]:
    """What the browser posts from the review page as it is shown."""
    data = {"revision": response.context["revision"], "action": action}
    for form in response.context["forms"].forms():
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            if isinstance(field, BooleanField):
                if value:
                    data[bound.html_name] = "on"
            else:
                data[bound.html_name] = "" if value is None else str(value)
    return data


def _counts() -> tuple[int, int, int]:
    return Plan.objects.count(), Goal.objects.count(), Measure.objects.count()


def _detail(plan_import: PlanImport) -> str:
    return reverse("importer:detail", args=[plan_import.pk])


# --- the whole way ----------------------------------------------------------------------------


def test_a_coordinator_uploads_a_plan_corrects_it_and_gets_a_draft_plan(client, other_coordinator, gjovik):
    client.force_login(other_coordinator)
    page = client.get(reverse("importer:upload"))
    assert page.status_code == 200
    assert page.context["form"]["organisation"].value() == gjovik.pk  # the only one they edit: chosen already

    with GJOVIK_SEED.open("rb") as seed:
        response = client.post(reverse("importer:upload"), {"organisation": gjovik.pk, "file": seed})
    plan_import = PlanImport.objects.get(organisation=gjovik)
    assert response.status_code == 302
    assert response["Location"] == _detail(plan_import)
    assert plan_import.state == ImportState.REVIEW
    assert plan_import.source_name == GJOVIK_SEED.name
    assert plan_import.data is None  # the upload is not kept once read

    review = client.get(_detail(plan_import))
    assert review.status_code == 200
    html = review.content.decode()
    assert html.count('class="review-measure ds-card') == 7
    assert html.count('<li id="kilde-') == len(plan_import.text.split("\n"))
    first = Proposal.from_json(plan_import.proposal).measures[0]
    assert f'href="#kilde-{first.source_line}"' in html

    data = form_data(review, action="create")
    data[f"m-{first.key}-title"] = "Opplæring av alle ansatte i selvmordsforebygging"
    data["plan-title"] = "Handlingsplan for forebygging av selvmord, Gjøvik"
    response = client.post(_detail(plan_import), data)

    plan = Plan.objects.get(title="Handlingsplan for forebygging av selvmord, Gjøvik")
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:plan_detail", args=[plan.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Utkastet er opprettet fra {GJOVIK_SEED.name}. Gå gjennom og send det videre når det er klart."
    ]
    assert plan.status == PlanStatus.DRAFT
    assert list(plan.organisations.all()) == [gjovik]
    assert plan.measures.count() == 7
    assert plan.measures.filter(title="Opplæring av alle ansatte i selvmordsforebygging").exists()
    plan_import.refresh_from_db()
    assert (plan_import.state, plan_import.plan) == (ImportState.SAVED, plan)

    # The draft is in the workspace, and the import now points to it.
    assert client.get(reverse("workspace:plan_detail", args=[plan.pk])).status_code == 200
    saved = client.get(_detail(plan_import))
    assert reverse("workspace:plan_detail", args=[plan.pk]) in saved.content.decode()


def test_pasted_text_is_read_like_a_file(client, other_coordinator, gjovik):
    client.force_login(other_coordinator)
    text = GJOVIK_SEED.read_text(encoding="utf-8")
    response = client.post(reverse("importer:upload"), {"organisation": gjovik.pk, "text": text})
    plan_import = PlanImport.objects.get(organisation=gjovik)
    assert response.status_code == 302
    assert plan_import.source_name == "Innlimt tekst"
    assert len(Proposal.from_json(plan_import.proposal).measures) == 7


def test_the_upload_page_lists_recent_imports_of_the_users_organisations(client, coordinator, drammen, gjovik):
    make_import(drammen, source_name="drammen-plan.pdf")
    make_import(gjovik, source_name="gjovik-plan.pdf")
    client.force_login(coordinator)
    html = client.get(reverse("importer:upload")).content.decode()
    assert "drammen-plan.pdf" in html
    assert "gjovik-plan.pdf" not in html
    assert "Til gjennomgang" in html


# --- bad uploads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen er tom."),
        (b"   \n\n  ", "Filen er tom."),
        (b"x" * 2000, "Filen er for stor (2,0\xa0KB). Største tillatte størrelse er 1000\xa0byte."),
    ],
)
def test_an_empty_or_too_big_file_is_refused_on_the_form(client, other_coordinator, gjovik, settings, content, message):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(other_coordinator)
    before = _counts()
    response = client.post(
        reverse("importer:upload"), {"organisation": gjovik.pk, "file": SimpleUploadedFile("plan.txt", content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlanImport.objects.exists()
    assert _counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 40, "Filen ser ikke ut til å være tekst"),
        ("Referat fra møtet i kommunestyret.\n\nVi snakket om været.\n".encode(), "Fant ingen tiltak i dokumentet."),
    ],
)
def test_a_file_that_is_not_a_plan_ends_in_a_clear_error(client, other_coordinator, gjovik, content, message):
    client.force_login(other_coordinator)
    before = _counts()
    response = client.post(
        reverse("importer:upload"),
        {"organisation": gjovik.pk, "file": SimpleUploadedFile("plan.pdf", content)},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert reverse("importer:upload") in html  # a way back to try another file
    assert PlanImport.objects.get().state == ImportState.FAILED
    assert _counts() == before


def test_a_file_and_pasted_text_together_are_refused(client, other_coordinator, gjovik):
    client.force_login(other_coordinator)
    response = client.post(
        reverse("importer:upload"),
        {"organisation": gjovik.pk, "file": SimpleUploadedFile("plan.txt", b"Tiltak 1"), "text": "Tiltak 2"},
    )
    assert response.status_code == 400
    assert "Last opp en fil eller lim inn tekst, ikke begge deler." in response.content.decode()
    assert not PlanImport.objects.exists()


def test_a_coordinator_cannot_import_for_another_organisation(client, coordinator, gjovik):
    client.force_login(coordinator)
    response = client.post(reverse("importer:upload"), {"organisation": gjovik.pk, "text": "Tiltak 1. Kurs"})
    assert response.status_code == 400
    assert "Du kan bare importere planer for organisasjoner der du er plankoordinator." in response.content.decode()
    assert not PlanImport.objects.exists()


# --- who may see an import --------------------------------------------------------------------


def test_another_municipalitys_coordinator_does_not_learn_the_import_exists(client, coordinator, gjovik):
    plan_import = make_import(gjovik)
    client.force_login(coordinator)
    assert client.get(_detail(plan_import)).status_code == 404
    response = client.post(_detail(plan_import), {"action": "remove:m1", "revision": "x"})
    assert response.status_code == 404
    assert len(Proposal.from_json(PlanImport.objects.get().proposal).measures) == 2


def test_a_reader_of_the_same_municipality_is_refused(client, viewer, owner, drammen):
    plan_import = make_import(drammen)
    for user in (viewer, owner):
        client.force_login(user)
        assert client.get(_detail(plan_import)).status_code == 403
        assert client.get(reverse("importer:upload")).status_code == 403


def test_uploading_and_reviewing_require_the_csrf_token(coordinator, drammen):
    plan_import = make_import(drammen)
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(reverse("importer:upload"), {"organisation": drammen.pk, "text": "Tiltak 1. Kurs"})
    assert response.status_code == 403
    response = client.post(_detail(plan_import), {"action": "remove:m1"})
    assert response.status_code == 403
    assert PlanImport.objects.get() == plan_import
    assert len(Proposal.from_json(PlanImport.objects.get().proposal).measures) == 2


# --- progress ---------------------------------------------------------------------------------


def test_a_running_import_shows_its_progress_and_refreshes_itself(client, coordinator, drammen):
    plan_import = make_import(
        drammen, state=ImportState.PROCESSING, progress_step="extract", progress_done=3, progress_total=40
    )
    client.force_login(coordinator)
    html = client.get(_detail(plan_import)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Leser dokumentet … side 3 av 40" in html
    assert re.search(r'<progress id="fremdrift" max="100" value="\d+">', html)
    quiet = client.get(_detail(plan_import) + "?oppdater=nei").content.decode()
    assert 'http-equiv="refresh"' not in quiet


def test_an_import_still_running_after_ten_minutes_is_shown_as_failed(client, coordinator, drammen):
    plan_import = make_import(drammen, state=ImportState.PROCESSING, progress_step="detect")
    PlanImport.objects.filter(pk=plan_import.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    client.force_login(coordinator)
    html = client.get(_detail(plan_import)).content.decode()
    assert "stoppet opp" in html
    assert 'http-equiv="refresh"' not in html


# --- the review screen ------------------------------------------------------------------------


def test_uncertain_fields_are_marked_in_words_and_described(client, coordinator, drammen):
    plan_import = make_import(drammen)
    client.force_login(coordinator)
    html = client.get(_detail(plan_import)).content.decode()
    assert html.count("Usikker – sjekk mot kilden") >= 3  # plan period (two fields) and measure 1's responsibility
    assert 'aria-describedby="id_plan-period_start_usikker"' in html
    assert 'id="id_plan-period_start_usikker"' in html
    assert 'aria-describedby="m-m1-ansvar_usikker"' in html
    assert "Ny enhet" in html


def test_saving_keeps_edits_and_invalid_input_changes_nothing(client, coordinator, drammen):
    plan_import = make_import(drammen)
    client.force_login(coordinator)
    data = form_data(client.get(_detail(plan_import)))
    before = PlanImport.objects.get().proposal

    bad = data | {"m-m1-title": "Nytt navn", "m-m1-due_year": "2024", "m-m2-start_year": "19"}
    response = client.post(_detail(plan_import), bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Fristen kan ikke være før startåret." in html
    assert "Året må være 1900 eller senere." in html
    assert 'value="Nytt navn"' in html  # what the user typed is still there
    assert PlanImport.objects.get().proposal == before

    response = client.post(_detail(plan_import), data | {"m-m1-title": "Nytt navn"})
    assert response.status_code == 302
    assert Proposal.from_json(PlanImport.objects.get().proposal).measures[0].title == "Nytt navn"


@pytest.mark.parametrize(
    ("action", "titles", "anchor"),
    [
        ("merge:m1", ["Tiltak nummer 1", "Tiltak nummer 2"], "#m-m1"),
        ("split:m1", ["Tiltak nummer 1", "(Del 2) Tiltak nummer 1", "Tiltak nummer 3", "Tiltak nummer 2"], "#m-m6"),
        ("remove:m1", ["Tiltak nummer 3", "Tiltak nummer 2"], "#forslag"),
        ("add:m1", ["Tiltak nummer 1", "Nytt tiltak", "Tiltak nummer 3", "Tiltak nummer 2"], "#m-m6"),
    ],
)
def test_each_measure_button_saves_the_form_then_does_its_step(client, coordinator, drammen, action, titles, anchor):
    plan_import = make_import(drammen, measures=3)  # measures 1 and 3 under goal 1, measure 2 under goal 2
    client.force_login(coordinator)
    data = form_data(client.get(_detail(plan_import)), action=action)
    data["m-m3-why"] = "Skrevet før knappen ble trykket"
    response = client.post(_detail(plan_import), data)
    assert response.status_code == 302
    assert response["Location"] == _detail(plan_import) + anchor
    proposal = Proposal.from_json(PlanImport.objects.get().proposal)
    assert [m.title for m in proposal.measures] == titles
    assert "Skrevet før knappen ble trykket" in "".join(m.why for m in proposal.measures)
    if action == "merge:m1":
        assert "Tiltak nummer 3" in proposal.measures[0].what


def test_a_step_that_cannot_be_done_keeps_the_edits_and_says_why(client, coordinator, drammen):
    plan_import = make_import(drammen, measures=2)
    client.force_login(coordinator)
    data = form_data(client.get(_detail(plan_import)), action="split:m1")
    data["m-m1-what"] = "Bare ett avsnitt."
    response = client.post(_detail(plan_import), data)
    assert response.status_code == 400
    assert "Fant ikke noe sted å dele tiltaket" in response.content.decode()
    assert Proposal.from_json(PlanImport.objects.get().proposal).measures[0].what == "Bare ett avsnitt."


def test_creating_a_draft_without_measures_is_refused_with_the_reason_and_nothing_saved(client, coordinator, drammen):
    plan_import = make_import(drammen, measures=1)
    client.force_login(coordinator)
    client.post(_detail(plan_import), form_data(client.get(_detail(plan_import)), action="remove:m1"))
    before = _counts()
    data = form_data(client.get(_detail(plan_import)), action="create")
    response = client.post(_detail(plan_import), data | {"plan-title": "Ny tittel"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Planen har ingen tiltak. Legg til minst ett tiltak før du lagrer." in html
    assert 'value="Ny tittel"' in html
    assert _counts() == before
    assert PlanImport.objects.get().state == ImportState.REVIEW


def test_a_form_opened_before_someone_else_saved_is_not_saved_over_their_work(client, coordinator, drammen):
    plan_import = make_import(drammen)
    client.force_login(coordinator)
    stale = form_data(client.get(_detail(plan_import)))
    client.post(_detail(plan_import), stale | {"m-m1-title": "Kollegaens tittel"})
    response = client.post(_detail(plan_import), stale | {"m-m1-title": "Min tittel"})
    assert response.status_code == 409
    assert "endret et annet sted" in response.content.decode()
    assert Proposal.from_json(PlanImport.objects.get().proposal).measures[0].title == "Kollegaens tittel"


def test_a_saved_import_cannot_be_saved_twice(client, coordinator, drammen):
    plan_import = make_import(drammen)
    client.force_login(coordinator)
    data = form_data(client.get(_detail(plan_import)), action="create")
    client.post(_detail(plan_import), data)
    response = client.post(_detail(plan_import), data)
    assert response.status_code == 302
    assert response["Location"] == _detail(plan_import)
    assert Plan.objects.filter(title=data["plan-title"]).count() == 1


def test_discarding_asks_first_and_then_keeps_nothing(client, coordinator, drammen):
    plan_import = make_import(drammen)
    client.force_login(coordinator)
    url = reverse("importer:discard", args=[plan_import.pk])
    assert "Ja, forkast" in client.get(url).content.decode()
    before = _counts()
    response = client.post(url)
    assert response.status_code == 302
    assert PlanImport.objects.get().state == ImportState.DISCARDED
    assert _counts() == before
    assert "forkastet" in client.get(_detail(plan_import)).content.decode()


def test_the_review_page_makes_as_many_queries_for_61_measures_as_for_2(
    client, coordinator, drammen, django_assert_num_queries
):
    small, large = make_import(drammen, measures=2), make_import(drammen, measures=61)
    client.force_login(coordinator)
    client.get(_detail(small))
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(_detail(small)).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        response = client.get(_detail(large))
    assert response.content.decode().count('class="review-measure ds-card') == 61


def test_the_review_of_a_plan_as_big_as_the_national_one_can_be_saved(client, coordinator, drammen):
    plan_import = make_import(drammen, measures=61)
    client.force_login(coordinator)
    data = form_data(client.get(_detail(plan_import)), action="create")
    assert len(data) > 1000  # more fields than Django accepts by default
    response = client.post(_detail(plan_import), data)
    assert response.status_code == 302
    plan_import.refresh_from_db()
    assert plan_import.plan is not None
    assert plan_import.plan.measures.count() == 61
