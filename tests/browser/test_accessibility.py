"""Acceptance of issue 2: axe-core finds no WCAG 2.1 A/AA violation on the public pages, on a
desktop screen and on a 320 px phone, where the page must also reflow without sideways scrolling."""

import pytest

from planverk.followup.management.commands.load_demo_data import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE, PUBLIC_PAGES, axe_violations, describe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations_on_desktop_or_phone(page, demo_plans, name):
    page.goto(PUBLIC_PAGES[name]())
    report = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            report.append(f"at {viewport['width']} px:\n{describe_violations(violations)}")
    assert not report, f"axe on {page.url}\n" + "\n".join(report)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_reflows_at_320_px_without_sideways_scrolling(page, demo_plans, name):
    # WCAG 1.4.10 (reflow), which axe does not check: nothing wider than a 320 px screen.
    page.set_viewport_size(PHONE)
    page.goto(PUBLIC_PAGES[name]())
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
            .slice(0, 5)"""
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than a 320 px screen: {too_wide}"


def test_signed_in_header_has_no_axe_violations(page, demo_plans):
    # The header changes after login (workspace link, a log-out button); check it on a public page.
    page.goto(PUBLIC_PAGES["login"]())
    page.get_by_label("Brukernavn").fill("koordinator.drammen")
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.goto(PUBLIC_PAGES["plan_list"]())
    assert page.get_by_role("button", name="Logg ut").is_visible()
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}\n{describe_violations(violations)}"
