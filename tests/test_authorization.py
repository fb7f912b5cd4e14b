"""Every URL against every role: allowed (200), refused (403), or not to know it exists (404).

In the workspace, anonymous users are sent to the login page (302). A draft of another municipality answers 404,
a published plan 403. The public site and the API show published plans to everyone and drafts to no one.
`test_the_table_covers_every_url` keeps the table complete when URLs are added.
"""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from planverk.followup.models import ReportingRound, ReportState, StatusUpdate
from planverk.help import services as help_services
from planverk.help.models import Service
from planverk.importer.models import ImportState, PlanImport
from planverk.importer.proposal import Proposal, ProposedMeasure
from planverk.organisations.models import Organisation
from planverk.plans.models import Goal, Measure, Objective, ObjectiveKind, Plan, PlanStatus, Responsibility
from planverk.stats.models import ImportRun
from tests.auth_cases import display as display_cases
from tests.auth_cases import guides as guide_cases
from tests.auth_cases import resources as resource_cases
from tests.auth_cases import stats as stats_cases
from tests.factories import GoalFactory, MeasureFactory, ReportingRoundFactory, StatusUpdateFactory, UnitFactory

ROLES = ("anonymous", "viewer", "owner", "coordinator", "other_coordinator", "superuser")


@pytest.fixture
def objects(drammen, drammen_plan, drammen_draft) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    goal = drammen_plan.goals.order_by("order").first()
    measure = Measure.objects.filter(plan=drammen_plan, goal=goal).order_by("order").first()
    draft_goal = GoalFactory(plan=drammen_draft)
    draft_measure = drammen_draft.measures.get()
    return {
        "drammen": drammen,
        "plan": drammen_plan,
        "draft": drammen_draft,
        "goal": goal,
        "empty_goal": GoalFactory(plan=drammen_plan, title="Tomt mål"),
        "draft_goal": draft_goal,
        "measure": measure,
        "draft_measure": draft_measure,
        "loose_measure": MeasureFactory(plan=drammen_plan, goal=goal),
        "objective": Objective.objects.create(measure=measure, kind=ObjectiveKind.RESULT, text="Rutiner finnes"),
        "draft_objective": Objective.objects.create(measure=draft_measure, kind=ObjectiveKind.EFFECT, text="Færre"),
        **_followup_workflow_objects(drammen, drammen_plan, measure),
        **_importer_objects(drammen),
        **_help_objects(drammen),
        **display_cases.objects(drammen, drammen_plan),
        **resource_cases.objects(drammen, drammen_plan),
        **guide_cases.objects(drammen, drammen_plan),
        **stats_cases.objects(drammen, drammen_plan),
    }


def _followup_workflow_objects(drammen: Organisation, plan: Plan, measure: Measure) -> dict[str, Any]:
    # The owner fixture reports for Drammen's first unit (by pk): give it the measure and one more to report on.
    unit = drammen.units.order_by("pk").first() or UnitFactory(organisation=drammen, name="Oppvekst og utdanning")
    report_measure = MeasureFactory(plan=plan, goal=measure.goal, title="Tiltak å rapportere på")
    Responsibility.objects.create(measure=measure, unit=unit)
    Responsibility.objects.create(measure=report_measure, unit=unit)
    reporting_round: ReportingRound = ReportingRoundFactory(
        plan=plan, status_date=datetime.date(2026, 6, 30), deadline=FUTURE, opened_at=timezone.now()
    )
    update: StatusUpdate = StatusUpdateFactory(round=reporting_round, measure=measure)
    return {"round": reporting_round, "report_measure": report_measure, "status_update": update}


# --- importer ---
def _importer_objects(drammen: Organisation) -> dict[str, Any]:
    proposal = Proposal(title="Importert plan", measures=[ProposedMeasure(key="m1", title="Kurs", source_line=1)])
    plan_import = PlanImport.objects.create(
        organisation=drammen,
        source_name="plan.txt",
        state=ImportState.REVIEW,
        text="Tiltak 1. Kurs",
        proposal=proposal.to_json(),
    )
    return {"plan_import": plan_import}


