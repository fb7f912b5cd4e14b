"""Statistics writes: importing a file and publishing the suppressed result. Each in one transaction.

An import validates the whole file before it writes anything; a file with one bad cell changes nothing. A series
(geography × sex × age group) in the file replaces the stored series of the same name, all its years: registers
revise earlier years. After the import the published cells are recomputed from everything stored, in the same
transaction, so that no page ever shows figures the suppression rules have not seen.

From the workspace an import runs as a job (in a background thread, or within the request in tests), whose row
records how far it has come for the page that waits on it.
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from planverk.accounts.models import User
from planverk.lib.background import start_after_commit
from planverk.organisations.models import Organisation, OrganisationKind
from planverk.stats import compute, formats
from planverk.stats.models import (
    COUNTRY,
    ImportRun,
    ImportStage,
    JobState,
    Observation,
    Publication,
    PublishedCell,
    Series,
    StatisticsImportJob,
)
from planverk.stats.suppression import Geography, Rules, age_bounds, suppress
from planverk.stats.suppression import Observation as Figure

SeriesKey = tuple[str, str, str]
Progress = Callable[[int, int, str], None]

# Series written per round of queries while storing, and so between two reports of progress.
STORE_BATCH = 100

logger = logging.getLogger(__name__)


class StatisticsImportError(ValidationError):
    """The file was refused; nothing was changed. `messages` names each problem and where it is."""


def rules_from_settings() -> Rules:
    return Rules(
        threshold=settings.STATS_SUPPRESSION_THRESHOLD,
        pooled_years=settings.STATS_POOLED_YEARS,
        series_hidden_share=settings.STATS_SERIES_HIDDEN_SHARE,
    )


def geography_tree() -> Geography:
    parents: dict[str, str | None] = {COUNTRY: None}
    municipalities = []
    rows = Organisation.objects.filter(kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY]).values_list(
        "number", "kind", "county__number"
    )
    for number, kind, county in rows:
        if kind == OrganisationKind.COUNTY:
            parents[number] = COUNTRY
        else:
            parents[number] = county or COUNTRY
            municipalities.append(number)
    return Geography(parents, municipalities)


def statistics_import(
    *,
    content: bytes,
    file_name: str,
    source: str,
    note: str,
    by: User | None,
    now: datetime.datetime,
    progress: Progress | None = None,
) -> ImportRun:
    """Import a file, or refuse it whole. `progress(done, total, stage)` is told how far it has come: once per stage,
    and every STORE_BATCH series while storing."""
    started = time.perf_counter()
    report = progress or _no_progress
    if len(content) > settings.STATS_IMPORT_MAX_BYTES:
        raise StatisticsImportError(
            _("Filen er for stor (%(size)s MB); største tillatte er %(max)s MB.")
            % {"size": round(len(content) / 1_048_576, 1), "max": round(settings.STATS_IMPORT_MAX_BYTES / 1_048_576, 1)}
        )
    report(0, 1, ImportStage.PARSE)
    try:
        parsed = formats.parse(content, geographies=geography_tree().parents.keys())
    except formats.FileError as error:
        raise StatisticsImportError(error.messages) from None
    with transaction.atomic():
        _one_writer_at_a_time()
        report(0, 1, ImportStage.VALIDATE)
        keys = {(row.geo, row.sex, row.age) for row in parsed.rows}
        kept = _kept_observations(keys, geos={row.geo for row in parsed.rows})
        problems = _validate(parsed.rows, kept, now=now)
        if problems:
            raise StatisticsImportError(problems)
        run = ImportRun.objects.create(
            imported_at=now,
            imported_by=by,
            file_name=file_name[:255],
            file_format=parsed.format,
            source=(source.strip() or parsed.source or file_name)[:300],
            note=note.strip()[:300],
        )
        created, replaced = _store(parsed.rows, keys, run, report)
        report(0, 1, ImportStage.PUBLISH)
        publication = statistics_publish(now=now)
        report(1, 1, ImportStage.PUBLISH)
        years = [row.year for row in parsed.rows]
        run.summary = {
            "rows": len(parsed.rows),
            "series": len(keys),
            "series_created": created,
            "series_replaced": replaced,
            "geographies": len({row.geo for row in parsed.rows}),
            "first_year": min(years),
            "last_year": max(years),
            "hidden_at_source": sum(1 for row in parsed.rows if row.count is None),
            "published_cells": publication.cells - publication.hidden,
            "hidden_cells": publication.hidden,
            "seconds": round(time.perf_counter() - started, 2),
        }
        run.save(update_fields=["summary"])
    return run


def _no_progress(done: int, total: int, stage: str) -> None:
    pass


def _kept_observations(keys: set[SeriesKey], *, geos: set[str]) -> list[formats.Row]:
    """Stored figures of the file's geographies in series the file does not replace: the breakdown rules are
    checked on the data as it will be after the import."""
    rows = Observation.objects.filter(series__geo__in=geos).values_list(
        "series__geo", "year", "series__sex", "series__age", "count", "population"
    )
    return [
        formats.Row(geo, year, sex, age, count, population, _("lagret fra før"))
        for geo, year, sex, age, count, population in rows
        if (geo, sex, age) not in keys
    ]


def _validate(rows: list[formats.Row], kept: list[formats.Row], *, now: datetime.datetime) -> list[str]:
    problems: list[str] = []

    def add(message: str) -> None:
        if len(problems) < formats.MAX_ERRORS:
            problems.append(message)

    seen: dict[tuple[str, int, str, str], str] = {}
    for row in rows:
        if not 1900 <= row.year <= now.year:
            add(_("%(where)s: årstallet %(year)s er ikke mulig.") % {"where": row.where, "year": row.year})
        if row.population is not None and row.population == 0:
            add(_("%(where)s: folketallet kan ikke være 0.") % {"where": row.where})
        if row.count is not None and row.population is not None and row.population < row.count:
            add(
                _("%(where)s: antallet (%(count)s) er større enn folketallet (%(population)s).")
                % {"where": row.where, "count": row.count, "population": row.population}
            )
        key = (row.geo, row.year, row.sex, row.age)
        if key in seen:
            add(_("%(where)s: samme tall står også på %(other)s.") % {"where": row.where, "other": seen[key]})
        seen[key] = row.where
    if not problems:
        problems += _breakdown_problems([*rows, *kept])
    return problems[: formats.MAX_ERRORS]


def _breakdown_problems(rows: Iterable[formats.Row]) -> list[str]:
    """A breakdown must be complete and add up, or the missing part could be computed as a difference (the rule
    against deriving hidden figures covers only figures that exist)."""
    by_place: dict[tuple[str, int], dict[tuple[str, str], formats.Row]] = defaultdict(dict)
    for row in rows:
        by_place[(row.geo, row.year)][(row.sex, row.age)] = row
    problems = []
    for (geo, year), cells in sorted(by_place.items()):
        place = f"{geo}, {year}"
        sexes = {sex for sex, _age in cells}
        ages = {age for _sex, age in cells}
        missing = [(sex, age) for sex in sorted(sexes) for age in sorted(ages) if (sex, age) not in cells]
        if missing:
            problems.append(
                _("%(place)s: tallene må dekke alle kombinasjoner av kjønn og alder; %(missing)s mangler.")
                % {"place": place, "missing": "; ".join(_describe(part) for part in missing[:5])}
            )
            continue
        if "total" in sexes and len(sexes & {"male", "female"}) == 1:
            problems.append(
                _("%(place)s: tall for bare det ene kjønnet sammen med totalen lar det andre regnes ut; ta med begge.")
                % {"place": place}
            )
            continue
        groups = sorted((age_bounds(age), age) for age in ages if age != "total")
        gap = _age_gap(groups, whole="total" in ages)
        if gap:
            problems.append(f"{place}: {gap}")
            continue
        problems += _sums_problems(place, cells, sexes, ages)
    return problems


def _age_gap(groups: list[tuple[tuple[int, int | None], str]], *, whole: bool) -> str:
    end: int | None = 0
    for (first, group_end), label in groups:
        if end is None or first < end:
            return _("aldersgruppene overlapper (%(age)s); da kunne en del regnes ut som differanse.") % {"age": label}
        if whole and first > end:
            return _(
                "aldersgruppene dekker ikke alle aldre (%(first)s–%(last)s mangler), "
                "så resten kunne regnes ut av totalen."
            ) % {
                "first": end,
                "last": first - 1,
            }
        end = group_end
    if whole and groups and end is not None:
        return _(
            "aldersgruppene dekker ikke alle aldre (fra %(first)s år mangler), så resten kunne regnes ut av totalen."
        ) % {"first": end}
    return ""


def _sums_problems(place: str, cells: dict[tuple[str, str], formats.Row], sexes: set[str], ages: set[str]) -> list[str]:
    problems = []
    parts_of_sex = ["male", "female"] if {"male", "female"} <= sexes else []
    parts_of_age = sorted(age for age in ages if age != "total")
    checks: list[tuple[tuple[str, str], list[tuple[str, str]]]] = []
    if "total" in sexes and parts_of_sex:
        checks += [(("total", age), [(sex, age) for sex in parts_of_sex]) for age in ages]
    if "total" in ages and parts_of_age:
        checks += [((sex, "total"), [(sex, age) for age in parts_of_age]) for sex in sexes]
    for whole, parts in checks:
        counts = [cells[part].count for part in parts]
        total = cells[whole].count
        if total is None or None in counts:
            continue
        if total != sum(c for c in counts if c is not None):
            problems.append(
                _("%(place)s: %(whole)s er %(total)s, men %(parts)s er til sammen %(sum)s.")
                % {
                    "place": place,
                    "whole": _describe(whole),
                    "total": total,
                    "parts": " + ".join(_describe(p) for p in parts),
                    "sum": sum(c for c in counts if c is not None),
                }
            )
    return problems


def _describe(cell: tuple[str, str]) -> str:
    """(sex, age) as a reader says it: «menn, 15–19 år», «begge kjønn, alle aldre»."""
    sex, age = cell
    sex_text = {"total": _("begge kjønn"), "male": _("menn"), "female": _("kvinner")}[sex]
    age_text = _("alle aldre") if age == "total" else _("%(age)s år") % {"age": age.replace("-", "–")}
    return f"{sex_text}, {age_text}"


def _store(rows: list[formats.Row], keys: set[SeriesKey], run: ImportRun, report: Progress) -> tuple[int, int]:
    rows_by_key: dict[SeriesKey, list[formats.Row]] = defaultdict(list)
    for row in rows:
        rows_by_key[(row.geo, row.sex, row.age)].append(row)
    ordered = sorted(keys)  # by geography first, so that a place's series are written together
    created = replaced = 0
    report(0, len(ordered), ImportStage.STORE)
    for start in range(0, len(ordered), STORE_BATCH):
        batch = ordered[start : start + STORE_BATCH]
        new, existing = _store_batch(batch, rows_by_key, run)
        created, replaced = created + new, replaced + existing
        report(start + len(batch), len(ordered), ImportStage.STORE)
    return created, replaced


def _store_batch(
    batch: list[SeriesKey], rows_by_key: dict[SeriesKey, list[formats.Row]], run: ImportRun
) -> tuple[int, int]:
    wanted = set(batch)
    existing = {
        (s.geo, s.sex, s.age): s
        for s in Series.objects.filter(geo__in={k[0] for k in batch})
        if (s.geo, s.sex, s.age) in wanted
    }
    Observation.objects.filter(series__in=existing.values()).delete()
    for series in existing.values():
        series.source, series.note, series.import_run = run.source, run.note, run
    Series.objects.bulk_update(existing.values(), ["source", "note", "import_run"])
    new = Series.objects.bulk_create(
        Series(geo=geo, sex=sex, age=age, source=run.source, note=run.note, import_run=run)
        for geo, sex, age in batch
        if (geo, sex, age) not in existing
    )
    by_key = existing | {(s.geo, s.sex, s.age): s for s in new}
    Observation.objects.bulk_create(
        (
            Observation(series=by_key[key], year=row.year, count=row.count, population=row.population)
            for key in batch
            for row in rows_by_key[key]
        ),
        batch_size=2000,
    )
    return len(new), len(existing)


# Any constant: the key of the PostgreSQL advisory lock that imports and publications take.
_WRITER_LOCK = 7_462_001


def _one_writer_at_a_time() -> None:
    """Imports and publications wait for each other: two at once would each recompute the published cells without
    the other's series, and the last to commit would win. The lock is released when the transaction ends. SQLite
    lets one connection write at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_WRITER_LOCK])


