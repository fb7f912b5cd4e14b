"""Follow-up forms: rounds, status reports, review, indicators and evaluation, with errors in plain Norwegian.

The services check the same rules again; the forms say it first, next to the field it concerns.
"""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from planverk.followup.models import Direction, Evaluation, Implementation, Indicator, StatusCategory, StatusUpdate
from planverk.lib import fields
from planverk.plans.models import Measure

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    Label = str | StrPromise

INDICATOR_PREFIX = "indikator_"


def _required_date(label: "Label", *, required: "Label", help_text: "Label" = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=fields.DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"class": "ds-input", "type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": required, "invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 10.09.2025.")},
    )


def _decimal_field(label: "Label", *, help_text: "Label" = "") -> forms.DecimalField:
    # Localised, so "12,5" is read as twelve and a half; a text input, because number inputs refuse commas.
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"class": "ds-input", "inputmode": "decimal", "size": 12}),
        error_messages={
            "invalid": _("Skriv et tall, for eksempel 12 eller 12,5."),
            "max_digits": _("Tallet er for stort."),
            "max_whole_digits": _("Tallet er for stort."),
            "max_decimal_places": _("Bruk høyst to desimaler."),
        },
    )


# --- Rounds ------------------------------------------------------------------------------------


class RoundForm(forms.Form):
    title = fields.text_field(
        _("Periode"),
        100,
        help_text=_("For eksempel «2025» eller «Status per 10. september 2025». Står feltet tomt, brukes året."),
    )
    status_date = _required_date(
        _("Status per"),
        required=_("Skriv inn datoen statusen skal gjelde for."),
        help_text=_("Datoen tiltakseierne rapporterer status for. Må ligge i planperioden."),
    )
    deadline = _required_date(_("Frist for rapportering"), required=_("Skriv inn fristen for rapporteringen."))
    message = forms.CharField(
        label=_("Melding til tiltakseierne"),
        required=False,
        widget=fields.textarea(4),
        help_text=_("Vises øverst på «Mine tiltak» for dem som skal rapportere."),
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_deadline(self) -> datetime.date:
        deadline: datetime.date = self.cleaned_data["deadline"]
        if deadline < self.today:
            raise forms.ValidationError(_("Fristen kan ikke være passert. Velg dagens dato eller en dato fram i tid."))
        return deadline


# --- Status reports ----------------------------------------------------------------------------


class SameAsField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        title = obj.title if len(obj.title) <= 80 else f"{obj.title[:79]}…"
        return f"{_('Tiltak')} {obj.number}: {title}" if obj.number else title


def indicator_field_name(indicator: Indicator) -> str:
    return f"{INDICATOR_PREFIX}{indicator.pk}"


def _indicator_help(indicator: Indicator) -> str:
    parts = []
    if indicator.baseline is not None:
        year = f" ({indicator.baseline_year})" if indicator.baseline_year else ""
        parts.append(f"{_('Utgangsverdi')}: {_number(indicator.baseline)}{year}")
    if indicator.target is not None:
        year = f" ({indicator.target_year})" if indicator.target_year else ""
        parts.append(f"{_('Målverdi')}: {_number(indicator.target)}{year}")
    parts.append(str(indicator.get_direction_display()))
    return ". ".join(parts) + "."


def _number(value: Decimal) -> str:
    return str(floatformat(value, -2))


class NarrativeField(forms.CharField):
    """Shown as required, as it is unless the status is the same as another measure's (checked in the form)."""

    def validate(self, value: Any) -> None:
        if value not in self.empty_values:
            super().validate(value)


class StatusReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Status"),
        choices=StatusCategory.choices,
        widget=fields.radios(),
        error_messages={
            "required": _("Velg status for tiltaket."),
            "invalid_choice": _("Velg en av statusene i listen."),
        },
    )
    narrative = NarrativeField(
        label=_("Hva er gjort, og hva gjenstår?"),
        widget=fields.textarea(6),
        help_text=_("Skriv kort, slik at politikere og innbyggere forstår det. Ingen opplysninger om enkeltpersoner."),
    )
    same_as = SameAsField(
        label=_("Samme status som tiltak"),
        queryset=Measure.objects.none(),
        required=False,
        empty_label=_("Ikke valgt"),
        widget=fields.select(),
        help_text=_("Velg et annet tiltak hvis statusen er den samme. Da kan beskrivelsen stå tom."),
        error_messages={"invalid_choice": _("Velg et annet tiltak i samme plan.")},
    )
    version = fields.version_field(min_value=0)

    def __init__(self, *args: Any, measure: Measure, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.indicators = indicators
        same_as = self.fields["same_as"]
        assert isinstance(same_as, forms.ModelChoiceField)
        same_as.queryset = measure.plan.measures.exclude(pk=measure.pk).order_by("order", "pk")
        for indicator in indicators:
            label = f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name
            self.fields[indicator_field_name(indicator)] = _decimal_field(label, help_text=_indicator_help(indicator))

    @staticmethod
    def initial_for(report: StatusUpdate | None, values: dict[int, Decimal]) -> dict[str, Any]:
        initial: dict[str, Any] = {f"{INDICATOR_PREFIX}{pk}": value for pk, value in values.items()}
        if report is None:
            return {**initial, "version": 0}
        return {
            **initial,
            "category": report.category,
            "narrative": report.narrative,
            "same_as": report.same_as_id,
            "version": report.version,
        }

    @property
    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[indicator_field_name(i)] for i in self.indicators]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        own = {indicator_field_name(i) for i in self.indicators}
        if any(key.startswith(INDICATOR_PREFIX) and key not in own for key in self.data):
            # Only this measure's indicators can be reported here; a value for another's is refused whole.
            self.add_error(
                None,
                _("Skjemaet har en verdi for en indikator som ikke hører til dette tiltaket. Last inn siden på nytt."),
            )
        if not (data.get("narrative") or "").strip() and not data.get("same_as") and "same_as" not in self.errors:
            self.add_error("narrative", _("Beskriv status, eller velg et tiltak med samme status."))
        return data

    def indicator_values(self) -> dict[Indicator, Decimal | None]:
        return {i: self.cleaned_data.get(indicator_field_name(i)) for i in self.indicators}