# --- help ---
def _help_objects(drammen: Organisation) -> dict[str, Any]:
    service = help_services.service_create(
        organisation=drammen, by=None, kind="low_threshold", name="Samtaletilbudet", groups=["struggling"]
    )
    translation = help_services.translation_create(service=service, language="en", by=None, name="Talks")
    return {"service": service, "service_translation": translation, "national": Service.objects.get(key="kirkens-sos")}


Case = tuple[str, str, Callable[[dict[str, Any]], list[int]], dict[str, str], tuple[int, ...]]

# status per role, in the order of ROLES
PUBLISHED_READ = (302, 200, 200, 200, 200, 200)
MEMBERS_READ = (302, 200, 200, 200, 404, 200)  # a draft
PUBLISHED_WRITE_PAGE = (302, 403, 403, 200, 403, 200)
DRAFT_WRITE_PAGE = (302, 403, 403, 200, 404, 200)
PUBLISHED_WRITE_DONE = (302, 403, 403, 302, 403, 302)
DRAFT_WRITE_DONE = (302, 403, 403, 302, 404, 302)

EVERYONE = (200, 200, 200, 200, 200, 200)
NO_ONE = (404, 404, 404, 404, 404, 404)
ANONYMOUS_ONLY_PAGE = (200, 302, 302, 302, 302, 302)  # logged-in users are sent on to the workspace
LOGGED_OUT = (302, 302, 302, 302, 302, 302)
SUPERUSER_ONLY = (302, 302, 302, 302, 302, 200)  # others are sent to the admin's own login
# Follow-up: members of the plan's organisations read; reporters (the owner's unit) report; editors run rounds.
FOLLOWUP_MEMBERS_READ = (302, 200, 200, 200, 403, 200)  # a published plan
ROUND_READ = (302, 200, 200, 200, 404, 200)
ROUND_WRITE_PAGE = (302, 403, 403, 200, 404, 200)
ROUND_WRITE_DONE = (302, 403, 403, 302, 404, 302)
REPORT_PAGE = (302, 404, 200, 200, 404, 200)  # the viewer reports on nothing
REPORT_DONE = (302, 404, 302, 302, 404, 302)
REVIEW_PAGE = (302, 404, 403, 200, 404, 200)  # the owner may report on it, not approve it
REVIEW_DONE = (302, 404, 403, 302, 404, 302)
FUTURE = timezone.localdate() + datetime.timedelta(days=30)
# --- importer ---
IMPORT_PAGE = (302, 403, 403, 200, 404, 200)
IMPORT_STALE = (302, 403, 403, 409, 404, 409)
IMPORT_DONE = (302, 403, 403, 302, 404, 302)

# --- statistics ---
STATS_IMPORT_PAGE = (302, 403, 403, 403, 403, 200)
STATS_IMPORT_REFUSED = (302, 403, 403, 403, 403, 400)

# --- help ---
# The help pages are public and the same for everyone; the number URL moves permanently to the slug.
MOVED = (301, 301, 301, 301, 301, 301)
# A municipality's directory: its coordinators and admins, and national superusers. Services are public, so one
# that is not the user's answers 403 (like a published plan); the national registry is for superusers only.
DIRECTORY_PAGE = (302, 403, 403, 200, 403, 200)
DIRECTORY_DONE = (302, 403, 403, 302, 403, 302)
REGISTRY_PAGE = (302, 403, 403, 403, 403, 200)
REGISTRY_REFUSED = (302, 403, 403, 403, 403, 400)  # a POST without the required fields
HELP_MISSING = (302, 404, 404, 404, 404, 404)
VALID_SERVICE = {"name": "Nytt tilbud", "kind": "ngo", "groups": "worried", "version": "0"}