@transaction.atomic
def statistics_publish(*, now: datetime.datetime) -> Publication:
    """Recompute every published cell from the stored figures, under the rules in the settings."""
    _one_writer_at_a_time()
    rules = rules_from_settings()
    provenance = {(s.geo, s.sex, s.age): (s.source, s.note) for s in Series.objects.all()}
    figures = [
        Figure(geo, year, sex, age, count, population)
        for geo, year, sex, age, count, population in Observation.objects.values_list(
            "series__geo", "year", "series__sex", "series__age", "count", "population"
        )
    ]
    cells = suppress(figures, geography=geography_tree(), rules=rules)
    published = []
    for cell in cells:
        source, note = provenance[(cell.geo, cell.sex, cell.age)]
        row = PublishedCell(
            geo=cell.geo,
            first_year=cell.first_year,
            last_year=cell.last_year,
            sex=cell.sex,
            age=cell.age,
            source=source,
            note=note,
        )
        if cell.reason is not None:
            row.reason = cell.reason.value
        else:
            assert cell.count is not None
            row.count = cell.count
            row.population = cell.population
            if cell.population:
                row.rate = compute.rate(cell.count, cell.population)
                row.ci_low, row.ci_high = compute.rate_interval(cell.count, cell.population)
        published.append(row)
    PublishedCell.objects.all().delete()
    PublishedCell.objects.bulk_create(published, batch_size=2000)
    Publication.objects.all().delete()
    return Publication.objects.create(
        computed_at=now,
        threshold=rules.threshold,
        pooled_years=rules.pooled_years,
        series_hidden_share=rules.series_hidden_share,
        cells=len(cells),
        hidden=sum(1 for cell in cells if cell.suppressed),
    )


