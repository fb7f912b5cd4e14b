"""Services people can turn to: the national registry (helplines, chat, services for the bereaved) and each
municipality's local directory. One model for both: a national entry is a service without an organisation,
kept by national superusers and shown on every municipality's help page.

The TV slide and the poster (display.py) show the same services, with short messages (DisplayMessage).
"""

import datetime

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planverk.help.languages import LANGUAGE_CHOICES
from planverk.help.phone import validate_phone_digits

# Links on a help page open in a browser: nothing but http(s) (no javascript:, ftp:, file:).
http_url = URLValidator(
    schemes=["http", "https"], message=_("Adressen må begynne med http:// eller https://."), code="not_http"
)


class ServiceKind(models.TextChoices):
    ACUTE = "acute", _("Akutt hjelp")
    HELPLINE = "helpline", _("Hjelpetelefon og chat")
    LOW_THRESHOLD = "low_threshold", _("Lavterskeltilbud")
    FOLLOW_UP = "follow_up", _("Oppfølging og behandling")
    BEREAVED = "bereaved", _("Tilbud til etterlatte")
    NGO = "ngo", _("Frivillig organisasjon")
    ADVICE = "advice", _("Råd og veiledning til ansatte")


class HelpGroup(models.TextChoices):
    """The groups of the help page, in the order the page shows them."""

    STRUGGLING = "struggling", _("For deg som har det vanskelig")
    WORRIED = "worried", _("For deg som er bekymret for noen")
    BEREAVED = "bereaved", _("For etterlatte")
    EMPLOYEES = "employees", _("For ansatte")


GROUP_FIELDS: dict[str, str] = {
    HelpGroup.STRUGGLING: "for_struggling",
    HelpGroup.WORRIED: "for_worried",
    HelpGroup.BEREAVED: "for_bereaved",
    HelpGroup.EMPLOYEES: "for_employees",
}


class ServiceQuerySet(models.QuerySet["Service"]):
    def national(self) -> "ServiceQuerySet":
        return self.filter(organisation__isnull=True)

    def local_to(self, organisation_id: int) -> "ServiceQuerySet":
        return self.filter(organisation_id=organisation_id)

    def for_help_page(self, organisation_id: int | None) -> "ServiceQuerySet":
        """What a municipality's help page shows: the national registry and its own services."""
        if organisation_id is None:
            return self.national()
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))

    def stale(self, today: datetime.date, days: int) -> "ServiceQuerySet":
        """Not verified within `days` days (or never)."""
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=today - datetime.timedelta(days=days)))


class Service(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_services",
        verbose_name=_("kommune"),
        help_text=_("Tom for nasjonale tjenester."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=ServiceKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    target_group = models.CharField(_("målgruppe"), max_length=300, blank=True)
    age_group = models.CharField(_("aldersgruppe"), max_length=100, blank=True)
    opening_hours = models.CharField(_("åpningstider"), max_length=300, blank=True)
    phone = models.CharField(_("telefon"), max_length=8, blank=True, validators=[validate_phone_digits])
    phone_hours = models.CharField(_("telefontid"), max_length=300, blank=True)
    sms = models.CharField(_("SMS"), max_length=8, blank=True, validators=[validate_phone_digits])
    chat_url = models.URLField(_("chat"), blank=True, validators=[http_url])
    web_url = models.URLField(_("nettside"), blank=True, validators=[http_url])
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    # None: not known. The page says nothing rather than guess.
    referral_needed = models.BooleanField(_("må ha henvisning"), null=True, blank=True)
    free = models.BooleanField(_("gratis"), null=True, blank=True)
    languages = models.JSONField(_("språk tjenesten gis på"), default=list, blank=True)
    # A role (e.g. "helsesykepleier"), never a named person: the page is public and kept for years.
    contact_role = models.CharField(_("kontaktrolle"), max_length=200, blank=True)
    source_url = models.URLField(_("kilde"), blank=True, validators=[http_url])
    last_verified = models.DateField(_("sist kontrollert"), null=True, blank=True)
    for_struggling = models.BooleanField(_("for deg som har det vanskelig"), default=False)
    for_worried = models.BooleanField(_("for deg som er bekymret for noen"), default=False)
    for_bereaved = models.BooleanField(_("for etterlatte"), default=False)
    for_employees = models.BooleanField(_("for ansatte"), default=False)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    # Identifies entries that came from a data file (the registry, the demo), so loading again changes nothing.
    key = models.CharField(max_length=100, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tjeneste")
        verbose_name_plural = _("tjenester")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="help_service_key_unique"),
            # Every national entry says where its facts come from and when they were last checked.
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | (~Q(source_url="") & Q(last_verified__isnull=False)),
                name="help_national_service_has_source_and_verification",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    @property
    def groups(self) -> list[str]:
        return [group for group, field in GROUP_FIELDS.items() if getattr(self, field)]

    @property
    def channels(self) -> list[str]:
        """How to reach the service, derived from what is filled in, so it never contradicts the fields."""
        filled = {"phone": self.phone, "sms": self.sms, "chat": self.chat_url, "web": self.web_url}
        return [channel for channel, value in filled.items() if value]


# The text fields a translation may carry; the rest (numbers, addresses, links) are the same in every language.
TRANSLATED_FIELDS = (
    "name",
    "description",
    "target_group",
    "age_group",
    "opening_hours",
    "phone_hours",
    "contact_role",
)


class ServiceTranslation(models.Model):
    """A service's text in another language. Empty fields fall back to the municipality's language."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="translations", verbose_name=_("tjeneste")
    )
    language = models.CharField(_("språk"), max_length=3, choices=LANGUAGE_CHOICES)
    name = models.CharField(_("navn"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    target_group = models.CharField(_("målgruppe"), max_length=300, blank=True)
    age_group = models.CharField(_("aldersgruppe"), max_length=100, blank=True)
    opening_hours = models.CharField(_("åpningstider"), max_length=300, blank=True)
    phone_hours = models.CharField(_("telefontid"), max_length=300, blank=True)
    contact_role = models.CharField(_("kontaktrolle"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oversettelse")
        verbose_name_plural = _("oversettelser")
        constraints = [
            models.UniqueConstraint(fields=["service", "language"], name="help_one_translation_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.language})"


class DisplayMessageQuerySet(models.QuerySet["DisplayMessage"]):
    def national(self) -> "DisplayMessageQuerySet":
        return self.filter(organisation__isnull=True)

    def local_to(self, organisation_id: int) -> "DisplayMessageQuerySet":
        return self.filter(organisation_id=organisation_id)

    def for_display(self, organisation_id: int | None) -> "DisplayMessageQuerySet":
        """The national messages and the municipality's own: the slide and poster choose between them."""
        if organisation_id is None:
            return self.national()
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))


class DisplayMessage(models.Model):
    """A short message for the TV-screen slide and the poster, e.g. «Ingen kan gjøre alt, men alle kan gjøre noe».

    A municipality's own messages replace the national ones (organisation None) on its slide and poster.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="display_messages",
        verbose_name=_("kommune"),
        help_text=_("Tom for nasjonale meldinger."),
    )
    text = models.CharField(_("melding"), max_length=160)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    # Identifies messages from a data file, so loading again changes nothing.
    key = models.CharField(max_length=100, blank=True, editable=False)
    history = HistoricalRecords()

    objects = DisplayMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding på skjerm og plakat")
        verbose_name_plural = _("meldinger på skjerm og plakat")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="help_display_message_key_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="help_display_message_has_text"),
        ]

    def __str__(self) -> str:
        return self.text
