from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planverk.organisations.models import Organisation
from planverk.plans.models import Plan


class ImportState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    PROCESSING = "processing", _("Leses")
    REVIEW = "review", _("Til gjennomgang")
    FAILED = "failed", _("Mislyktes")
    SAVED = "saved", _("Lagret som utkast")
    DISCARDED = "discarded", _("Forkastet")


class PlanImport(models.Model):
    """One uploaded document on its way to a draft plan: the file, the cleaned text and the proposal."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_imports", verbose_name=_("organisasjon")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_name = models.CharField(_("filnavn"), max_length=255, blank=True)
    source_kind = models.CharField(_("filtype"), max_length=10, blank=True)
    # The upload is kept only until it has been read; the cleaned text stays beside the proposal for review.
    data = models.BinaryField(null=True, blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)
    state = models.CharField(_("status"), max_length=20, choices=ImportState.choices, default=ImportState.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_step = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    proposal = models.JSONField(null=True, blank=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("planimport")
        verbose_name_plural = _("planimporter")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.source_name or f"Import {self.pk}"

    @property
    def is_running(self) -> bool:
        return self.state in (ImportState.QUEUED, ImportState.PROCESSING)

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
