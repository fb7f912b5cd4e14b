"""Statistics at national scale: how long suppressed rolling rates take for every municipality, and how fast the
statistics pages and API answer.

Generates yearly suicide counts for all 357 municipalities (realistic populations, about 12 per 100 000 a year),
adds them up for the 15 counties and the country, then measures, on a throwaway database:

1. the pure computation: suppression (primary, series and the exact secondary audit across years, sexes and the
   geography tree) and the rates with exact intervals, in memory;
2. the import of the whole file through the service (parse, validate, store, publish in one transaction);
3. the statistics page, the CSV file and the API for a typical municipality and for the country.

Run with --by-sex to add men and women to every series (three times the cells, and yearly municipal breakdowns
that the audit must keep hidden). See bench/README.md.
"""

import argparse
import datetime
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Result, measure, postgres_database, sqlite_database  # noqa: E402

RATE = 12e-5


def poisson(rng: random.Random, mean: float) -> int:
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def generate(seed: int, years: range, by_sex: bool) -> tuple[list[str], dict[str, int]]:
    """CSV lines for every municipality, county and the country; and each municipality's population."""
    from planverk.organisations.models import Organisation

    rng = random.Random(seed)
    municipalities = list(Organisation.objects.municipalities().values_list("number", "county__number"))
    sexes = ["male", "female"] if by_sex else ["total"]
    figures: dict[tuple[str, int, str], tuple[int, int]] = {}
    populations = {}
    for number, _county in municipalities:
        population = (
            700_000 if number == "0301" else int(min(max(rng.lognormvariate(math.log(5_000), 1.1), 200), 300_000))
        )
        populations[number] = population
        for year in years:
            for sex in sexes:
                share = population // 2 if by_sex else population
                rate = RATE * (1.4 if sex == "male" else 0.6 if sex == "female" else 1.0)
                figures[(number, year, sex)] = (poisson(rng, share * rate), share)
    rows = ["geo;year;sex;age;count;population"]
    groups: dict[str, list[str]] = {"0": [m for m, _ in municipalities]}
    for number, county in municipalities:
        groups[number] = [number]
        if county:
            groups.setdefault(county, []).append(number)
    for geo, members in groups.items():
        for year in years:
            total_count = total_population = 0
            for sex in sexes:
                count = sum(figures[(m, year, sex)][0] for m in members)
                population = sum(figures[(m, year, sex)][1] for m in members)
                total_count, total_population = total_count + count, total_population + population
                if by_sex:
                    rows.append(f"{geo};{year};{sex};total;{count};{population}")
            rows.append(f"{geo};{year};total;total;{total_count};{total_population}")
    return rows, populations


def time_computation(runs: int) -> dict[str, Any]:
    """Suppression and rates for everything stored, in memory (no database writes)."""
    from planverk.stats import compute
    from planverk.stats.models import Observation
    from planverk.stats.services import geography_tree, rules_from_settings
    from planverk.stats.suppression import Observation as Figure
    from planverk.stats.suppression import suppress

    figures = [
        Figure(*row)
        for row in Observation.objects.values_list(
            "series__geo", "year", "series__sex", "series__age", "count", "population"
        )
    ]
    geography, rules = geography_tree(), rules_from_settings()
    timings = []
    for _ in range(runs):
        compute.poisson_interval.cache_clear()
        started = time.perf_counter()
        cells = suppress(figures, geography=geography, rules=rules)
        for cell in cells:
            if not cell.suppressed and cell.count is not None and cell.population:
                compute.rate(cell.count, cell.population)
                compute.rate_interval(cell.count, cell.population)
        timings.append(time.perf_counter() - started)
    hidden = sum(1 for c in cells if c.suppressed)
    return {
        "figures": len(figures),
        "cells": len(cells),
        "hidden": hidden,
        "pooled_cells": sum(1 for c in cells if c.is_pooled),
        "median_s": round(statistics.median(timings), 3),
        "max_s": round(max(timings), 3),
        "runs": runs,
    }


