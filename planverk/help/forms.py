"""Workspace forms for services, their translations and the messages of the slide and poster. The services check
again; these give the errors a coordinator reads beside the field. Every form that publishes text carries
`confirm_flagged`, the explicit confirmation of text the safe-messaging check flagged."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planverk.help.languages import LANGUAGES
from planverk.help.models import TRANSLATED_FIELDS, HelpGroup, Service, ServiceKind, ServiceTranslation, http_url
from planverk.help.phone import format_phone, normalize_phone
from planverk.lib import fields

UNKNOWN_LANGUAGE = _("Ukjent språkkode: %(value)s. Velg språk fra listen.")
YES_NO_UNKNOWN = [("", _("Vet ikke")), ("yes", _("Ja")), ("no", _("Nei"))]


class PhoneField(forms.CharField):
    def __init__(self, label: Any, help_text: Any = "") -> None:
        super().__init__(
            label=label,
            help_text=help_text,
            required=False,
            max_length=30,
            widget=forms.TextInput(attrs={"class": "ds-input", "inputmode": "tel", "autocomplete": "off"}),
        )

    def to_python(self, value: Any) -> str:
        return normalize_phone(super().to_python(value) or "")


def url_field(label: Any, help_text: Any = "") -> forms.URLField:
    return forms.URLField(
        label=label,
        help_text=help_text,
        required=False,
        assume_scheme="https",
        validators=[http_url],
        widget=forms.URLInput(attrs={"class": "ds-input"}),
        error_messages={"invalid": _("Skriv en hel nettadresse, for eksempel https://www.kommune.no/tjeneste.")},
    )


def yes_no_field(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=fields.radios(),
    )


def _yes_no_initial(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class ServiceForm(forms.Form):
    """A local service, or (national=True) an entry of the national registry."""

    name = fields.text_field(_("Navn på tjenesten"), 200, required=True)
    kind = forms.ChoiceField(label=_("Type"), choices=ServiceKind.choices, widget=fields.select())
    groups = forms.MultipleChoiceField(
        label=_("Hvem er tjenesten for på hjelpesiden?"),
        choices=HelpGroup.choices,
        required=False,
        widget=fields.checkboxes(),
        help_text=_("Tjenesten vises under hver gruppe du krysser av."),
        error_messages={"required": _("Velg minst én gruppe på hjelpesiden, ellers vises ikke tjenesten der.")},
    )
    description = fields.long_text_field(
        _("Beskrivelse"), rows=3, help_text=_("Kort og enkelt: hva får man hjelp til?")
    )
    target_group = fields.text_field(_("Målgruppe"), 300, help_text=_("For eksempel «Ungdom og unge voksne»."))
    age_group = fields.text_field(_("Aldersgruppe"), 100, help_text=_("For eksempel «12–25 år»."))
    opening_hours = fields.text_field(_("Åpningstider"), 300)
    phone = PhoneField(_("Telefon"), help_text=_("8 sifre, eller et kort nummer som 116 123. +47 kan stå foran."))
    phone_hours = fields.text_field(_("Telefontid"), 300)
    sms = PhoneField(_("SMS"))
    chat_url = url_field(_("Chat (nettadresse)"))
    web_url = url_field(_("Nettside"))
    address = fields.text_field(_("Adresse"), 300)
    referral_needed = yes_no_field(_("Må man ha henvisning?"))
    free = yes_no_field(_("Er tjenesten gratis?"))
    languages = forms.MultipleChoiceField(
        label=_("Språk tjenesten gis på"),
        choices=[(code, language.name) for code, language in LANGUAGES.items()],
        required=False,
        widget=fields.checkboxes(),
        error_messages={"invalid_choice": UNKNOWN_LANGUAGE},
    )
    contact_role = fields.text_field(
        _("Kontaktperson (rolle)"), 200, help_text=_("En rolle, for eksempel «helsesykepleier», ikke et navn.")
    )
    source_url = url_field(_("Kilde"), help_text=_("Hvor opplysningene kommer fra."))
    last_verified = fields.date_field(_("Sist kontrollert"))
    order = forms.IntegerField(
        label=_("Rekkefølge på hjelpesiden"),
        min_value=0,
        max_value=32767,
        required=False,
        widget=forms.NumberInput(attrs={"class": "ds-input", "size": 6}),
    )
    version = fields.version_field(min_value=0)
    confirm_flagged = fields.confirm_flagged_field()

    def __init__(self, *args: Any, national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.national = national
        if national:
            self.fields["source_url"].required = True
            self.fields["last_verified"].required = True
        else:
            del self.fields["order"]
            self.fields["groups"].required = True

    @staticmethod
    def initial_for(service: Service) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(service, name) for name in SERVICE_INITIAL}
        initial["phone"] = format_phone(service.phone)
        initial["sms"] = format_phone(service.sms)
        initial["referral_needed"] = _yes_no_initial(service.referral_needed)
        initial["free"] = _yes_no_initial(service.free)
        initial["groups"] = service.groups
        initial["version"] = service.version
        return initial

    def service_fields(self) -> dict[str, Any]:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "groups", "confirm_flagged")
        }
        if "order" in data and data["order"] is None:
            data["order"] = 0
        return data


SERVICE_INITIAL = (
    "name",
    "kind",
    "description",
    "target_group",
    "age_group",
    "opening_hours",
    "phone_hours",
    "chat_url",
    "web_url",
    "address",
    "languages",
    "contact_role",
    "source_url",
    "last_verified",
    "order",
)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Språk"),
        widget=fields.select(),
        error_messages={"invalid_choice": UNKNOWN_LANGUAGE},
    )
    name = fields.text_field(_("Navn på tjenesten"), 200)
    description = fields.long_text_field(_("Beskrivelse"), rows=3)
    target_group = fields.text_field(_("Målgruppe"), 300)
    age_group = fields.text_field(_("Aldersgruppe"), 100)
    opening_hours = fields.text_field(_("Åpningstider"), 300)
    phone_hours = fields.text_field(_("Telefontid"), 300)
    contact_role = fields.text_field(_("Kontaktperson (rolle)"), 200)
    confirm_flagged = fields.confirm_flagged_field()

    def __init__(self, *args: Any, exclude_languages: set[str], fixed_language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_language:
            del self.fields["language"]
        else:
            # Any known code passes the form (the service explains why one already used is refused); the list
            # offers only those still free.
            field = self.fields["language"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(code, language.name) for code, language in LANGUAGES.items()]
            field.widget.choices = [
                (code, language.name) for code, language in LANGUAGES.items() if code not in exclude_languages
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not self.errors and not any(data.get(name) for name in TRANSLATED_FIELDS):
            raise ValidationError(_("Oversettelsen er tom. Fyll ut minst ett felt."))
        return data

    @staticmethod
    def initial_for(translation: ServiceTranslation) -> dict[str, Any]:
        return {name: getattr(translation, name) for name in TRANSLATED_FIELDS}

    def texts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in TRANSLATED_FIELDS}


class DisplayMessageForm(forms.Form):
    """A message of the TV-screen slide and the poster."""

    text = forms.CharField(
        label=_("Melding"),
        max_length=160,
        help_text=_("Kort og håpefull, høyst 160 tegn. Den første meldingen blir overskriften på plakaten."),
        widget=fields.text(),
        error_messages={
            "required": _("Skriv en melding."),
            "max_length": _("Meldingen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."),
        },
    )
    confirm_flagged = fields.confirm_flagged_field()
