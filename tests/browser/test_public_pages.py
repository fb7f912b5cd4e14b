"""The public pages in a real browser: no scripts, no other hosts, readable without JavaScript, the
crisis numbers at first glance on a phone, a clean printout, and a language switch that works."""

import re

import pytest
from playwright.sync_api import expect

from planverk.plans.models import Plan
from tests.browser.conftest import DESKTOP, PHONE, PUBLIC_PAGES, plan_url

pytestmark = pytest.mark.browser

HELP_NUMBERS = ["tel:113", "tel:116117", "tel:116123"]


def test_public_pages_load_no_script_and_nothing_from_another_host(page, requests_made, demo_plans, live_server):
    for name, url in PUBLIC_PAGES.items():
        page.goto(url())
        assert page.locator("script").count() == 0, f"{name} has a <script> element"
    foreign = [url for _, url in requests_made if not url.startswith((live_server.url, "data:"))]
    assert foreign == [], f"requests to other hosts: {foreign}"
    kinds = {kind for kind, _ in requests_made}
    assert kinds <= {"document", "stylesheet", "image"}, f"unexpected kinds of request: {kinds}"


def test_plan_page_is_readable_with_javascript_disabled(browser, live_server, demo_plans):
    plan = Plan.objects.get(fixture_key="drammen-2024")
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(plan_url("drammen-2024"))
        expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
        titles = list(plan.measures.values_list("title", flat=True))
        assert len(titles) == 11
        for title in titles:
            expect(page.get_by_role("link", name=re.compile(re.escape(title)))).to_be_visible()
    finally:
        context.close()


def test_crisis_numbers_are_on_the_first_screen_of_every_public_page_on_a_phone(page, demo_plans):
    page.set_viewport_size(PHONE)
    for name, url in PUBLIC_PAGES.items():
        page.goto(url())
        help_block = page.get_by_role("complementary", name="Trenger du hjelp nå?")
        expect(help_block).to_be_visible()
        box = help_block.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"], f"{name}: the crisis numbers are below the fold"
        for number in HELP_NUMBERS:
            expect(help_block.locator(f'a[href="{number}"]')).to_be_visible()


def test_printed_plan_has_the_plan_and_the_crisis_numbers_but_no_page_chrome(page, demo_plans):
    plan = Plan.objects.get(fixture_key="national-2020")
    page.goto(plan_url("national-2020"))
    page.emulate_media(media="print")
    for chrome in [".site-header", ".ds-breadcrumbs", ".toc", ".language-switcher", ".site-footer__links"]:
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    titles = list(plan.measures.order_by("goal__order", "order").values_list("title", flat=True))
    for title in (titles[0], titles[-1]):
        expect(page.get_by_role("link", name=re.compile(re.escape(title)))).to_be_visible()
    for number in HELP_NUMBERS:
        expect(page.locator(f'.help-block a[href="{number}"]')).to_be_visible()
    expect(page.locator(".print-source")).to_contain_text(page.url)
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_language_can_be_changed_without_javascript(browser, live_server, demo_plans):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nb-NO", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(PUBLIC_PAGES["plan_list"]())
        assert page.locator("html").get_attribute("lang") == "nb"
        page.get_by_label("Språk").select_option("nn")
        switch = page.get_by_role("button", name="Bytt språk")
        expect(switch).to_be_visible()
        switch.click()
        expect(page.locator("html")).to_have_attribute("lang", "nn")
        assert page.url.endswith(PUBLIC_PAGES["plan_list"]())
    finally:
        context.close()