# --- Review ------------------------------------------------------------------------------------

APPROVE, RETURN = "godkjenn", "send-tilbake"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Godkjenn")), (RETURN, _("Send tilbake"))],
        error_messages={
            "required": _("Velg om rapporten skal godkjennes eller sendes tilbake."),
            "invalid_choice": _("Rapporten kan bare godkjennes eller sendes tilbake."),
        },
    )
    comment = forms.CharField(
        label=_("Kommentar til tiltakseieren"),
        required=False,
        widget=fields.textarea(4),
        help_text=_("Må fylles ut når du sender rapporten tilbake: skriv hva som må rettes."),
    )
    confirm_flagged = fields.confirm_flagged_field()
    version = fields.version_field(min_value=0)

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == APPROVE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Skriv en kommentar som forklarer hva som må rettes."))
        return data


# --- Indicators --------------------------------------------------------------------------------


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=300,
        widget=fields.text(),
        help_text=_("For eksempel «Andel ansatte som har gjennomført VIVAT-kurs»."),
        error_messages={
            "required": _("Skriv inn navnet på indikatoren."),
            "max_length": _("Navnet kan ha høyst %(limit_value)d tegn (det har %(show_value)d)."),
        },
    )
    unit = forms.CharField(
        label=_("Enhet"),
        max_length=50,
        widget=fields.text(),
        help_text=_("For eksempel prosent, antall eller kurs."),
        error_messages={
            "required": _("Skriv inn enheten indikatoren måles i."),
            "max_length": _("Enheten kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."),
        },
    )
    measurement_method = forms.CharField(label=_("Målemetode"), required=False, widget=fields.textarea(3))
    source = fields.text_field(
        _("Kilde"), 300, help_text=_("Hvor tallet hentes fra, for eksempel et register eller en rapport.")
    )
    direction = forms.ChoiceField(
        label=_("Retning"),
        choices=Direction.choices,
        widget=fields.select(),
        error_messages={"required": _("Velg retning."), "invalid_choice": _("Velg en av retningene i listen.")},
    )
    baseline = _decimal_field(_("Utgangsverdi"))
    baseline_year = fields.year_field(_("År for utgangsverdi"))
    target = _decimal_field(_("Målverdi"))
    target_year = fields.year_field(_("År for målverdi"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("baseline_year"), data.get("target_year")
        if first and last and last < first:
            self.add_error("target_year", _("Året for målverdien kan ikke være før året for utgangsverdien."))
        return data


# --- Evaluation --------------------------------------------------------------------------------

_CONTINUE_CHOICES = [("", _("Ikke avklart")), ("true", _("Ja, videreføres")), ("false", _("Nei, avsluttes"))]


def _yes(value: str) -> bool:
    return value == "true"


class EvaluationForm(forms.Form):
    implementation = forms.ChoiceField(
        label=_("Gjennomføringsgrad"),
        choices=Implementation.choices,
        widget=fields.radios(),
        error_messages={
            "required": _("Velg hvor langt tiltaket er gjennomført."),
            "invalid_choice": _("Velg en av gjennomføringsgradene i listen."),
        },
    )
    notes = forms.CharField(
        label=_("Evalueringsnotat"),
        required=False,
        widget=fields.textarea(6),
        help_text=_("Hva ble gjort, hva virket, og hva bør endres i revidert plan?"),
    )
    partner_input = forms.CharField(
        label=_("Innspill fra samarbeidspartnere"), required=False, widget=fields.textarea(4)
    )
    continue_in_revision = forms.TypedChoiceField(
        label=_("Videreføres i revidert plan"),
        choices=_CONTINUE_CHOICES,
        coerce=_yes,
        empty_value=None,
        required=False,
        widget=fields.select(),
        error_messages={"invalid_choice": _("Velg et av valgene i listen.")},
    )
    version = fields.version_field(min_value=0)

    @staticmethod
    def initial_for(evaluation: Evaluation | None) -> dict[str, Any]:
        if evaluation is None:
            return {"version": 0}
        keep = evaluation.continue_in_revision
        return {
            "implementation": evaluation.implementation,
            "notes": evaluation.notes,
            "partner_input": evaluation.partner_input,
            "continue_in_revision": "" if keep is None else str(keep).lower(),
            "version": evaluation.version,
        }
