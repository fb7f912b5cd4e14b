"""National-scale benchmark: latency and SQL query count of the public pages and the open API.

Builds a throwaway database (a temporary SQLite file, or a fresh PostgreSQL database given with
--database-url), loads the reference data and the four seed plans, adds one adopted plan per
municipality, then requests each page through Django's test client and the real URL stack.
See bench/README.md.
"""

import argparse
import datetime
import gc
import itertools
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
sys.path.insert(0, str(ROOT))

UNIT_NAMES = [
    ("Helse og omsorg", "byradsomrade"),
    ("Oppvekst og utdanning", "byradsomrade"),
    ("Kultur og fritid", "byradsomrade"),
    ("NAV", "virksomhet"),
    ("Legetjenesten", "tjeneste"),
    ("Psykisk helse og rus", "tjeneste"),
    ("Skolehelsetjenesten", "tjeneste"),
    ("Barnevernet", "tjeneste"),
]
WORDS = [
    "kompetanse",
    "opplæring",
    "samarbeid",
    "oppfølging",
    "kartlegging",
    "rutiner",
    "ungdom",
    "pårørende",
    "etterlatte",
    "tjenester",
    "skole",
    "helsestasjon",
    "frivillige",
    "rus",
    "psykisk",
    "helse",
    "kriseteam",
    "veiledning",
    "tverrfaglig",
    "informasjon",
    "beredskap",
    "risiko",
    "vurdering",
    "tiltak",
    "samtale",
    "nettverk",
    "lavterskel",
    "tilbud",
]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="PostgreSQL URL of a database to create and drop, e.g. "
        "postgres://postgres@127.0.0.1:5432/planverk_bench (default: a temporary SQLite file)",
    )
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first (default 3)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed of the generated plans")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json", help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.database_url:
        scheme = urlsplit(args.database_url).scheme
        if scheme not in {"postgres", "postgresql", "pgsql"}:
            parser.error("--database-url must be a postgres:// URL (SQLite is the default)")
        # The database is dropped afterwards; a name that says so keeps a typo from dropping real data.
        if "bench" not in urlsplit(args.database_url).path:
            parser.error("the database name must contain 'bench': it is dropped after the run")
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


# ---------------------------------------------------------------------------------------------
# The throwaway database


@contextmanager
def sqlite_database() -> Iterator[str]:
    directory = tempfile.mkdtemp(prefix="planverk-bench-")
    try:
        yield f"sqlite:///{directory}/bench.sqlite3"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def postgres_database(url: str) -> Iterator[str]:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(drop)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(drop)


# ---------------------------------------------------------------------------------------------
# The dataset


