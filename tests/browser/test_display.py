"""The TV-screen slide in Chromium at 1920 × 1080: no WCAG 2.1 A/AA violation (axe), no script, nothing from
another host, no cookie, and everything on one screen."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = pytest.mark.browser

TV = {"width": 1920, "height": 1080}


@pytest.mark.parametrize(
    "url", [lambda: reverse("help:slide", args=["drammen"]), lambda: reverse("help:national_slide")]
)
def test_the_slide_has_no_axe_violations_on_a_tv_screen(page, demo_plans, url):
    page.set_viewport_size(TV)
    page.goto(url())
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("img", name="QR-kode til hjelpesiden").is_visible()
    assert_no_axe_violations(page, viewports=(TV,))


def test_the_slide_loads_no_script_asks_no_other_host_and_fits_the_screen(page, demo_plans, requests_made, live_server):
    page.set_viewport_size(TV)
    page.goto(reverse("help:slide", args=["drammen"]))
    page.wait_for_load_state("networkidle")
    host = urlsplit(live_server.url).netloc
    assert [kind for kind, _url in requests_made] == ["document"]
    assert all(urlsplit(url).netloc == host for _kind, url in requests_made if not url.startswith("data:"))
    assert page.evaluate("document.scripts.length") == 0
    assert page.context.cookies() == []
    # One screen: nothing to scroll, and the numbers and the code inside it.
    overflow = page.evaluate(
        "[document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight]"
    )
    assert overflow[0] <= 0 and overflow[1] <= 0, overflow
    for locator in (page.get_by_text("113", exact=True), page.get_by_text("116 123", exact=True), page.locator("svg")):
        box = locator.bounding_box()
        assert box is not None and box["y"] + box["height"] <= TV["height"], box
    # One message shown at a time.
    visible = page.locator(".message").evaluate_all(
        "nodes => nodes.filter(n => getComputedStyle(n).visibility === 'visible').length"
    )
    assert visible == 1


def test_the_screen_loads_the_slide_again_by_itself(page, demo_plans, requests_made, monkeypatch):
    from planverk.help import display

    monkeypatch.setattr(display, "REFRESH_SECONDS", 1)
    page.goto(reverse("help:national_slide"))
    page.wait_for_timeout(3500)
    assert [kind for kind, _url in requests_made].count("document") >= 2


def test_without_motion_the_first_message_stays(page, demo_plans):
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(TV)
    page.goto(reverse("help:national_slide"))
    page.wait_for_timeout(300)
    shown = page.locator(".message").evaluate_all(
        "nodes => nodes.map(n => getComputedStyle(n).visibility === 'visible' && getComputedStyle(n).opacity === '1')"
    )
    assert shown[0] is True and not any(shown[1:]), shown


def test_the_message_pages_work_without_script_and_have_no_axe_violations(page, demo_plans):
    from planverk.help.models import DisplayMessage
    from planverk.organisations.models import Organisation

    drammen = Organisation.objects.get(slug="drammen")
    log_in(page, "koordinator.drammen")
    page.goto(reverse("help_workspace:service_list", args=[drammen.pk]))
    page.get_by_role("link", name="Meldinger på skjerm og plakat").click()
    assert_no_axe_violations(page)
    for text in ("Først denne.", "Så denne."):
        page.get_by_role("textbox", name="Melding").fill(text)
        page.get_by_role("button", name="Legg til meldingen").click()
    page.get_by_role("row").filter(has_text="Så denne.").get_by_role("button", name="Flytt opp").click()
    assert list(DisplayMessage.objects.local_to(drammen.pk).order_by("order").values_list("text", flat=True)) == [
        "Så denne.",
        "Først denne.",
    ]
    # A flagged text: the findings, the confirmation box, and no violations with them on the page.
    page.get_by_role("textbox", name="Melding").fill("Han hengte seg.")
    page.get_by_role("button", name="Legg til meldingen").click()
    assert page.get_by_role("heading", name="Trygg omtale av selvmord").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Jeg har lest merknadene").check()
    page.get_by_role("button", name="Legg til meldingen").click()
    assert DisplayMessage.objects.local_to(drammen.pk).filter(text="Han hengte seg.").exists()