CASES: list[Case] = [
    ("public:home", "get", lambda o: [], {}, EVERYONE),
    ("public:plan_list", "get", lambda o: [], {}, EVERYONE),
    ("public:plan_detail", "get", lambda o: [o["plan"].pk], {}, EVERYONE),
    ("public:plan_detail", "get", lambda o: [o["draft"].pk], {}, NO_ONE),
    ("public:measure_detail", "get", lambda o: [o["plan"].pk, o["measure"].pk], {}, EVERYONE),
    ("public:measure_detail", "get", lambda o: [o["draft"].pk, o["draft_measure"].pk], {}, NO_ONE),
    ("api:plan_list", "get", lambda o: [], {}, EVERYONE),
    ("api:plan_detail", "get", lambda o: [o["plan"].pk], {}, EVERYONE),
    ("api:plan_detail", "get", lambda o: [o["draft"].pk], {}, NO_ONE),
    ("api:openapi", "get", lambda o: [], {}, EVERYONE),
    ("accounts:login", "get", lambda o: [], {}, ANONYMOUS_ONLY_PAGE),
    ("accounts:logout", "post", lambda o: [], {}, LOGGED_OUT),
    ("set_language", "post", lambda o: [], {"language": "nn", "next": "/planer/"}, LOGGED_OUT),
    ("admin:index", "get", lambda o: [], {}, SUPERUSER_ONLY),
    ("workspace:home", "get", lambda o: [], {}, (302, 200, 200, 200, 200, 200)),
    ("workspace:plan_create", "get", lambda o: [], {}, (302, 403, 403, 200, 200, 200)),
    ("workspace:plan_detail", "get", lambda o: [o["plan"].pk], {}, PUBLISHED_READ),
    ("workspace:plan_detail", "get", lambda o: [o["draft"].pk], {}, MEMBERS_READ),
    ("workspace:plan_edit", "get", lambda o: [o["plan"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:plan_edit", "get", lambda o: [o["draft"].pk], {}, DRAFT_WRITE_PAGE),
    ("workspace:plan_status", "get", lambda o: [o["plan"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:plan_status", "get", lambda o: [o["draft"].pk], {}, DRAFT_WRITE_PAGE),
    ("workspace:plan_status", "post", lambda o: [o["draft"].pk], {"to": "hearing"}, DRAFT_WRITE_DONE),
    ("workspace:plan_history", "get", lambda o: [o["plan"].pk], {}, (302, 200, 200, 200, 403, 200)),
    ("workspace:plan_history", "get", lambda o: [o["draft"].pk], {}, MEMBERS_READ),
    ("workspace:goal_create", "get", lambda o: [o["plan"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:goal_create", "get", lambda o: [o["draft"].pk], {}, DRAFT_WRITE_PAGE),
    (
        "workspace:goal_create",
        "post",
        lambda o: [o["draft"].pk],
        {"kind": "goal", "title": "Nytt mål"},
        DRAFT_WRITE_DONE,
    ),
    ("workspace:goal_edit", "get", lambda o: [o["goal"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:goal_edit", "get", lambda o: [o["draft_goal"].pk], {}, DRAFT_WRITE_PAGE),
    ("workspace:goal_delete", "get", lambda o: [o["empty_goal"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:goal_delete", "post", lambda o: [o["empty_goal"].pk], {}, PUBLISHED_WRITE_DONE),
    ("workspace:goal_delete", "post", lambda o: [o["draft_goal"].pk], {}, DRAFT_WRITE_DONE),
    ("workspace:goal_move", "post", lambda o: [o["goal"].pk], {"direction": "ned"}, PUBLISHED_WRITE_DONE),
    ("workspace:goal_move", "post", lambda o: [o["draft_goal"].pk], {"direction": "opp"}, DRAFT_WRITE_DONE),
    ("workspace:measure_create", "get", lambda o: [o["plan"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:measure_create", "get", lambda o: [o["draft"].pk], {}, DRAFT_WRITE_PAGE),
    ("workspace:measure_create", "post", lambda o: [o["draft"].pk], {"title": "Nytt tiltak"}, DRAFT_WRITE_DONE),
    ("workspace:measure_edit", "get", lambda o: [o["measure"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:measure_edit", "get", lambda o: [o["draft_measure"].pk], {}, DRAFT_WRITE_PAGE),
    ("workspace:measure_delete", "get", lambda o: [o["measure"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:measure_delete", "post", lambda o: [o["loose_measure"].pk], {}, PUBLISHED_WRITE_DONE),
    ("workspace:measure_delete", "post", lambda o: [o["draft_measure"].pk], {}, DRAFT_WRITE_DONE),
    ("workspace:measure_move", "post", lambda o: [o["loose_measure"].pk], {"direction": "opp"}, PUBLISHED_WRITE_DONE),
    ("workspace:measure_move", "post", lambda o: [o["draft_measure"].pk], {"direction": "ned"}, DRAFT_WRITE_DONE),
    ("workspace:objective_create", "get", lambda o: [o["measure"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:objective_create", "get", lambda o: [o["draft_measure"].pk], {}, DRAFT_WRITE_PAGE),
    (
        "workspace:objective_create",
        "post",
        lambda o: [o["measure"].pk],
        {"kind": "effect", "text": "Færre selvmordsforsøk"},
        PUBLISHED_WRITE_DONE,
    ),
    ("workspace:objective_delete", "get", lambda o: [o["objective"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("workspace:objective_delete", "post", lambda o: [o["objective"].pk], {}, PUBLISHED_WRITE_DONE),
    ("workspace:objective_delete", "post", lambda o: [o["draft_objective"].pk], {}, DRAFT_WRITE_DONE),
    ("workspace:unit_list", "get", lambda o: [o["drammen"].pk], {}, PUBLISHED_WRITE_PAGE),
    (
        "workspace:unit_list",
        "post",
        lambda o: [o["drammen"].pk],
        {"name": "Ny enhet", "kind": "tjeneste"},
        PUBLISHED_WRITE_DONE,
    ),
    # --- follow-up workflow ---
    ("followup:my_measures", "get", lambda o: [], {}, (302, 200, 200, 200, 200, 200)),
    ("followup:plan_followup", "get", lambda o: [o["plan"].pk], {}, FOLLOWUP_MEMBERS_READ),
    ("followup:plan_followup", "get", lambda o: [o["draft"].pk], {}, MEMBERS_READ),
    ("followup:round_create", "get", lambda o: [o["plan"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("followup:round_create", "get", lambda o: [o["draft"].pk], {}, DRAFT_WRITE_PAGE),
    (
        "followup:round_create",
        "post",
        lambda o: [o["plan"].pk],
        {"title": "2026", "status_date": "2026-12-31", "deadline": FUTURE.isoformat()},
        PUBLISHED_WRITE_DONE,
    ),
    ("followup:round_detail", "get", lambda o: [o["round"].pk], {}, ROUND_READ),
    ("followup:round_close", "get", lambda o: [o["round"].pk], {}, ROUND_WRITE_PAGE),
    ("followup:round_close", "post", lambda o: [o["round"].pk], {}, ROUND_WRITE_DONE),
    ("followup:report", "get", lambda o: [o["round"].pk, o["report_measure"].pk], {}, REPORT_PAGE),
    (
        "followup:report",
        "post",
        lambda o: [o["round"].pk, o["report_measure"].pk],
        {"category": "in_progress", "narrative": "I gang", "version": "0"},
        REPORT_DONE,
    ),
    ("followup:review", "get", lambda o: [o["status_update"].pk], {}, REVIEW_PAGE),
    (
        "followup:review",
        "post",
        lambda o: [o["status_update"].pk],
        {"decision": "godkjenn", "version": "1"},
        REVIEW_DONE,
    ),
    ("followup:measure_followup", "get", lambda o: [o["measure"].pk], {}, FOLLOWUP_MEMBERS_READ),
    ("followup:measure_followup", "get", lambda o: [o["draft_measure"].pk], {}, MEMBERS_READ),
    ("followup:indicator_create", "get", lambda o: [o["objective"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("followup:indicator_create", "get", lambda o: [o["draft_objective"].pk], {}, DRAFT_WRITE_PAGE),
    (
        "followup:indicator_create",
        "post",
        lambda o: [o["objective"].pk],
        {"name": "Kurs holdt", "unit": "antall", "direction": "increase"},
        PUBLISHED_WRITE_DONE,
    ),
    ("followup:evaluation_edit", "get", lambda o: [o["measure"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("followup:evaluation_edit", "get", lambda o: [o["draft_measure"].pk], {}, DRAFT_WRITE_PAGE),
    (
        "followup:evaluation_edit",
        "post",
        lambda o: [o["measure"].pk],
        {"implementation": "partly", "version": "0"},
        PUBLISHED_WRITE_DONE,
    ),
    ("followup:evaluation_summary", "get", lambda o: [o["plan"].pk], {}, FOLLOWUP_MEMBERS_READ),
    ("followup:evaluation_summary", "get", lambda o: [o["draft"].pk], {}, MEMBERS_READ),
    # --- public status, reports and dashboard ---
    ("followup_public:dashboard", "get", lambda o: [o["plan"].pk], {}, EVERYONE),
    ("followup_public:dashboard", "get", lambda o: [o["draft"].pk], {}, NO_ONE),
    ("followup_public:report", "get", lambda o: [o["plan"].pk, _approved_round(o).pk], {}, EVERYONE),
    ("followup_public:report", "get", lambda o: [o["plan"].pk, _unapproved_round(o).pk], {}, NO_ONE),
    ("followup_public:report", "get", lambda o: [o["draft"].pk, _draft_round(o).pk], {}, NO_ONE),
    ("followup_public:report_pdf", "get", lambda o: [o["plan"].pk, _approved_round(o).pk], {}, EVERYONE),
    ("followup_public:report_pdf", "get", lambda o: [o["plan"].pk, _unapproved_round(o).pk], {}, NO_ONE),
    ("followup_public:report_docx", "get", lambda o: [o["plan"].pk, _approved_round(o).pk], {}, EVERYONE),
    ("followup_public:report_docx", "get", lambda o: [o["draft"].pk, _draft_round(o).pk], {}, NO_ONE),
    # --- importer ---
    # An import is private to the editors of its organisation, like a draft; others do not learn it exists.
    ("importer:upload", "get", lambda o: [], {}, (302, 403, 403, 200, 200, 200)),
    ("importer:detail", "get", lambda o: [o["plan_import"].pk], {}, IMPORT_PAGE),
    # A stale form (wrong revision) is refused with 409 only once the user may edit the import at all.
    ("importer:detail", "post", lambda o: [o["plan_import"].pk], {"action": "save", "revision": "x"}, IMPORT_STALE),
    ("importer:discard", "get", lambda o: [o["plan_import"].pk], {}, IMPORT_PAGE),
    ("importer:discard", "post", lambda o: [o["plan_import"].pk], {}, IMPORT_DONE),
    # --- statistics ---
    # Published statistics are for everyone; importing them (it replaces what every municipality sees) is for
    # national superusers only. A POST without a file is refused before it is read, except by a superuser (400).
    ("stats:index", "get", lambda o: [], {}, EVERYONE),
    ("stats:geography", "get", lambda o: ["drammen"], {}, EVERYONE),
    ("stats:geography", "get", lambda o: ["0"], {}, EVERYONE),
    ("stats:geography", "get", lambda o: ["finnes-ikke"], {}, NO_ONE),
    ("stats:table_csv", "get", lambda o: ["drammen"], {}, EVERYONE),
    ("stats_api:statistics", "get", lambda o: ["3301"], {}, EVERYONE),
    ("stats_api:statistics", "get", lambda o: ["9999"], {}, NO_ONE),
    ("stats_workspace:import", "get", lambda o: [], {}, STATS_IMPORT_PAGE),
    ("stats_workspace:import", "post", lambda o: [], {"source": "Uten fil"}, STATS_IMPORT_REFUSED),
    ("stats_workspace:import_run", "get", lambda o: [_statistics_run().pk], {}, STATS_IMPORT_PAGE),
    # --- help ---
    ("help:index", "get", lambda o: [], {}, EVERYONE),
    ("help:municipality", "get", lambda o: ["drammen"], {}, EVERYONE),
    ("help:municipality", "get", lambda o: ["finnes-ikke"], {}, NO_ONE),
    ("help:by_number", "get", lambda o: ["3301"], {}, MOVED),
    ("help:by_number", "get", lambda o: ["9999"], {}, NO_ONE),
    ("help:directory", "get", lambda o: ["drammen"], {}, EVERYONE),
    ("help_workspace:index", "get", lambda o: [], {}, (302, 403, 403, 200, 200, 200)),
    ("help_workspace:national_list", "get", lambda o: [], {}, REGISTRY_PAGE),
    ("help_workspace:national_create", "get", lambda o: [], {}, REGISTRY_PAGE),
    ("help_workspace:national_create", "post", lambda o: [], {"name": "Uten kilde"}, REGISTRY_REFUSED),
    ("help_workspace:service_list", "get", lambda o: [o["drammen"].pk], {}, DIRECTORY_PAGE),
    ("help_workspace:service_create", "get", lambda o: [o["drammen"].pk], {}, DIRECTORY_PAGE),
    ("help_workspace:service_create", "post", lambda o: [o["drammen"].pk], VALID_SERVICE, DIRECTORY_DONE),
    ("help_workspace:service_edit", "get", lambda o: [o["service"].pk], {}, DIRECTORY_PAGE),
    ("help_workspace:service_edit", "get", lambda o: [o["national"].pk], {}, REGISTRY_PAGE),
    ("help_workspace:service_edit", "get", lambda o: [999999], {}, HELP_MISSING),
    ("help_workspace:service_delete", "get", lambda o: [o["service"].pk], {}, DIRECTORY_PAGE),
    ("help_workspace:service_delete", "post", lambda o: [o["service"].pk], {}, DIRECTORY_DONE),
    ("help_workspace:service_delete", "post", lambda o: [o["national"].pk], {}, (302, 403, 403, 403, 403, 302)),
    ("help_workspace:service_verify", "post", lambda o: [o["service"].pk], {}, DIRECTORY_DONE),
    ("help_workspace:service_verify", "post", lambda o: [o["national"].pk], {}, (302, 403, 403, 403, 403, 302)),
    ("help_workspace:translation_create", "get", lambda o: [o["service"].pk], {}, DIRECTORY_PAGE),
    (
        "help_workspace:translation_create",
        "post",
        lambda o: [o["service"].pk],
        {"language": "pl", "name": "Rozmowy"},
        DIRECTORY_DONE,
    ),
    ("help_workspace:translation_edit", "get", lambda o: [o["service_translation"].pk], {}, DIRECTORY_PAGE),
    (
        "help_workspace:translation_edit",
        "post",
        lambda o: [o["service_translation"].pk],
        {"name": "Talk"},
        DIRECTORY_DONE,
    ),
    ("help_workspace:translation_delete", "get", lambda o: [o["service_translation"].pk], {}, DIRECTORY_PAGE),
    ("help_workspace:translation_delete", "post", lambda o: [o["service_translation"].pk], {}, DIRECTORY_DONE),
    # Poster, TV slide and their messages; the resource bank; action guides: in tests/auth_cases/.
    *display_cases.CASES,
    *resource_cases.CASES,
    *guide_cases.CASES,
    *stats_cases.CASES,
]


# --- statistics ---
def _statistics_run() -> ImportRun:
    run = ImportRun.objects.order_by("pk").first()
    assert run is not None, "the demo data imports statistics"
    return run


# --- public status, reports and dashboard: the rounds of the table above ---
# A round is public once one of its statuses is approved; one with only a report waiting for review is not there,
# nor is a round of a draft plan, even with an approved status.


def _round_with(plan: Plan, measure: Measure, state: str, status_date: datetime.date) -> ReportingRound:
    reporting_round: ReportingRound = ReportingRoundFactory(plan=plan, status_date=status_date)
    StatusUpdateFactory(round=reporting_round, measure=measure, state=state)
    return reporting_round


def _approved_round(o: dict[str, Any]) -> ReportingRound:
    return _round_with(o["plan"], o["loose_measure"], ReportState.APPROVED, datetime.date(2025, 6, 30))


def _unapproved_round(o: dict[str, Any]) -> ReportingRound:
    return _round_with(o["plan"], o["loose_measure"], ReportState.SUBMITTED, datetime.date(2025, 3, 31))


def _draft_round(o: dict[str, Any]) -> ReportingRound:
    return _round_with(o["draft"], o["draft_measure"], ReportState.APPROVED, datetime.date(2025, 6, 30))


@pytest.mark.parametrize(
    ("name", "method", "args", "data", "role", "expected"),
    [
        pytest.param(name, method, args, data, role, statuses[i], id=f"{method}-{name}-{i_case}-{role}")
        for i_case, (name, method, args, data, statuses) in enumerate(CASES)
        for i, role in enumerate(ROLES)
    ],
)
def test_every_url_answers_each_role_as_expected(  # type: ignore[no-untyped-def]
    client, request, objects, name, method, args, data, role, expected
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(name, args=args(objects))
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected, response.content.decode()[:500]
    if expected == 302 and role == "anonymous" and name.startswith("workspace:"):
        assert response["Location"].startswith(reverse("accounts:login"))


def _url_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_the_table_covers_every_url():
    # The admin's own URLs sit behind one gate (superusers only), checked through admin:index.
    names = {n for n in _url_names(get_resolver().url_patterns) if not n.startswith("admin:")}
    assert names - {case[0] for case in CASES} == set()


def test_refused_writes_change_nothing(client, other_coordinator, objects):  # type: ignore[no-untyped-def]
    client.force_login(other_coordinator)
    plan, draft = objects["plan"], objects["draft"]
    client.post(reverse("workspace:plan_status", args=[draft.pk]), {"to": "hearing"})
    client.post(reverse("workspace:measure_delete", args=[objects["loose_measure"].pk]))
    client.post(reverse("workspace:goal_delete", args=[objects["empty_goal"].pk]))
    client.post(reverse("workspace:objective_delete", args=[objects["objective"].pk]))
    client.post(reverse("workspace:plan_edit", args=[plan.pk]), {"title": "Kapret", "level": "municipal", "version": 1})
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT
    assert Plan.objects.get(pk=plan.pk).title == plan.title
    assert Measure.objects.filter(pk=objects["loose_measure"].pk).exists()
    assert Goal.objects.filter(pk=objects["empty_goal"].pk).exists()
    assert Objective.objects.filter(pk=objects["objective"].pk).exists()


@pytest.mark.parametrize("name", ["workspace:goal_move", "workspace:measure_move"])
def test_moving_is_post_only(client, coordinator, objects, name):  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    key = "goal" if name == "workspace:goal_move" else "measure"
    assert client.get(reverse(name, args=[objects[key].pk])).status_code == 405


def test_forms_refuse_a_post_without_csrf_token(coordinator, objects):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(
        reverse("workspace:goal_create", args=[objects["plan"].pk]), {"kind": "goal", "title": "Uten token"}
    )
    assert response.status_code == 403
    assert not Goal.objects.filter(title="Uten token").exists()


def test_missing_objects_answer_404(client, coordinator):  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    for name in ("plan_detail", "plan_edit", "goal_edit", "measure_edit", "objective_delete", "unit_list"):
        assert client.get(reverse(f"workspace:{name}", args=[999999])).status_code == 404, name


# --- help ---
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/hjelp/", "/hjelp/drammen/", "/hjelp/drammen/?lang=en", "/hjelp/drammen/tjenester/"])
def test_the_help_pages_set_no_cookie_whoever_asks(client, request, drammen, role, url):  # type: ignore[no-untyped-def]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == 200
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")


def test_refused_help_writes_change_nothing(client, other_coordinator, coordinator, objects):  # type: ignore[no-untyped-def]
    service, national = objects["service"], objects["national"]
    client.force_login(other_coordinator)
    client.post(reverse("help_workspace:service_delete", args=[service.pk]))
    client.post(reverse("help_workspace:translation_delete", args=[objects["service_translation"].pk]))
    client.post(reverse("help_workspace:service_create", args=[objects["drammen"].pk]), VALID_SERVICE)
    client.force_login(coordinator)
    client.post(reverse("help_workspace:service_delete", args=[national.pk]))
    client.post(reverse("help_workspace:service_verify", args=[national.pk]))
    assert Service.objects.filter(pk=service.pk).exists() and service.translations.exists()
    assert Service.objects.filter(pk=national.pk, version=national.version).exists()
    assert not Service.objects.filter(name=VALID_SERVICE["name"]).exists()
