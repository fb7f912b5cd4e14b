"""Action guides in Chromium: no WCAG 2.1 A/AA violation (axe) on the public guide, its print version and the list,
on a desktop and a 320 px phone, nor on the workspace's guide and step pages, also with safe-messaging findings."""

import pytest
from django.urls import reverse

from tests.browser.conftest import DESKTOP, PHONE, assert_no_axe_violations, log_in

pytestmark = pytest.mark.browser

DEMO_KEY = "demo-3301-selvmordsfare"


def _guide_id() -> int:
    from planverk.guides.models import Guide

    return Guide.objects.get(key=DEMO_KEY).pk


PUBLIC_PAGES = {
    "guide": lambda: reverse("guides:detail", args=[_guide_id()]),
    "print": lambda: reverse("guides:print", args=[_guide_id()]),
    "list": lambda: reverse("guides:list"),
}
WORKSPACE_PAGES = {
    "guide_edit": lambda: reverse("guides_workspace:guide_edit", args=[_guide_id()]),
    "guide_detail": lambda: reverse("guides_workspace:guide_detail", args=[_guide_id()]),
    "step_create": lambda: reverse("guides_workspace:step_create", args=[_guide_id()]),
    "history": lambda: reverse("guides_workspace:guide_history", args=[_guide_id()]),
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_guide_pages_have_no_axe_violations(page, demo_plans, name):
    page.goto(PUBLIC_PAGES[name]())
    assert page.get_by_role("heading", level=1).is_visible()
    assert_no_axe_violations(page, (DESKTOP, PHONE))


@pytest.mark.parametrize("name", WORKSPACE_PAGES)
def test_workspace_guide_pages_have_no_axe_violations(page, demo_plans, name):
    log_in(page, "koordinator.drammen")
    page.goto(WORKSPACE_PAGES[name]())
    assert page.get_by_role("heading", level=1).is_visible()
    assert_no_axe_violations(page)


def test_flagged_text_on_the_edit_page_has_no_axe_violations(page, demo_plans):
    log_in(page, "koordinator.drammen")
    page.goto(WORKSPACE_PAGES["guide_edit"]())
    page.locator("#id_audience").fill("Det var sjokkerende for alle")
    page.get_by_role("button", name="Lagre veilederen").click()
    assert page.get_by_role("heading", name="Trygg omtale av selvmord").is_visible()
    assert_no_axe_violations(page)
