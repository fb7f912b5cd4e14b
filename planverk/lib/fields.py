"""Form fields and widgets with Designsystemet classes and error messages a coordinator understands."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    Label = str | StrPromise

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


def text() -> forms.TextInput:
    return forms.TextInput(attrs={"class": "ds-input"})


def textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "ds-input", "rows": rows})


def select() -> forms.Select:
    return forms.Select(attrs={"class": "ds-input"})


def checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "ds-input"})


def radios() -> forms.RadioSelect:
    return forms.RadioSelect(attrs={"class": "ds-input"})


def year_field(label: "Label", help_text: "Label" = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "ds-input", "inputmode": "numeric", "size": 6}),
        error_messages={
            "invalid": _("Skriv året med fire sifre, for eksempel 2026."),
            "min_value": _("Året må være 1990 eller senere."),
            "max_value": _("Året må være 2100 eller tidligere."),
        },
    )


def date_field(label: "Label", help_text: "Label" = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"class": "ds-input", "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 12.12.2023.")},
    )


def text_field(label: "Label", max_length: int, *, required: bool = False, help_text: "Label" = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=text(),
        error_messages={"max_length": _("Teksten kan ha høyst %(limit_value)d tegn (den har %(show_value)d).")},
    )


def long_text_field(label: "Label", *, rows: int = 4, help_text: "Label" = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text, widget=textarea(rows))


def version_field(min_value: int = 1) -> forms.IntegerField:
    # A form opened before anything was saved carries version 0.
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=min_value,
        error_messages={
            "required": _("Skjemaet mangler versjonsnummer. Last inn siden på nytt."),
            "invalid": _("Skjemaet har et ugyldig versjonsnummer. Last inn siden på nytt."),
            "min_value": _("Skjemaet har et ugyldig versjonsnummer. Last inn siden på nytt."),
        },
    )


def confirm_flagged_field() -> forms.BooleanField:
    """The coordinator's explicit confirmation that a text flagged by safe messaging is published as it is.

    Forms that publish text carry this field; templates show it (with components/safe_messaging.html) only
    once the text has been flagged, so nobody confirms findings they have not seen.
    """
    return forms.BooleanField(
        label=_("Jeg har lest merknadene om trygg omtale av selvmord og vil publisere teksten slik den er"),
        required=False,
    )