def build_dataset(seed: int) -> dict[str, int]:
    """Reference data, the seed plans, and one adopted plan per municipality (bulk inserts, no history)."""
    from django.db import transaction

    from planverk.followup.demo import load_demo_followup
    from planverk.organisations.models import Organisation, Unit
    from planverk.organisations.reference import load_reference_data
    from planverk.plans.demo import load_demo_plans
    from planverk.plans.models import (
        Goal,
        GoalKind,
        Measure,
        Objective,
        ObjectiveKind,
        Plan,
        PlanLevel,
        PlanLink,
        PlanOwner,
        PlanStatus,
        PreventionLevel,
        Responsibility,
        ResponsibilityRole,
        TargetGroup,
    )

    rng = random.Random(seed)
    with transaction.atomic():
        load_reference_data()
        load_demo_plans()
        load_demo_followup()

    with transaction.atomic():
        municipalities = list(Organisation.objects.municipalities().order_by("number"))
        existing = set(Unit.objects.values_list("organisation_id", "name"))
        Unit.objects.bulk_create(
            Unit(organisation=m, name=name, kind=kind)
            for m in municipalities
            for name, kind in UNIT_NAMES
            if (m.pk, name) not in existing
        )
        units: dict[int, list[int]] = {}
        for unit_id, organisation_id in Unit.objects.filter(organisation__in=municipalities).values_list(
            "pk", "organisation_id"
        ):
            units.setdefault(organisation_id, []).append(unit_id)

        national = Plan.objects.get(fixture_key="national-2020")
        national_goals = list(national.goals.values_list("pk", flat=True))
        national_measures = list(national.measures.values_list("pk", flat=True))
        target_groups = list(TargetGroup.objects.values_list("pk", flat=True))
        prevention_levels = [*PreventionLevel.values, ""]

        plans = Plan.objects.bulk_create(
            Plan(
                level=PlanLevel.MUNICIPAL,
                title=f"Handlingsplan for forebygging av selvmord – {m.name}",
                summary=words(rng, 60),
                period_start=2024,
                period_end=2027,
                status=PlanStatus.ADOPTED,
                adopted_by="Kommunestyret",
                adopted_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
                case_number=f"24/{rng.randrange(1, 999)}",
            )
            for m in municipalities
        )
        PlanOwner.objects.bulk_create(
            PlanOwner(plan=p, organisation=m) for p, m in zip(plans, municipalities, strict=True)
        )

        goals_by_plan: dict[int, list[Goal]] = {}
        goals = []
        for plan in plans:
            goals_by_plan[plan.pk] = [
                Goal(plan=plan, order=i, number=str(i), kind=GoalKind.GOAL, title=words(rng, 8))
                for i in range(1, rng.randint(0, 6) + 1)
            ]
            goals += goals_by_plan[plan.pk]
        Goal.objects.bulk_create(goals)

        measures = []
        measure_units: list[list[int]] = []
        for plan, municipality in zip(plans, municipalities, strict=True):
            plan_goals = goals_by_plan[plan.pk]
            for i in range(1, rng.randint(10, 25) + 1):
                measures.append(
                    Measure(
                        plan=plan,
                        goal=rng.choice(plan_goals) if plan_goals else None,
                        order=i,
                        number=str(i),
                        title=words(rng, 10),
                        what=words(rng, 50),
                        why=words(rng, 30),
                        timeframe=f"I løpet av {rng.choice([2024, 2025, 2026, 2027])}",
                        due_year=rng.choice([None, 2025, 2026, 2027]),
                        partners=words(rng, 6),
                        cost="Innenfor eksisterende rammer",
                        prevention_level=rng.choice(prevention_levels),
                        arenas="skole, fritid",
                        is_new=rng.choice([True, False, None]),
                    )
                )
                measure_units.append(rng.sample(units[municipality.pk], rng.randint(1, 3)))
        Measure.objects.bulk_create(measures)

        Responsibility.objects.bulk_create(
            Responsibility(
                measure=measure,
                unit_id=unit_id,
                role=ResponsibilityRole.PRIMARY if i == 0 else ResponsibilityRole.COLLABORATOR,
                order=i,
            )
            for measure, unit_ids in zip(measures, measure_units, strict=True)
            for i, unit_id in enumerate(unit_ids)
        )
        Measure.target_groups.through.objects.bulk_create(
            Measure.target_groups.through(measure_id=measure.pk, targetgroup_id=group_id)
            for measure in measures
            for group_id in rng.sample(target_groups, rng.randint(0, 4))
        )
        Objective.objects.bulk_create(
            Objective(
                measure=measure,
                kind=rng.choice(ObjectiveKind.values),
                order=i,
                text=words(rng, 15),
                measurement_method=words(rng, 8),
            )
            for measure in measures
            for i in range(rng.randint(0, 4))
        )
        links = [PlanLink(from_goal=g, to_goal_id=rng.choice(national_goals)) for g in goals if rng.random() < 0.7]
        links += [
            PlanLink(from_measure=m, to_measure_id=rng.choice(national_measures))
            for m in measures
            if rng.random() < 0.15
        ]
        PlanLink.objects.bulk_create(links)
        # "See also" is symmetrical: both directions are rows.
        pairs = [(a.pk, b.pk) for a, b in itertools.pairwise(measures) if a.plan_id == b.plan_id and rng.random() < 0.1]
        Measure.see_also.through.objects.bulk_create(
            Measure.see_also.through(from_measure_id=x, to_measure_id=y) for a, b in pairs for x, y in ((a, b), (b, a))
        )

    return {
        "organisations": Organisation.objects.count(),
        "units": Unit.objects.count(),
        "plans": Plan.objects.count(),
        "goals": Goal.objects.count(),
        "measures": Measure.objects.count(),
        "responsibilities": Responsibility.objects.count(),
        "target_group_rows": Measure.target_groups.through.objects.count(),
        "objectives": Objective.objects.count(),
        "links": PlanLink.objects.count(),
    }


# ---------------------------------------------------------------------------------------------
# The measurements


@dataclass
class Result:
    name: str
    url: str
    status: int
    queries: int
    bytes: int
    median_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float
    runs: int
    warmup: int


