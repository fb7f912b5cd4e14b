"""The resource bank: material worth knowing about (guides, courses, brochures, videos, research) from trusted
publishers. A national resource (organisation None) is shown to everyone; a municipality adds its own local ones.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planverk.help.languages import LANGUAGE_CHOICES
from planverk.help.models import http_url


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Innbyggere")
    EMPLOYEES = "employees", _("Ansatte")
    BEREAVED = "bereaved", _("Etterlatte")
    HELPERS = "helpers", _("Hjelpere og frivillige")


AUDIENCE_FIELDS: dict[str, str] = {
    Audience.RESIDENTS: "for_residents",
    Audience.EMPLOYEES: "for_employees",
    Audience.BEREAVED: "for_bereaved",
    Audience.HELPERS: "for_helpers",
}


class Topic(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Kunnskap om selvmord")
    TALKING = "talking", _("Å snakke om selvmord")
    SELF_HELP = "self_help", _("Selvhjelp og psykisk helse")
    CHILDREN_YOUTH = "children_youth", _("Barn og unge")
    COURSES = "courses", _("Kurs og kompetanse")
    GUIDANCE = "guidance", _("Veiledere og retningslinjer")
    POSTVENTION = "postvention", _("Etter et selvmord")
    STATISTICS = "statistics", _("Statistikk og forskning")


# A long pasted text would otherwise become a long chain of LIKE clauses.
MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 200


class LinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", _("Ikke sjekket")
    OK = "ok", _("Virker")
    BROKEN = "broken", _("Virker ikke")


class ResourceQuerySet(models.QuerySet["Resource"]):
    def national(self) -> "ResourceQuerySet":
        return self.filter(organisation__isnull=True)

    def local_to(self, organisation_id: int) -> "ResourceQuerySet":
        return self.filter(organisation_id=organisation_id)

    def visible_to_organisation(self, organisation_id: int | None) -> "ResourceQuerySet":
        """What a municipality's resource bank shows: the national resources and its own."""
        if organisation_id is None:
            return self.national()
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))

    def for_audience(self, audience: str) -> "ResourceQuerySet":
        return self.filter(**{AUDIENCE_FIELDS[audience]: True})

    def matching(self, query: str) -> "ResourceQuerySet":
        """Every word of the query in the title, description or publisher (in any of them, in any order)."""
        result = self
        for word in query.split()[:MAX_SEARCH_WORDS]:
            result = result.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(publisher__icontains=word)
            )
        return result


class Resource(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("kommune"),
        help_text=_("Tom for nasjonale ressurser."),
    )
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    publisher = models.CharField(_("utgiver"), max_length=200)
    url = models.URLField(_("nettadresse"), max_length=500, validators=[http_url])
    topic = models.CharField(_("tema"), max_length=20, choices=Topic.choices)
    language = models.CharField(_("språk"), max_length=3, choices=LANGUAGE_CHOICES, default="nb")
    for_residents = models.BooleanField(_("for innbyggere"), default=False)
    for_employees = models.BooleanField(_("for ansatte"), default=False)
    for_bereaved = models.BooleanField(_("for etterlatte"), default=False)
    for_helpers = models.BooleanField(_("for hjelpere og frivillige"), default=False)
    link_status = models.CharField(
        _("lenkestatus"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED, editable=False
    )
    link_checked_at = models.DateTimeField(_("lenke sist sjekket"), null=True, blank=True, editable=False)
    link_error = models.CharField(_("feil ved lenkesjekk"), max_length=300, blank=True, editable=False)
    # Identifies resources from a data file (the seed plans' resource lists), so loading again changes nothing.
    key = models.CharField(max_length=100, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["link_status", "link_checked_at", "link_error"])

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("ressurs")
        verbose_name_plural = _("ressurser")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=~Q(key=""),
                name="resources_resource_key_unique",
                violation_error_message=_("Det finnes allerede en ressurs med denne nøkkelen."),
            ),
            models.CheckConstraint(
                condition=Q(for_residents=True) | Q(for_employees=True) | Q(for_bereaved=True) | Q(for_helpers=True),
                name="resources_resource_has_audience",
                violation_error_message=_("Velg minst én målgruppe."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    @property
    def audiences(self) -> list[str]:
        return [audience for audience, field in AUDIENCE_FIELDS.items() if getattr(self, field)]

    @property
    def audience_labels(self) -> list[str]:
        return [str(Audience(audience).label) for audience in self.audiences]