# --- Imports from the workspace, run as jobs whose page shows their progress ---------------------------------------


# A job still queued or running after this long has stopped (the server restarted, the thread died).
STALLED_AFTER = datetime.timedelta(minutes=30)


@transaction.atomic
def statistics_job_create(
    *, content: bytes, file_name: str, source: str, note: str, by: User | None, now: datetime.datetime
) -> StatisticsImportJob:
    # Jobs that stopped long ago are closed here, so no uploaded file is kept for ever.
    StatisticsImportJob.objects.filter(
        state__in=[JobState.QUEUED, JobState.RUNNING], created_at__lt=now - STALLED_AFTER
    ).update(
        state=JobState.FAILED,
        content=None,
        finished_at=now,
        errors=[_("Importen ble avbrutt før den ble ferdig, for eksempel fordi serveren startet på nytt.")],
    )
    return StatisticsImportJob.objects.create(
        content=content,
        file_name=file_name[:255],
        source=source.strip()[:300],
        note=note.strip()[:300],
        started_by=by,
        created_at=now,
    )


def statistics_job_start(*, job: StatisticsImportJob, language: str) -> None:
    """Run the import now, or in a background thread when the settings say so (the job's page shows progress)."""
    if settings.STATS_IMPORT_IN_BACKGROUND:
        start_after_commit(_run_in_thread, job.pk, language)
    else:
        with override(language):
            statistics_job_run(job=job, now=timezone.now())


