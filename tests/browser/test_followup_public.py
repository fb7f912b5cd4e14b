"""axe-core finds no WCAG 2.1 A/AA violation on the public dashboard and the status report, on a desktop screen
and on a 320 px phone, where they must also reflow without sideways scrolling."""

import pytest
from django.urls import reverse

from planverk.followup.models import ReportingRound
from planverk.plans.models import Plan
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe_violations

pytestmark = pytest.mark.browser


def _dashboard() -> str:
    return reverse("followup_public:dashboard", args=[Plan.objects.get(fixture_key="national-2020").pk])


def _report() -> str:
    reporting_round = ReportingRound.objects.get(plan__fixture_key="national-2020")
    return reverse("followup_public:report", args=[reporting_round.plan_id, reporting_round.pk])


PAGES = {"dashboard": _dashboard, "report": _report}


@pytest.mark.parametrize("name", PAGES)
def test_followup_page_has_no_axe_violations_on_desktop_or_phone(page, demo_plans, name):
    page.goto(PAGES[name]())
    assert page.get_by_role("heading", level=1).is_visible()
    report = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            report.append(f"at {viewport['width']} px:\n{describe_violations(violations)}")
    assert not report, f"axe on {page.url}\n" + "\n".join(report)


@pytest.mark.parametrize("name", PAGES)
def test_followup_page_reflows_at_320_px_without_sideways_scrolling(page, demo_plans, name):
    page.set_viewport_size(PHONE)
    page.goto(PAGES[name]())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than a 320 px screen"


def test_dashboard_charts_are_images_with_a_name(page, demo_plans):
    page.goto(_dashboard())
    charts = page.get_by_role("img")
    assert charts.count() == 3
    assert charts.first.get_attribute("aria-labelledby")
    assert page.get_by_role("img", name="Antall tiltak per status").is_visible()
