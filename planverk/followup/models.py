from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planverk.plans.models import Measure, Objective, Plan


class ReportingRound(models.Model):
    """A period the coordinator asks for status on, e.g. 2025 or "status per 10 September 2025"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("periode"), max_length=100)
    status_date = models.DateField(_("status per"))
    deadline = models.DateField(_("frist for rapportering"))
    message = models.TextField(_("melding til tiltakseierne"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapporteringsrunde")
        verbose_name_plural = _("rapporteringsrunder")
        constraints = [
            models.UniqueConstraint(fields=["plan", "status_date"], name="one_round_per_plan_and_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.title}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class StatusCategory(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Gjennomført")
    CONTINUOUS = "continuous", _("Løpende")
    DELAYED = "delayed", _("Forsinket")
    CHANGED = "changed", _("Endret")
    CANCELLED = "cancelled", _("Avlyst")


# A measure in one of these states is finished: it is neither late nor waiting for reports.
CLOSED_CATEGORIES = frozenset({StatusCategory.DONE, StatusCategory.CANCELLED})


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Til godkjenning")
    APPROVED = "approved", _("Godkjent")
    RETURNED = "returned", _("Sendt tilbake")


class StatusUpdateQuerySet(models.QuerySet["StatusUpdate"]):
    def approved(self) -> "StatusUpdateQuerySet":
        return self.filter(state=ReportState.APPROVED)


class StatusUpdate(models.Model):
    """A measure's status in one reporting round. Public only once the coordinator has approved it."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="status_updates")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_updates")
    category = models.CharField(_("status"), max_length=20, choices=StatusCategory.choices)
    narrative = models.TextField(_("beskrivelse"), blank=True)
    same_as = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samme status som tiltak"),
    )
    state = models.CharField(_("behandling"), max_length=20, choices=ReportState.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("kommentar fra koordinator"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        constraints = [
            models.UniqueConstraint(fields=["round", "measure"], name="one_status_per_measure_and_round"),
            models.CheckConstraint(condition=Q(narrative__gt="") | Q(same_as__isnull=False), name="status_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} – {self.get_category_display()}"


class Direction(models.TextChoices):
    INCREASE = "increase", _("Høyere er bedre")
    DECREASE = "decrease", _("Lavere er bedre")
    MAINTAIN = "maintain", _("Skal holdes")


class Indicator(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("navn"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=50, help_text=_("For eksempel prosent, antall eller kurs."))
    measurement_method = models.TextField(_("målemetode"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    direction = models.CharField(_("retning"), max_length=20, choices=Direction.choices)
    baseline = models.DecimalField(_("utgangsverdi"), max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("år for utgangsverdi"), null=True, blank=True)
    target = models.DecimalField(_("målverdi"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("år for målverdi"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """An indicator's value in a reporting round; public with the measure's approved status."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="indicator_values")
    value = models.DecimalField(_("verdi"), max_digits=12, decimal_places=2)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikatorverdi")
        verbose_name_plural = _("indikatorverdier")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "round"], name="one_value_per_indicator_and_round"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class Implementation(models.TextChoices):
    FULLY = "fully", _("Fullt gjennomført")
    PARTLY = "partly", _("Delvis gjennomført")
    NOT = "not", _("Ikke gjennomført")


class Evaluation(models.Model):
    """The coordinator's end-of-period assessment of a measure, which feeds the revised plan."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="evaluation")
    implementation = models.CharField(_("gjennomføringsgrad"), max_length=10, choices=Implementation.choices)
    notes = models.TextField(_("evalueringsnotat"), blank=True)
    partner_input = models.TextField(_("innspill fra samarbeidspartnere"), blank=True)
    continue_in_revision = models.BooleanField(_("videreføres i revidert plan"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")

    def __str__(self) -> str:
        return f"{self.measure} – {self.get_implementation_display()}"


class ReminderKind(models.TextChoices):
    BEFORE_DEADLINE = "before_deadline", _("Påminnelse før fristen")
    OVERDUE = "overdue", _("Fristen er passert")
    DIGEST_BEFORE_DEADLINE = "digest_before", _("Oversikt til koordinator før fristen")
    DIGEST_OVERDUE = "digest_overdue", _("Oversikt til koordinator etter fristen")


class ReminderSent(models.Model):
    """A reminder that has gone out, so the daily command never sends the same one twice."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user", "kind"], name="each_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.user} – {self.round}"
