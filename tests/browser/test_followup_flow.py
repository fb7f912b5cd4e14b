"""The reporting round end to end in Chromium: the coordinator opens a round, the measure owner reports on
"Mine tiltak", the coordinator approves, and the status is on the public plan page. axe-core checks every
follow-up page on the way, also the report form with errors."""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from planverk.accounts.models import Membership
from planverk.followup.models import Indicator, ReportState, StatusUpdate
from planverk.plans.models import Measure, Plan
from tests.browser.conftest import DESKTOP, PHONE, assert_no_axe_violations, log_in

pytestmark = pytest.mark.browser

NARRATIVE = "Opplæringen er i gang i alle skolene, og tre kurs er holdt."


def _named(action: str, title: str) -> re.Pattern[str]:
    # "Rapporter<span class=ds-sr-only>: title</span>": Chromium may put a space before the hidden part.
    return re.compile(rf"^{action}\s*:\s*{re.escape(title)}$")


@pytest.fixture
def other_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A second browser with its own cookies, for a second person."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
    yield context.new_page()
    context.close()


def test_owner_reports_the_coordinator_approves_and_the_status_is_public(page, other_page, demo_plans):  # type: ignore[no-untyped-def]
    plan = Plan.objects.get(fixture_key="gjovik-2025")
    unit = Membership.objects.get(user__username="tiltakseier.gjovik").units.get()
    measure: Measure = plan.measures.filter(responsibilities__unit=unit).order_by("order").first()
    indicator = Indicator.objects.filter(objective__measure=measure).order_by("objective__order", "pk").first()
    today = timezone.localdate()
    title = f"Status per {today:%d.%m.%Y}"

    # The coordinator opens a round from the plan in the workspace.
    coordinator = page
    log_in(coordinator, "koordinator.gjovik")
    coordinator.goto(reverse("workspace:plan_detail", args=[plan.pk]))
    coordinator.get_by_role("link", name="Oppfølging", exact=True).click()
    assert_no_axe_violations(coordinator)
    coordinator.get_by_role("link", name="Ny rapporteringsrunde").click()
    assert_no_axe_violations(coordinator)
    coordinator.get_by_label("Periode").fill(title)
    coordinator.get_by_label("Status per").fill(today.isoformat())
    coordinator.get_by_label("Frist for rapportering").fill((today + datetime.timedelta(days=14)).isoformat())
    coordinator.get_by_label("Melding til tiltakseierne").fill("Skriv kort hva som er gjort.")
    coordinator.get_by_role("button", name="Åpne runden").click()
    coordinator.wait_for_url("**/arbeidsflate/runder/*/")
    assert coordinator.get_by_role("heading", name=f"Rapporteringsrunde {title}").is_visible()
    assert_no_axe_violations(coordinator, (DESKTOP, PHONE))

    # The measure owner finds the measure on "Mine tiltak" and reports in a few clicks.
    owner = other_page
    log_in(owner, "tiltakseier.gjovik")
    owner.get_by_role("link", name="Mine tiltak").click()
    assert owner.get_by_text("Skriv kort hva som er gjort.").is_visible()
    assert_no_axe_violations(owner, (DESKTOP, PHONE))
    owner.get_by_role("link", name=_named("Rapporter", measure.title)).click()
    assert_no_axe_violations(owner)
    owner.get_by_label("Pågår").check()
    owner.get_by_role("button", name="Send til godkjenning").click()
    assert owner.get_by_text("Beskriv status, eller velg et tiltak med samme status.").first.is_visible()
    assert_no_axe_violations(owner)
    owner.get_by_label("Hva er gjort, og hva gjenstår?").fill(NARRATIVE)
    if indicator is not None:
        owner.get_by_label(indicator.name).fill("42")
    owner.get_by_role("button", name="Send til godkjenning").click()
    owner.wait_for_url("**/arbeidsflate/mine-tiltak/")
    assert owner.get_by_text("er sendt til godkjenning").is_visible()
    update = StatusUpdate.objects.get(measure=measure, round__title=title)
    assert (update.state, update.narrative) == (ReportState.SUBMITTED, NARRATIVE)

    # Nothing is public before the coordinator has approved it.
    public_url = reverse("public:plan_detail", args=[plan.pk])
    owner.goto(reverse("public:measure_detail", args=[plan.pk, measure.pk]))
    assert NARRATIVE not in owner.content()

    # The coordinator sees it waiting on "Mine tiltak" and approves it.
    coordinator.goto(reverse("workspace:home"))
    coordinator.get_by_role("link", name="Mine tiltak").click()
    assert_no_axe_violations(coordinator)
    coordinator.get_by_role("link", name=_named("Behandle", measure.title)).click()
    assert coordinator.get_by_text(NARRATIVE).is_visible()
    assert_no_axe_violations(coordinator)
    coordinator.get_by_role("button", name="Godkjenn").click()
    coordinator.wait_for_url("**/arbeidsflate/runder/*/")
    assert coordinator.get_by_text("er godkjent og vises nå offentlig").is_visible()
    update.refresh_from_db()
    assert update.state == ReportState.APPROVED

    # On the public plan page, the measure now shows its approved status.
    owner.goto(public_url)
    card = owner.locator("li.measure-card", has_text=measure.title)
    assert "Pågår" in card.inner_text()
    owner.goto(reverse("public:measure_detail", args=[plan.pk, measure.pk]))
    assert NARRATIVE in owner.content()


def test_the_other_follow_up_pages_have_no_axe_violations(page, demo_plans):  # type: ignore[no-untyped-def]
    plan = Plan.objects.get(fixture_key="gjovik-2025")
    measure = plan.measures.filter(objectives__isnull=False).order_by("order").first()
    assert measure is not None
    objective = measure.objectives.order_by("order", "pk").first()
    closed_round = plan.rounds.order_by("pk").first()
    log_in(page, "koordinator.gjovik")
    pages = [
        reverse("followup:measure_followup", args=[measure.pk]),
        reverse("followup:indicator_create", args=[objective.pk]),
        reverse("followup:evaluation_edit", args=[measure.pk]),
        reverse("followup:evaluation_summary", args=[plan.pk]),
        reverse("followup:my_measures"),
    ]
    if closed_round is not None:
        pages += [
            reverse("followup:round_detail", args=[closed_round.pk]),
            reverse("followup:round_close", args=[closed_round.pk]),
            reverse("followup:report", args=[closed_round.pk, measure.pk]),
        ]
    for url in pages:
        page.goto(url)
        assert page.title(), url
        assert_no_axe_violations(page)

    # The evaluation form with an error, then saved, then the summary on a phone.
    page.goto(reverse("followup:evaluation_edit", args=[measure.pk]))
    page.get_by_role("button", name="Lagre evalueringen").click()
    assert page.get_by_text("Velg hvor langt tiltaket er gjennomført.").first.is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Delvis gjennomført").check()
    page.get_by_label("Evalueringsnotat").fill("Halvparten av skolene har hatt kurs.")
    page.get_by_role("button", name="Lagre evalueringen").click()
    page.wait_for_url("**/evaluering/*")
    assert page.get_by_text("Halvparten av skolene har hatt kurs.").is_visible()
    assert_no_axe_violations(page, (DESKTOP, PHONE))
