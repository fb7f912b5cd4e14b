from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    COUNTY = "county", _("Fylke")
    MINISTRY = "ministry", _("Departement")
    DIRECTORATE = "directorate", _("Direktorat")
    NGO = "ngo", _("Frivillig organisasjon")
    OTHER = "other", _("Annen")


class WrittenLanguage(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def municipalities(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.MUNICIPALITY)

    def ministries(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.MINISTRY)


class Organisation(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    # Kommunenummer, fylkesnummer, or a ministry's code (HOD, KD …).
    number = models.CharField(_("nummer"), max_length=10, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("kortnavn"), max_length=100, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        limit_choices_to={"kind": OrganisationKind.COUNTY},
        verbose_name=_("fylke"),
    )
    written_language = models.CharField(
        _("målform"), max_length=2, choices=WrittenLanguage.choices, default=WrittenLanguage.BOKMAL
    )
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UnitKind(models.TextChoices):
    SECTOR = "byradsomrade", _("Byrådsområde / kommunalområde")
    SERVICE = "tjeneste", _("Tjeneste")
    AGENCY = "virksomhet", _("Virksomhet")
    MINISTRY = "ministry", _("Departement")
    OTHER = "other", _("Annen")


class Unit(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisasjon")
    )
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("kortnavn"), max_length=50, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("del av")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name
