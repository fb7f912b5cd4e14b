"""Workspace form for a resource. The services check again; this gives the errors a coordinator reads beside the
field."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planverk.help.languages import LANGUAGE_CHOICES
from planverk.help.models import http_url
from planverk.lib import fields
from planverk.resources.models import Audience, Resource, Topic

UNKNOWN_LANGUAGE = _("Ukjent språkkode: %(value)s. Velg språk fra listen.")
NO_AUDIENCE = _("Velg minst én målgruppe, ellers finner ingen ressursen i ressursbanken.")


class ResourceForm(forms.Form):
    title = fields.text_field(_("Tittel"), 300, required=True)
    publisher = fields.text_field(
        _("Utgiver"), 200, required=True, help_text=_("Hvem står bak, for eksempel «Helsedirektoratet».")
    )
    url = forms.URLField(
        label=_("Nettadresse"),
        max_length=500,
        assume_scheme="https",
        validators=[http_url],
        widget=forms.URLInput(attrs={"class": "ds-input"}),
        error_messages={
            "required": _("Skriv nettadressen til ressursen."),
            "invalid": _("Skriv en hel nettadresse, for eksempel https://www.helsedirektoratet.no/."),
        },
    )
    description = fields.long_text_field(
        _("Beskrivelse"), rows=3, help_text=_("Kort: hva er dette, og hvem har nytte av det?")
    )
    audiences = forms.MultipleChoiceField(
        label=_("Hvem er ressursen for?"),
        choices=Audience.choices,
        widget=fields.checkboxes(),
        error_messages={"required": NO_AUDIENCE},
    )
    topic = forms.ChoiceField(label=_("Tema"), choices=Topic.choices, widget=fields.select())
    language = forms.ChoiceField(
        label=_("Språk"),
        choices=LANGUAGE_CHOICES,
        initial="nb",
        widget=fields.select(),
        error_messages={"invalid_choice": UNKNOWN_LANGUAGE},
    )
    confirm_flagged = fields.confirm_flagged_field()
    version = fields.version_field(min_value=0)

    @staticmethod
    def initial_for(resource: Resource) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(resource, name) for name in ("title", "publisher", "url", "description", "topic", "language")
        }
        initial["audiences"] = resource.audiences
        initial["version"] = resource.version
        return initial

    def resource_fields(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "audiences", "confirm_flagged")
        }
