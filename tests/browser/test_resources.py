"""The resource bank in Chromium: no WCAG 2.1 A/AA violation (axe) on the public bank (desktop and a 320 px phone,
with results, on a second page, and empty), on the workspace list with a broken link marked, and on a form showing
errors and safe-messaging findings. The search works with the keyboard and without JavaScript."""

from typing import Any

import pytest
from django.urls import reverse

from tests.browser.conftest import DESKTOP, PHONE, assert_no_axe_violations, log_in

pytestmark = pytest.mark.browser


def _drammen() -> Any:
    from planverk.organisations.models import Organisation

    return Organisation.objects.get(number="3301")


PUBLIC_PAGES = {
    "bank": lambda: reverse("resources:index"),
    "drammen_employees": lambda: reverse("resources:index") + "?kommune=drammen&malgruppe=employees",
    "page_2": lambda: reverse("resources:index") + "?side=2",
    "empty": lambda: reverse("resources:index") + "?q=zzzfinnesikke",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_the_resource_bank_has_no_axe_violations(page, demo_plans, name):
    page.goto(PUBLIC_PAGES[name]())
    assert page.get_by_role("heading", level=1, name="Ressursbank").is_visible()
    assert_no_axe_violations(page, (DESKTOP, PHONE))


def test_the_resource_bank_reflows_at_320_px(page, demo_plans):
    page.set_viewport_size(PHONE)
    page.goto(PUBLIC_PAGES["bank"]())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than a 320 px screen"


def test_searching_with_the_keyboard_and_without_javascript(browser, live_server, demo_plans):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.goto(reverse("resources:index"))
    page.get_by_label("Søk", exact=True).fill("etterlatte")
    page.get_by_label("For", exact=True).select_option("bereaved")
    page.get_by_label("Søk", exact=True).press("Enter")
    page.wait_for_url("**/ressurser/?q=etterlatte*")
    assert page.get_by_role("link", name="LEVE – Landsforeningen for etterlatte ved selvmord").is_visible()
    assert "malgruppe=bereaved" in page.url
    context.close()


def test_the_workspace_list_with_a_broken_link_has_no_axe_violations(page, demo_plans):
    from django.utils import timezone

    from planverk.resources.models import LinkStatus, Resource

    Resource.objects.filter(organisation=_drammen()).update(
        link_status=LinkStatus.BROKEN, link_error="HTTP 404 Not Found", link_checked_at=timezone.now()
    )
    log_in(page, "koordinator.drammen")
    page.goto(reverse("resources_workspace:resource_list", args=[_drammen().pk]))
    assert page.get_by_text("Virker ikke", exact=True).first.is_visible()
    assert_no_axe_violations(page, (DESKTOP, PHONE))


def test_the_workspace_index_and_a_form_with_errors_and_findings_have_no_axe_violations(page, demo_plans):
    log_in(page, "koordinator.drammen")
    page.goto(reverse("resources_workspace:index"))
    assert_no_axe_violations(page)
    page.goto(reverse("resources_workspace:resource_create", args=[_drammen().pk]))
    assert_no_axe_violations(page)
    page.get_by_label("Tittel").fill("Om selvmordsbølgen")
    page.get_by_label("Utgiver").fill("Kommunen")
    page.get_by_label("Nettadresse").fill("ftp://example.no")
    page.get_by_role("button", name="Legg til ressursen").click()
    assert page.get_by_text("Adressen må begynne med http:// eller https://.").first.is_visible()
    page.get_by_label("Nettadresse").fill("https://www.example.no/")
    page.get_by_label("Innbyggere").check()
    page.get_by_role("button", name="Legg til ressursen").click()
    assert page.get_by_role("heading", name="Trygg omtale av selvmord").is_visible()
    assert_no_axe_violations(page)
