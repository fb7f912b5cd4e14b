"""Headless Chromium against pytest-django's live server.

Debian's chromium is used, never a browser downloaded by Playwright. The browser lives for the whole
session; the database does not: live-server tests are transactional and the database is flushed after
each one, so every test loads the data it needs itself (`demo_plans`).
"""

import os
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from planverk.plans.models import Measure, Plan

# Playwright's sync API keeps an event loop running in this thread; Django refuses database access
# from a thread with a running loop unless told that it is safe (it is: nothing here is concurrent).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


def plan_url(fixture_key: str) -> str:
    return reverse("public:plan_detail", args=[Plan.objects.get(fixture_key=fixture_key).pk])


def gjovik_measure_with_objectives_url() -> str:
    measure = Measure.objects.filter(plan__fixture_key="gjovik-2025", objectives__isnull=False).first()
    assert measure is not None, "the Gjøvik seed has measures with result and effect objectives"
    return reverse("public:measure_detail", args=[measure.plan_id, measure.pk])


# The public pages of the acceptance criteria, by name; URLs are looked up once the demo data is in.
PUBLIC_PAGES: dict[str, Callable[[], str]] = {
    "home": lambda: reverse("public:home"),
    "plan_list": lambda: reverse("public:plan_list"),
    "drammen_plan": lambda: plan_url("drammen-2024"),
    "national_plan": lambda: plan_url("national-2020"),
    "gjovik_measure": gjovik_measure_with_objectives_url,
    "login": lambda: reverse("accounts:login"),
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Live-server tests flush the database. pytest-django already puts transactional tests after the
    # others, except tests it cannot see use the database (a fixture fetched with getfixturevalue):
    # run the browser tests at the very end, so no test after them finds the session's demo data gone.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium package)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Restoring a dump is about five times faster than running the demo loader again.
DUMP_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


@pytest.fixture(scope="session")
def demo_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo") / "demo.json"


@pytest.fixture
def demo_plans(django_db_serialized_rollback: None, live_server: Any, demo_dump: Path) -> None:
    """The four seed plans, reference data and demo users, loaded inside this test.

    Serialized rollback brings back what the migrations created (the target groups) after the previous
    test's flush. The first test runs the demo loader and dumps the result; later tests load the dump.
    """
    if demo_dump.exists():
        call_command("loaddata", str(demo_dump), stdout=StringIO())
    else:
        call_command("load_demo_data", stdout=StringIO())
        call_command("dumpdata", exclude=DUMP_EXCLUDE, output=str(demo_dump), stdout=StringIO())


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh desktop-sized page whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
    yield context.new_page()
    context.close()


@pytest.fixture
def requests_made(page: Any) -> list[tuple[str, str]]:
    """(resource type, URL) of every request the page makes from now on."""
    made: list[tuple[str, str]] = []
    page.on("request", lambda request: made.append((request.resource_type, request.url)))
    return made


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now, for WCAG 2.1 A and AA."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci --no-audit --no-fund`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_AA_TAGS,
    )


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(v["targets"][:8]) + (" …" if len(v["targets"]) > 8 else "")
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n    {targets}")
    return "\n".join(lines)


@pytest.fixture(autouse=True)
def _fresh_login_rate_limit() -> None:
    # Logins are rate limited per IP address (10 in 5 minutes); every browser test comes from 127.0.0.1, and the
    # suite logs in far more often than that. Each test starts with an empty count, as a new visitor would.
    from django.core.cache import cache

    cache.clear()


def log_in(page: Any, username: str) -> None:
    """Log in through the login form as a demo user (password from the demo command)."""
    from planverk.followup.management.commands.load_demo_data import DEMO_PASSWORD

    page.goto(reverse("accounts:login"))
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/arbeidsflate/")


def assert_no_axe_violations(page: Any, viewports: tuple[dict[str, int], ...] = (DESKTOP,)) -> None:
    """axe-core on the current page at each viewport; the page is left at desktop size."""
    report = []
    for viewport in viewports:
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            report.append(f"at {viewport['width']} px:\n{describe_violations(violations)}")
    page.set_viewport_size(DESKTOP)
    assert not report, f"axe on {page.url}\n" + "\n".join(report)
