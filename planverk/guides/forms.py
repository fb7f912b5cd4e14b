"""Workspace forms for guides and their steps. The services check again; these give the errors a coordinator reads
beside the field."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planverk.accounts.models import User
from planverk.guides import selectors
from planverk.guides.models import Guide, GuideStep, LegalDuty, Phase
from planverk.help.models import Service
from planverk.lib import fields
from planverk.organisations.models import Organisation, Unit
from planverk.plans.models import Measure

NOT_OFFERED = _("Velg fra listen. Det du valgte, hører ikke til kommunen.")


class _Choice(forms.ModelChoiceField):
    def __init__(self, label: Any, queryset: Any, help_text: Any = "", required: bool = False) -> None:
        super().__init__(
            label=label,
            queryset=queryset,
            required=required,
            help_text=help_text,
            empty_label="–",
            widget=fields.select(),
            error_messages={"invalid_choice": NOT_OFFERED},
        )


class OwnerChoice(_Choice):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class MeasureChoice(_Choice):
    def label_from_instance(self, obj: Measure) -> str:
        number = f"{obj.number}. " if obj.number else ""
        return f"{obj.plan.title} – {number}{obj.title}"


class GuideForm(forms.Form):
    title = fields.text_field(_("Tittel"), 300, required=True)
    audience = fields.text_field(_("For hvem"), 300, help_text=_("For eksempel «ansatte i skole og barnehage»."))
    introduction = fields.long_text_field(_("Innledning"), rows=4)
    owner = OwnerChoice(
        _("Eier"),
        User.objects.none(),
        help_text=_("Den som holder veilederen oppdatert og får påminnelse før revisjonsdatoen."),
    )
    owner_unit = _Choice(_("Ansvarlig enhet"), Unit.objects.none())
    review_date = forms.DateField(
        label=_("Revideres innen"),
        input_formats=fields.DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"class": "ds-input", "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Skriv når veilederen skal gås gjennom på nytt."),
            "invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 12.12.2027."),
        },
    )
    measure = MeasureChoice(
        _("Tiltak i handlingsplanen"),
        Measure.objects.none(),
        help_text=_("Tiltaket som krever denne veilederen, om det finnes et."),
    )
    version = fields.version_field(min_value=0)
    confirm_flagged = fields.confirm_flagged_field()

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Veilederen må ha en tittel.")
        # Choices of the municipality only: a user or measure of another one does not validate.
        self.fields["owner"].queryset = selectors.owner_choices(organisation)  # type: ignore[attr-defined]
        self.fields["owner_unit"].queryset = organisation.units.order_by("name", "pk")  # type: ignore[attr-defined]
        self.fields["measure"].queryset = selectors.measure_choices(organisation)  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(guide: Guide) -> dict[str, Any]:
        return {
            "title": guide.title,
            "audience": guide.audience,
            "introduction": guide.introduction,
            "owner": guide.owner_id,
            "owner_unit": guide.owner_unit_id,
            "review_date": guide.review_date,
            "measure": guide.measure_id,
            "version": guide.version,
        }

    def guide_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("version", "confirm_flagged")}


class ContactsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.name} ({_('nasjonal')})" if obj.organisation_id is None else obj.name


class StepForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Del av veilederen"),
        choices=Phase.choices,
        widget=fields.select(),
        error_messages={"invalid_choice": _("Velg en av delene i listen.")},
    )
    title = fields.text_field(_("Tittel"), 300, required=True)
    text = fields.long_text_field(_("Hva du gjør"), rows=6)
    contacts = ContactsField(
        label=_("Hvem du kontakter"),
        queryset=Service.objects.all(),
        required=False,
        widget=fields.checkboxes(),
        help_text=_("Tjenester fra kommunens tjenesteoversikt og de nasjonale hjelpetjenestene."),
        error_messages={"invalid_choice": _("Tjenesten finnes ikke. Velg tjenester fra listen.")},
    )
    legal_duties = forms.MultipleChoiceField(
        label=_("Plikter etter loven som gjelder i dette steget"),
        choices=LegalDuty.choices,
        required=False,
        widget=fields.checkboxes(),
        error_messages={"invalid_choice": _("Ukjent plikt. Velg fra listen.")},
    )
    legal_note = fields.long_text_field(
        _("Merknad om plikter"),
        rows=3,
        help_text=_("Det som gjelder spesielt hos dere, for eksempel hvem som varsler."),
    )
    version = fields.version_field(min_value=0)
    confirm_flagged = fields.confirm_flagged_field()

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Steget må ha en tittel.")
        # Any existing service passes the form, so the service can say clearly why one of another municipality is
        # refused; the list offers only the municipality's own and the national ones.
        field = self.fields["contacts"]
        assert isinstance(field, ContactsField)
        field.widget.choices = [(s.pk, field.label_from_instance(s)) for s in selectors.contact_choices(organisation)]

    @staticmethod
    def initial_for(step: GuideStep) -> dict[str, Any]:
        return {
            "phase": step.phase,
            "title": step.title,
            "text": step.text,
            "contacts": [s.pk for s in step.contacts.all()],
            "legal_duties": step.legal_duties,
            "legal_note": step.legal_note,
            "version": step.version,
        }

    def step_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("version", "confirm_flagged")}


class PublishForm(forms.Form):
    confirm_flagged = fields.confirm_flagged_field()
