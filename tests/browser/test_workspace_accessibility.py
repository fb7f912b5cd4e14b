"""axe-core finds no WCAG 2.1 A/AA violation on the workspace pages, also with a form full of errors.

Runs in headless Chromium against the live server with the fixtures of tests/browser/conftest.py.
"""

from collections.abc import Callable

import pytest
from django.urls import reverse

from planverk.organisations.models import Organisation
from planverk.plans.models import Measure, Plan
from tests.browser.conftest import DESKTOP, PHONE, assert_no_axe_violations, log_in

pytestmark = pytest.mark.browser


def _plan(key: str) -> Plan:
    return Plan.objects.get(fixture_key=key)


def _gjovik_measure() -> Measure:
    measure = Measure.objects.filter(plan__fixture_key="gjovik-2025", responsibilities__isnull=False).first()
    assert measure is not None
    return measure


PAGES: dict[str, Callable[[], str]] = {
    "home": lambda: reverse("workspace:home"),
    "plan_detail": lambda: reverse("workspace:plan_detail", args=[_plan("gjovik-2025").pk]),
    "plan_create": lambda: reverse("workspace:plan_create"),
    "plan_edit": lambda: reverse("workspace:plan_edit", args=[_plan("gjovik-2025").pk]),
    "plan_status": lambda: reverse("workspace:plan_status", args=[_plan("gjovik-2025").pk]),
    "plan_history": lambda: reverse("workspace:plan_history", args=[_plan("gjovik-2025").pk]),
    "goal_create": lambda: reverse("workspace:goal_create", args=[_plan("gjovik-2025").pk]),
    "measure_create": lambda: reverse("workspace:measure_create", args=[_plan("gjovik-2025").pk]),
    "measure_edit": lambda: reverse("workspace:measure_edit", args=[_gjovik_measure().pk]),
    "measure_delete": lambda: reverse("workspace:measure_delete", args=[_gjovik_measure().pk]),
    "objective_create": lambda: reverse("workspace:objective_create", args=[_gjovik_measure().pk]),
    "units": lambda: reverse("workspace:unit_list", args=[Organisation.objects.get(number="3407").pk]),
}


def test_workspace_pages_have_no_axe_violations(page, demo_plans):  # type: ignore[no-untyped-def]
    log_in(page, "koordinator.gjovik")
    for name, url in PAGES.items():
        page.goto(url())
        assert page.title(), name
        assert_no_axe_violations(page, (DESKTOP, PHONE) if name in {"plan_detail", "measure_edit"} else (DESKTOP,))


def test_forms_with_errors_have_no_axe_violations(page, demo_plans):  # type: ignore[no-untyped-def]
    log_in(page, "koordinator.gjovik")
    page.goto(PAGES["plan_create"]())
    page.get_by_label("Gjelder fra år").fill("2030")
    page.get_by_label("Gjelder til år").fill("2020")
    page.get_by_role("button", name="Opprett plan").click()
    assert page.get_by_text("Sluttåret kan ikke være før startåret.").first.is_visible()
    assert_no_axe_violations(page)

    page.goto(PAGES["measure_edit"]())
    page.get_by_label("Tittel").fill("")
    page.get_by_role("button", name="Lagre tiltak").click()
    assert page.get_by_text("Skriv inn tittelen på tiltaket.").first.is_visible()
    assert_no_axe_violations(page)


def test_national_plan_page_in_the_workspace_has_no_axe_violations(page, demo_plans):  # type: ignore[no-untyped-def]
    log_in(page, "koordinator.hod")
    page.goto(reverse("workspace:plan_detail", args=[_plan("national-2020").pk]))
    assert_no_axe_violations(page)