def pages() -> list[tuple[str, str]]:
    from django.db.models import Count
    from django.urls import reverse

    from planverk.plans.models import Measure, Plan, PlanLevel

    counted = Plan.objects.published().annotate(n=Count("measures")).order_by("n", "pk")
    municipal = list(counted.filter(level=PlanLevel.MUNICIPAL, fixture_key__isnull=True))
    typical = municipal[len(municipal) // 2]
    largest = counted.order_by("-n", "pk").first()
    assert largest is not None
    # The measure of the typical plan with the most to show: units, objectives and links.
    measure = (
        Measure.objects.filter(plan=typical)
        .annotate(
            n=Count("responsibilities", distinct=True)
            + Count("objectives", distinct=True)
            + Count("links_out", distinct=True)
        )
        .order_by("-n", "pk")
        .first()
    )
    assert measure is not None
    return [
        ("Plan list", reverse("public:plan_list")),
        (f"Plan page, typical ({typical.n} measures)", reverse("public:plan_detail", args=[typical.pk])),
        (f"Plan page, largest ({largest.n} measures)", reverse("public:plan_detail", args=[largest.pk])),
        ("Measure page", reverse("public:measure_detail", args=[typical.pk, measure.pk])),
        ("API plan list", reverse("api:plan_list")),
        ("API plan, typical", reverse("api:plan_detail", args=[typical.pk])),
        ("API plan, largest", reverse("api:plan_detail", args=[largest.pk])),
    ]


def report_pages() -> list[tuple[str, str]]:
    """The national plan's dashboard and its status report per 10 September 2025 (61 measures), in each format."""
    from django.urls import reverse

    from planverk.followup.models import ReportingRound

    reporting_round = ReportingRound.objects.select_related("plan").get(plan__fixture_key="national-2020")
    plan_id, round_id = reporting_round.plan_id, reporting_round.pk
    return [
        ("Dashboard, national plan", reverse("followup_public:dashboard", args=[plan_id])),
        ("Status report HTML, national", reverse("followup_public:report", args=[plan_id, round_id])),
        ("Status report PDF, national", reverse("followup_public:report_pdf", args=[plan_id, round_id])),
        ("Status report DOCX, national", reverse("followup_public:report_docx", args=[plan_id, round_id])),
    ]


def measure(name: str, url: str, *, runs: int, warmup: int) -> Result:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for _ in range(warmup):
        client.get(url)
    # Counted apart from the timed runs: recording queries costs time of its own.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Read now: the next request clears the connection's query log.
    queries = len(captured)
    if response.status_code != 200:
        raise SystemExit(f"{name}: {url} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18] if runs > 1 else timings[0]
    return Result(
        name=name,
        url=url,
        status=response.status_code,
        queries=queries,
        bytes=len(response.content),
        median_ms=round(statistics.median(timings), 2),
        p95_ms=round(p95, 2),
        min_ms=round(min(timings), 2),
        max_ms=round(max(timings), 2),
        runs=runs,
        warmup=warmup,
    )


def print_table(database: str, dataset: dict[str, int], results: list[Result]) -> None:
    print()
    print(f"Database: {database}")
    print(f"Runs:     {results[0].runs} timed requests per page after {results[0].warmup} warm-up requests")
    print("          (the PDF and DOCX reports: a fifth of the runs after one warm-up request)")
    print("Dataset:  " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in dataset.items()))
    print()
    name_width = max(len(r.name) for r in results)
    header = f"{'page':<{name_width}}  {'median ms':>9}  {'p95 ms':>8}  {'queries':>7}  {'kB':>7}  url"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:<{name_width}}  {r.median_ms:>9.1f}  {r.p95_ms:>8.1f}  {r.queries:>7}  "
            f"{r.bytes / 1024:>7.1f}  {r.url}"
        )
    print()


def run(args: argparse.Namespace, database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # As in production: Django keeps no log of queries unless CaptureQueriesContext asks for one.
    os.environ["DEBUG"] = "0"
    # WhiteNoise warns that collectstatic has not been run; the benchmark requests no static files.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"Migrating a fresh {connection.vendor} database …", flush=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print("Building the national-scale dataset …", flush=True)
    start = time.perf_counter()
    dataset = build_dataset(args.seed)
    build_seconds = round(time.perf_counter() - start, 1)
    print(f"  built in {build_seconds} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # Start from a clean heap, as a freshly started server process would.
    gc.collect()

    results = []
    for name, url in pages():
        print(f"Measuring {name} …", flush=True)
        results.append(measure(name, url, runs=args.runs, warmup=args.warmup))
    # A PDF takes seconds, not milliseconds: the documents get a fifth of the runs.
    for name, url in report_pages():
        print(f"Measuring {name} …", flush=True)
        document = url.endswith((".pdf", ".docx"))
        runs = max(1, args.runs // 5) if document else args.runs
        results.append(measure(name, url, runs=runs, warmup=min(args.warmup, 1) if document else args.warmup))

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    database = f"{connection.vendor} {version}"
    print_table(database, dataset, results)

    report: dict[str, Any] = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": database,
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": platform.platform(),
        "runs": args.runs,
        "warmup": args.warmup,
        "seed": args.seed,
        "build_seconds": build_seconds,
        "dataset": dataset,
        "results": [asdict(r) for r in results],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Written to {args.output}")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    database = postgres_database(args.database_url) if args.database_url else sqlite_database()
    with database as url:
        run(args, url)


if __name__ == "__main__":
    main()
