"""The help pages in Chromium: no WCAG 2.1 A/AA violation (axe) in bokmål, nynorsk and English, on a desktop and
a 320 px phone; no script, no request to another host, no cookie; small on the wire; usable with the keyboard
only and without JavaScript."""

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe_violations, log_in

pytestmark = pytest.mark.browser

PAGES = {
    "drammen": lambda: reverse("help:municipality", args=["drammen"]),
    "drammen_nn": lambda: reverse("help:municipality", args=["drammen"]) + "?lang=nn",
    "drammen_en": lambda: reverse("help:municipality", args=["drammen"]) + "?lang=en",
    "trondheim_en": lambda: reverse("help:municipality", args=["trondheim"]) + "?lang=en",
    "directory": lambda: reverse("help:directory", args=["drammen"]),
    "directory_en": lambda: reverse("help:directory", args=["trondheim"]) + "?lang=en",
    "national": lambda: reverse("help:index"),
}


@pytest.mark.parametrize("name", PAGES)
def test_help_page_has_no_axe_violations_on_desktop_or_phone(page, demo_plans, name):
    page.goto(PAGES[name]())
    assert page.get_by_role("heading", level=1).is_visible()
    report = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            report.append(f"at {viewport['width']} px:\n{describe_violations(violations)}")
    assert not report, f"axe on {page.url}\n" + "\n".join(report)


def test_right_to_left_content_has_no_axe_violations(page, demo_plans):
    from planverk.help import services
    from planverk.help.models import Service

    service = Service.objects.get(key="demo-3301-rask-psykisk-helsehjelp")
    services.translation_create(service=service, language="ar", by=None, name="مساعدة نفسية سريعة", description="دعم")
    page.goto(reverse("help:municipality", args=["drammen"]) + "?lang=ar")
    assert page.locator('[lang="ar"][dir="rtl"]').count() >= 2
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("name", ["drammen", "directory", "national"])
def test_help_page_reflows_at_320_px_without_sideways_scrolling(page, demo_plans, name):
    page.set_viewport_size(PHONE)
    page.goto(PAGES[name]())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than a 320 px screen"


def test_the_page_loads_no_script_asks_no_other_host_and_sets_no_cookie(page, demo_plans, requests_made, live_server):
    page.goto(PAGES["drammen"]())
    page.wait_for_load_state("networkidle")
    host = urlsplit(live_server.url).netloc
    assert [kind for kind, _url in requests_made] == ["document", "stylesheet"]
    assert all(urlsplit(url).netloc == host for _kind, url in requests_made if not url.startswith("data:"))
    assert page.evaluate("document.scripts.length") == 0
    assert page.context.cookies() == []
    fonts = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').length")
    assert fonts == 0  # system fonts only


def test_html_and_css_arrive_in_at_most_30_kb(page, demo_plans):
    page.goto(PAGES["drammen"]())
    page.wait_for_load_state("networkidle")
    sizes: dict[str, Any] = page.evaluate(
        """() => Object.fromEntries(
            [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
            .map(e => [e.name, e.encodedBodySize]))"""
    )
    assert len(sizes) == 2, sizes
    assert sum(sizes.values()) <= 30 * 1024, sizes  # the CSS is not even compressed by the test server


def test_the_acute_number_is_reached_with_the_keyboard_and_focus_is_visible(page, demo_plans):
    page.goto(PAGES["drammen"]())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "tel:113"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    height = page.evaluate("document.activeElement.getBoundingClientRect().height")
    assert height >= 44  # a big tap target


def test_choosing_a_municipality_and_a_language_works_without_javascript(browser, live_server, demo_plans):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.goto(PAGES["national"]())
    page.get_by_label("Velg kommune").select_option("drammen")
    page.get_by_role("button", name="Vis hjelp i kommunen").click()
    assert page.url.endswith("/hjelp/drammen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hjelp og støtte i Drammen"
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/hjelp/drammen/?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Call 113 Medical emergency number").is_visible()
    assert context.cookies() == []
    context.close()


# --- The workspace pages for the directory and the registry ---

WORKSPACE_PAGES = {
    "index": lambda: reverse("help_workspace:index"),
    "service_list": lambda: reverse("help_workspace:service_list", args=[_drammen().pk]),
    "service_create": lambda: reverse("help_workspace:service_create", args=[_drammen().pk]),
    "service_edit": lambda: reverse("help_workspace:service_edit", args=[_legevakt().pk]),
    "translation_create": lambda: reverse("help_workspace:translation_create", args=[_legevakt().pk]),
    "service_delete": lambda: reverse("help_workspace:service_delete", args=[_legevakt().pk]),
}


def _drammen() -> Any:
    from planverk.organisations.models import Organisation

    return Organisation.objects.get(number="3301")


def _legevakt() -> Any:
    from planverk.help.models import Service

    return Service.objects.get(key="demo-3301-legevakt")


@pytest.mark.parametrize("name", WORKSPACE_PAGES)
def test_workspace_help_page_has_no_axe_violations(page, demo_plans, name):
    log_in(page, "koordinator.drammen")
    page.goto(WORKSPACE_PAGES[name]())
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}\n{describe_violations(violations)}"


def test_a_form_full_of_errors_and_the_registry_have_no_axe_violations(page, demo_plans):
    log_in(page, "nasjonal")
    page.goto(reverse("help_workspace:national_list"))
    assert not axe_violations(page), describe_violations(axe_violations(page))
    page.goto(WORKSPACE_PAGES["service_create"]())
    page.locator("#id_name").fill("Nytt tilbud")
    page.locator("#id_phone").fill("1234")
    page.locator("#id_web_url").fill("ftp://example.no")
    page.get_by_role("button", name="Legg til tjenesten").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Adressen må begynne med http:// eller https://.").first.is_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
