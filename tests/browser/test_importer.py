"""The plan importer end to end in Chromium: a coordinator uploads Gjøvik's plan, the background thread reads it
while the progress page refreshes itself (no JavaScript of ours), the coordinator corrects the proposal on the
review screen and creates the draft, and finds it in the workspace. axe-core checks the upload and review pages."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from planverk.importer.models import ImportState, PlanImport
from planverk.importer.proposal import Proposal
from planverk.plans.models import Plan, PlanStatus
from tests.browser.conftest import DESKTOP, PHONE, assert_no_axe_violations, log_in

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_be5f89339faa531a.txt"
PLAN_TITLE = "Handlingsplan for forebygging av selvmord i Gjøvik (importert)"
MEASURE_TITLE = "Opplæring av ansatte i selvmordsforebygging"


@pytest.fixture
def read_in_background(settings: Any) -> None:
    # The live server is a real server: the upload is read in a thread, as in production, while the progress page
    # refreshes itself. Not on the in-memory SQLite test database: its shared cache refuses a write at once
    # ("database table is locked") while the server thread reads, where a file database would wait.
    settings.IMPORT_IN_BACKGROUND = connection.vendor != "sqlite"


def _reflows_on_a_phone(page: Any) -> None:
    # WCAG 1.4.10, which axe does not check: nothing wider than a 320 px screen.
    page.set_viewport_size(PHONE)
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
            .slice(0, 5)"""
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.set_viewport_size(DESKTOP)
    assert overflow <= 0, f"{page.url} is {overflow} px wider than a 320 px screen: {too_wide}"


def test_a_coordinator_imports_a_plan_corrects_it_and_finds_the_draft(page, demo_plans, read_in_background):  # type: ignore[no-untyped-def]
    log_in(page, "koordinator.gjovik")
    page.get_by_role("link", name="Importer en plan").click()
    page.wait_for_url("**/arbeidsflate/import/")
    assert_no_axe_violations(page, (DESKTOP, PHONE))
    _reflows_on_a_phone(page)

    page.get_by_label("Fil med planen").set_input_files(str(SEED))
    page.get_by_role("button", name="Les planen").click()
    # The progress page refreshes itself every other second until the proposal is ready.
    page.get_by_role("heading", name="Gjennomgå forslaget").wait_for(timeout=60_000)
    plan_import = PlanImport.objects.get()
    assert plan_import.state == ImportState.REVIEW
    proposal = Proposal.from_json(plan_import.proposal)
    assert page.locator(".review-measure").count() == len(proposal.measures) == 7
    assert_no_axe_violations(page, (DESKTOP, PHONE))
    _reflows_on_a_phone(page)

    # "Vis i kilden" takes the reader to the measure's first line in the source.
    first = proposal.measures[0]
    measure = page.locator(f"#m-{first.key}")
    measure.get_by_role("link", name=re.compile(r"^Vis i kilden")).click()
    assert page.url.endswith(f"#kilde-{first.source_line}")
    assert page.locator(f"#kilde-{first.source_line}").is_visible()

    page.get_by_label("Tittel", exact=True).first.fill(PLAN_TITLE)
    measure.get_by_label("Tittel", exact=True).fill(MEASURE_TITLE)
    page.get_by_role("button", name="Opprett utkast").first.click()
    page.wait_for_url("**/arbeidsflate/planer/*/")
    assert page.get_by_text(f"Utkastet er opprettet fra {SEED.name}.").is_visible()

    # The draft is among the plans in the workspace, with the corrected measure.
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Arbeidsflate").click()
    page.get_by_role("link", name=PLAN_TITLE).click()
    assert page.get_by_role("heading", name=re.compile(re.escape(MEASURE_TITLE))).is_visible()
    plan = Plan.objects.get(title=PLAN_TITLE)
    assert plan.status == PlanStatus.DRAFT
    assert plan.measures.count() == 7
    assert plan.measures.filter(title=MEASURE_TITLE).exists()


def test_the_review_screen_keeps_edits_through_its_buttons_and_errors(page, demo_plans, settings):  # type: ignore[no-untyped-def]
    settings.IMPORT_IN_BACKGROUND = False
    log_in(page, "koordinator.gjovik")
    page.goto(reverse("importer:upload"))
    page.get_by_label("Eller lim inn teksten fra planen").fill(SEED.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Les planen").click()
    page.get_by_role("heading", name="Gjennomgå forslaget").wait_for()
    first = Proposal.from_json(PlanImport.objects.get().proposal).measures[0]
    measure = page.locator(f"#m-{first.key}")

    # An impossible deadline: the error is next to the field and in the summary, and nothing is lost.
    measure.get_by_label("Hvorfor").fill("Fordi mange ansatte ikke har kurs.")
    measure.get_by_label("Startår").fill("2026")
    measure.get_by_label("Frist (år)").fill("2024")
    page.get_by_role("button", name="Lagre endringer").first.click()
    assert page.get_by_text("Forslaget har feil som må rettes").is_visible()
    assert measure.get_by_text("Fristen kan ikke være før startåret.").is_visible()
    assert measure.get_by_label("Hvorfor").input_value() == "Fordi mange ansatte ikke har kurs."
    assert_no_axe_violations(page)

    # Fixed, then split in two at a line of dashes: the typed text is kept and a second measure follows.
    measure.get_by_label("Frist (år)").fill("2027")
    measure.get_by_label("Hva").fill("Kurs for ansatte.\n---\nKurs for foreldre.")
    measure.get_by_role("button", name=re.compile(r"^Del i to")).click()
    assert page.get_by_text("Tiltaket er delt i to.").is_visible()
    assert page.get_by_role("heading", name=re.compile(r"\(Del 2\)")).is_visible()
    saved = Proposal.from_json(PlanImport.objects.get().proposal).measures
    assert (saved[0].why, saved[0].due_year, saved[0].what) == (
        "Fordi mange ansatte ikke har kurs.",
        2027,
        "Kurs for ansatte.",
    )
    assert saved[1].what == "Kurs for foreldre."