def run(args: argparse.Namespace, database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "0"
    import warnings

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from planverk.organisations.reference import load_reference_data
    from planverk.stats.services import statistics_import

    print(f"Migrating a fresh {connection.vendor} database …", flush=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    load_reference_data()
    years = range(2025 - args.years, 2025)
    rows, populations = generate(args.seed, years, args.by_sex)
    content = ("\n".join(rows) + "\n").encode()
    print(
        f"Importing {len(rows) - 1} figures ({len(populations)} municipalities, counties, country × {args.years} years"
        f"{', by sex' if args.by_sex else ''}; {len(content) / 1024:.0f} kB) …",
        flush=True,
    )
    started = time.perf_counter()
    run_ = statistics_import(
        content=content, file_name="bench.csv", source="Benchmark", note="", by=None, now=timezone.now()
    )
    import_seconds = round(time.perf_counter() - started, 2)
    print(f"  imported and published in {import_seconds} s", flush=True)
    print("Computing suppressed rolling rates in memory …", flush=True)
    computation = time_computation(args.runs)

    from planverk.organisations.models import Organisation

    # The municipality of median population: a typical page, with much of it hidden.
    typical = sorted(populations, key=lambda number: (populations[number], number))[len(populations) // 2]

    slug = Organisation.objects.get(number=typical).slug
    pages = [
        (f"Statistics page, {slug}", reverse("stats:geography", args=[slug])),
        ("Statistics page, Norway", reverse("stats:geography", args=["norge"])),
        (f"CSV, {slug}", reverse("stats:table_csv", args=[slug])),
        (f"API, {typical}", reverse("stats_api:statistics", args=[typical])),
        ("API, Norway", reverse("stats_api:statistics", args=["0"])),
    ]
    results: list[Result] = []
    for name, url in pages:
        print(f"Measuring {name} …", flush=True)
        results.append(measure(name, url, runs=args.page_runs, warmup=3))

    print()
    print(f"Database:    {connection.vendor}")
    print(
        f"Dataset:     {run_.summary['rows']} yearly figures, {computation['cells']} cells "
        f"({computation['pooled_cells']} pooled over {settings.STATS_POOLED_YEARS} years), "
        f"{computation['hidden']} hidden"
    )
    print(f"Import:      {import_seconds} s for the whole file (parse, validate, store, suppress, publish)")
    print(
        f"Computation: {computation['median_s']} s median, {computation['max_s']} s max over {args.runs} runs "
        "(suppression with the exact audit, and rates with exact intervals, for every cell)"
    )
    print()
    width = max(len(r.name) for r in results)
    print(f"{'page':<{width}}  {'median ms':>9}  {'p95 ms':>8}  {'queries':>7}  {'kB':>7}")
    for r in results:
        print(f"{r.name:<{width}}  {r.median_ms:>9.1f}  {r.p95_ms:>8.1f}  {r.queries:>7}  {r.bytes / 1024:>7.1f}")
    report = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": platform.platform(),
        "by_sex": args.by_sex,
        "years": args.years,
        "import_seconds": import_seconds,
        "import_summary": run_.summary,
        "computation": computation,
        "pages": [asdict(r) for r in results],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nWritten to {args.output}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="a postgres:// URL of a database (its name containing 'bench') to "
        "create and drop; default a temporary SQLite file",
    )
    parser.add_argument("--years", type=int, default=25)
    parser.add_argument("--by-sex", action="store_true", help="men and women as well as totals")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the computation (default 3)")
    parser.add_argument("--page-runs", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "stats.json")
    args = parser.parse_args(argv)
    if args.database_url and "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("the database name must contain 'bench': it is dropped after the run")
    database = postgres_database(args.database_url) if args.database_url else sqlite_database()
    with database as url:
        run(args, url)


if __name__ == "__main__":
    main()
