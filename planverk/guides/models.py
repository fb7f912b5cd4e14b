"""Action guides for employees (handlingsveiledere): what to do when you notice suicide risk, how to assess and
refer, how to follow up, and what to do after a suicide. A guide belongs to a municipality, has an owner who
keeps it current, a review date, and can be linked to the measure of the plan that requires it.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")


class Phase(models.TextChoices):
    """The parts of a guide, in the order it shows them."""

    DETECT = "detect", _("Oppdage")
    ASSESS = "assess", _("Vurdere og henvise")
    FOLLOW_UP = "follow_up", _("Følge opp")
    AFTER = "after", _("Etter et selvmord")


class LegalDuty(models.TextChoices):
    CONFIDENTIALITY = "taushetsplikt", _("Taushetsplikt")
    DUTY_TO_INFORM = "opplysningsplikt", _("Opplysningsplikt")
    DUTY_TO_AVERT = "avvergeplikt", _("Avvergeplikt")


class GuideQuerySet(models.QuerySet["Guide"]):
    def published(self) -> "GuideQuerySet":
        return self.filter(status=GuideStatus.PUBLISHED)

    def for_organisation(self, organisation_id: int) -> "GuideQuerySet":
        return self.filter(organisation_id=organisation_id)

    def for_organisations(self, organisation_ids: Iterable[int]) -> "GuideQuerySet":
        return self.filter(organisation_id__in=list(organisation_ids))

    def review_due_by(self, day: datetime.date) -> "GuideQuerySet":
        """Published guides whose review date is on or before `day`."""
        return self.published().filter(review_date__lte=day)


class Guide(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="guides", verbose_name=_("kommune")
    )
    title = models.CharField(_("tittel"), max_length=300)
    audience = models.CharField(
        _("for hvem"), max_length=300, blank=True, help_text=_("For eksempel «ansatte i skole og barnehage».")
    )
    introduction = models.TextField(_("innledning"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=GuideStatus.choices, default=GuideStatus.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_guides",
        verbose_name=_("eier"),
        help_text=_("Den som holder veilederen oppdatert og får påminnelse før revisjonsdatoen."),
    )
    owner_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guides",
        verbose_name=_("ansvarlig enhet"),
    )
    review_date = models.DateField(_("revideres innen"))
    measure = models.ForeignKey(
        "plans.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guides",
        verbose_name=_("tiltak i planen"),
        help_text=_("Tiltaket i handlingsplanen som krever denne veilederen."),
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True, editable=False)
    # When the guide or one of its steps last changed: "sist endret" on the public page.
    changed_at = models.DateTimeField(_("sist endret"), null=True, blank=True, editable=False)
    # The review date the owner was last reminded of: one reminder per review date, a new date starts afresh.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    key = models.CharField(max_length=100, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["reminded_for", "changed_at"])

    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("handlingsveileder")
        verbose_name_plural = _("handlingsveiledere")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="guides_guide_key_unique"),
            models.CheckConstraint(condition=models.Q(status__in=GuideStatus.values), name="guides_guide_status_valid"),
            # A published guide says when it was published.
            models.CheckConstraint(
                condition=~models.Q(status=GuideStatus.PUBLISHED) | models.Q(published_at__isnull=False),
                name="guides_published_guide_has_published_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == GuideStatus.PUBLISHED

    def review_overdue(self, today: datetime.date) -> bool:
        return self.review_date < today


class GuideStep(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps", verbose_name=_("veileder"))
    phase = models.CharField(_("del"), max_length=10, choices=Phase.choices)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    title = models.CharField(_("tittel"), max_length=300)
    text = models.TextField(_("hva du gjør"), blank=True)
    # Who to contact: services from the municipality's directory or the national registry, never a named person.
    contacts = models.ManyToManyField(
        "help.Service", blank=True, related_name="guide_steps", verbose_name=_("hvem du kontakter")
    )
    legal_duties = models.JSONField(_("lovpålagte plikter"), default=list, blank=True)
    legal_note = models.TextField(_("merknad om plikter"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[contacts])

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = _("steg")
        constraints = [
            models.CheckConstraint(condition=models.Q(phase__in=Phase.values), name="guides_step_phase_valid"),
        ]

    def __str__(self) -> str:
        return self.title
