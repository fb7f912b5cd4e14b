"""axe-core finds no WCAG 2.1 A/AA violation on the statistics pages, on a desktop screen and on a 320 px phone,
where they also reflow without sideways scrolling; the chart is an image with a name and a table alternative."""

import pytest
from django.urls import reverse

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "index": lambda: reverse("stats:index"),
    "drammen": lambda: reverse("stats:geography", args=["drammen"]),
    "norway": lambda: reverse("stats:geography", args=["norge"]) + "?periode=2012-2021",
    "trondheim": lambda: reverse("stats:geography", args=["trondheim"]),
}


@pytest.mark.parametrize("name", PAGES)
def test_statistics_page_has_no_axe_violations_on_desktop_or_phone(page, demo_plans, name):
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
def test_statistics_page_reflows_at_320_px_without_sideways_scrolling(page, demo_plans, name):
    page.set_viewport_size(PHONE)
    page.goto(PAGES[name]())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than a 320 px screen"


def test_the_chart_is_an_image_with_a_name_and_a_table_with_the_same_numbers(page, demo_plans):
    page.goto(PAGES["drammen"]())
    chart = page.get_by_role("img", name="Selvmord per 100 000 innbyggere per år, rullerende perioder på 10 år")
    assert chart.is_visible()
    table = page.get_by_role("table", name="Selvmord per 100 000 innbyggere per år, rullerende perioder på 10 år")
    assert table.is_visible()
    assert table.get_by_role("row").count() == 3  # the header and two ten-year periods
    assert "11,8" in table.inner_text() and "9,8–14,2" in table.inner_text()
    assert page.get_by_role("link", name="113").first.is_visible()


def test_the_period_form_works_without_javascript(browser, live_server, demo_plans):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.goto(PAGES["drammen"]())
    page.get_by_label("Periode", exact=True).select_option("2012-2021")
    page.get_by_role("button", name="Vis perioden").click()
    assert page.get_by_role("heading", name="Perioden 2012–2021").is_visible()
    assert "periode=2012-2021" in page.url
    context.close()
