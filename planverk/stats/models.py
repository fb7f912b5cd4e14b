"""Aggregate statistics: imported yearly counts (raw, read only by the suppression service) and the published,
suppressed result that every page, API answer, CSV file and chart reads.

No row here is about a person: a count is the number of registered suicides in one geography, year, sex and age
group, as published by the Cause of Death Registry (FHI).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from planverk.stats.suppression import Reason

COUNTRY = "0"


class Sex(models.TextChoices):
    TOTAL = "total", _("Begge kjønn")
    MALE = "male", _("Menn")
    FEMALE = "female", _("Kvinner")


REASON_TEXTS = {
    Reason.PRIVACY: _("Skjult av personvernhensyn: tallet er lite, eller det kunne ha blitt regnet ut fra andre tall."),
    Reason.SERIES: _("Skjult fordi de fleste tallene i denne serien er for små til å vises."),
    Reason.SOURCE: _("Skjult allerede av kilden."),
    Reason.BREAKDOWN: _("Kommunetall fordelt på kjønn eller alder vises bare samlet over flere år."),
}


class ImportRun(models.Model):
    """One successful import: who, when, what file, and what it changed. Failed imports change nothing."""

    imported_at = models.DateTimeField(_("importert"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("filnavn"), max_length=255)
    file_format = models.CharField(_("format"), max_length=20)
    source = models.CharField(_("kilde"), max_length=300)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    summary = models.JSONField(_("sammendrag"), default=dict)

    class Meta:
        verbose_name = _("statistikkimport")
        verbose_name_plural = _("statistikkimporter")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class JobState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Importeres")
    DONE = "done", _("Ferdig")
    FAILED = "failed", _("Mislyktes")


class ImportStage(models.TextChoices):
    PARSE = "parse", _("Leser filen")
    VALIDATE = "validate", _("Kontrollerer tallene")
    STORE = "store", _("Lagrer seriene")
    PUBLISH = "publish", _("Regner ut de publiserte tallene på nytt")


class StatisticsImportJob(models.Model):
    """One upload from the workspace on its way through the import, with the progress its page shows.

    The file is kept only until the import has finished, whichever way it ended."""

    state = models.CharField(_("status"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    file_name = models.CharField(_("filnavn"), max_length=255)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    content = models.BinaryField(null=True, editable=False)
    # Progress within the current stage: `done` of `total` steps (series while storing).
    stage = models.CharField(_("trinn"), max_length=10, choices=ImportStage.choices, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    errors = models.JSONField(_("feil"), default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("lastet opp"))
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("statistikkimportjobb")
        verbose_name_plural = _("statistikkimportjobber")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[JobState.QUEUED, JobState.RUNNING]) | Q(content__isnull=True),
                name="stats_job_keeps_no_file_when_finished",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)


class Series(models.Model):
    """Yearly counts for one geography, sex and age group. A new import of the same series replaces it."""

    # Kommunenummer, fylkesnummer, or "0" for the whole country.
    geo = models.CharField(_("geografi"), max_length=4)
    sex = models.CharField(_("kjønn"), max_length=6, choices=Sex.choices)
    age = models.CharField(_("alder"), max_length=10)  # "total", "15-19", "75+"
    source = models.CharField(_("kilde"), max_length=300)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="series")

    class Meta:
        verbose_name = _("statistikkserie")
        verbose_name_plural = _("statistikkserier")
        constraints = [
            models.UniqueConstraint(fields=["geo", "sex", "age"], name="stats_series_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.geo} {self.sex} {self.age}"


class Observation(models.Model):
    """One yearly count as imported. Raw: only the publishing service reads it, never a view."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="observations")
    year = models.PositiveSmallIntegerField(_("år"))
    # Null: the source had hidden the figure (':' in JSON-stat); it stays hidden.
    count = models.PositiveIntegerField(_("antall"), null=True)
    population = models.PositiveIntegerField(_("folketall"), null=True)

    class Meta:
        verbose_name = _("observasjon")
        verbose_name_plural = _("observasjoner")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="stats_observation_unique"),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(population__isnull=True) | Q(population__gte=F("count")),
                name="stats_observation_population_covers_count",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}"


class PublishedCellQuerySet(models.QuerySet["PublishedCell"]):
    def for_geographies(self, numbers: list[str]) -> "PublishedCellQuerySet":
        return self.filter(geo__in=numbers)

    def in_order(self) -> "PublishedCellQuerySet":
        return self.order_by("geo", "sex", "age", "first_year", "last_year")


class PublishedCell(models.Model):
    """A cell as the public may see it: computed by the suppression service, after which a hidden cell carries no
    count, population, rate or interval at all. Recomputed in full after every import."""

    geo = models.CharField(max_length=4)
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=6, choices=Sex.choices)
    age = models.CharField(max_length=10)
    count = models.PositiveIntegerField(null=True)
    population = models.PositiveBigIntegerField(null=True)
    rate = models.FloatField(null=True)
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    reason = models.CharField(max_length=10, blank=True, choices=[(r.value, r.value) for r in Reason])
    source = models.CharField(max_length=300)
    note = models.CharField(max_length=300, blank=True)

    objects = PublishedCellQuerySet.as_manager()

    class Meta:
        verbose_name = _("publisert celle")
        verbose_name_plural = _("publiserte celler")
        constraints = [
            models.UniqueConstraint(
                fields=["geo", "first_year", "last_year", "sex", "age"], name="stats_published_cell_unique"
            ),
            # The database itself refuses a hidden cell with a number in it.
            models.CheckConstraint(
                condition=Q(reason="")
                | Q(
                    count__isnull=True,
                    population__isnull=True,
                    rate__isnull=True,
                    ci_low__isnull=True,
                    ci_high__isnull=True,
                ),
                name="stats_hidden_cell_has_no_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.geo} {self.first_year}–{self.last_year} {self.sex} {self.age}"

    @property
    def suppressed(self) -> bool:
        return bool(self.reason)


class Publication(models.Model):
    """When the published cells were last computed, and with which rules (one row)."""

    computed_at = models.DateTimeField()
    threshold = models.PositiveSmallIntegerField()
    pooled_years = models.PositiveSmallIntegerField()
    series_hidden_share = models.FloatField()
    cells = models.PositiveIntegerField()
    hidden = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("publisering")
        verbose_name_plural = _("publiseringer")

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"