def _run_in_thread(pk: int, language: str) -> None:
    with override(language):
        statistics_job_run(job=StatisticsImportJob.objects.get(pk=pk), now=timezone.now())


def statistics_job_run(*, job: StatisticsImportJob, now: datetime.datetime) -> None:
    StatisticsImportJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, started_at=now, stage=ImportStage.PARSE, done=0, total=1
    )
    with _JobProgress(job.pk) as progress:
        try:
            with transaction.atomic():
                run = statistics_import(
                    content=bytes(job.content or b""),
                    file_name=job.file_name,
                    source=job.source,
                    note=job.note,
                    by=job.started_by,
                    now=now,
                    progress=progress,
                )
                # In the import's own transaction: a job is done exactly when its figures are stored.
                _finish(job, progress.last, state=JobState.DONE, run=run)
        except StatisticsImportError as error:
            _finish(job, progress.last, state=JobState.FAILED, errors=error.messages)
        except Exception:
            logger.exception("Statistics import job %s failed", job.pk)
            _finish(
                job,
                progress.last,
                state=JobState.FAILED,
                errors=[_("Importen stoppet på grunn av en feil i Planverk. Ingenting er endret. Prøv igjen senere.")],
            )


class _JobProgress:
    """Records an import's progress on its job row, where the waiting page can read it while the import's
    transaction is still open.

    The import's own writes are invisible to others until it commits, so inside its transaction the row is written
    through a second connection. SQLite lets only one connection write at a time (its in-memory test database
    refuses at once), so there progress inside the transaction is kept here and written when the job finishes."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.last: tuple[int, int, str] = (0, 1, ImportStage.PARSE)
        self.side: BaseDatabaseWrapper | None = None

    def __call__(self, done: int, total: int, stage: str) -> None:
        self.last = (done, total, stage)
        # Progress is only shown to the waiting user: a busy database must not fail the import for it.
        try:
            if not connection.in_atomic_block:
                StatisticsImportJob.objects.filter(pk=self.pk).update(done=done, total=total, stage=stage)
            elif connection.vendor != "sqlite":
                if self.side is None:
                    self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                    with self.side.cursor() as cursor:
                        # Never wait long for the row: progress is not worth holding up the import.
                        cursor.execute("SET lock_timeout = '2s'")
                table = self.side.ops.quote_name(StatisticsImportJob._meta.db_table)
                with self.side.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {table} SET done = %s, total = %s, stage = %s WHERE id = %s",  # noqa: S608
                        [done, total, stage, self.pk],
                    )
        except DatabaseError:
            logger.warning("Could not record the progress of statistics import job %s", self.pk)

    def __enter__(self) -> "_JobProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.side is not None:
            self.side.close()


def _finish(
    job: StatisticsImportJob,
    last: tuple[int, int, str],
    *,
    state: str,
    run: ImportRun | None = None,
    errors: list[str] | None = None,
) -> None:
    # The file is not kept once the import has ended, whichever way: the import run records what it did.
    job.done, job.total, job.stage = last
    job.state = state
    job.run = run
    job.errors = errors or []
    job.content = None
    job.finished_at = timezone.now()
    job.save(update_fields=["done", "total", "stage", "state", "run", "errors", "content", "finished_at"])
