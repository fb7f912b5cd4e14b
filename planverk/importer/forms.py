"""Forms of the importer: the upload, and the review of a proposal.

The review is one HTML form made of Django forms: one for the plan, one per goal (prefix `g-<key>`) and one per
measure (prefix `m-<key>`), so a measure's title is posted as `m-<key>-title`. Each form is built from the proposal
the page showed, so the rows it expects (responsible units, objectives, links) are the ones the user saw.
"""

import datetime
import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from planverk.importer.proposal import (
    Proposal,
    ProposedGoal,
    ProposedLink,
    ProposedMeasure,
    ProposedObjective,
    ProposedResponsible,
)
from planverk.lib import fields
from planverk.organisations.models import Organisation
from planverk.plans.models import GoalKind, ObjectiveKind, PreventionLevel, ResponsibilityRole

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    Label = str | StrPromise

# A hint for the file picker only: the importer recognises a document by its content, not by its name.
ACCEPT = ".pdf,.docx,.txt,.html,.htm"
PASTED_SOURCE_NAME = _("Innlimt tekst")


class UploadForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"),
        queryset=Organisation.objects.none(),
        empty_label=_("Velg organisasjon"),
        widget=fields.select(),
        help_text=_("Planen opprettes som utkast for denne organisasjonen."),
        error_messages={
            "required": _("Velg hvilken organisasjon planen hører til."),
            "invalid_choice": _("Du kan bare importere planer for organisasjoner der du er plankoordinator."),
        },
    )
    file = forms.FileField(
        label=_("Fil med planen"),
        required=False,
        widget=forms.FileInput(attrs={"class": "ds-input", "accept": ACCEPT}),
        error_messages={"empty": _("Filen er tom."), "invalid": _("Filen kom ikke fram. Prøv å laste den opp igjen.")},
    )
    text = forms.CharField(
        label=_("Eller lim inn teksten fra planen"),
        required=False,
        strip=False,
        widget=fields.textarea(10),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations.order_by("name")
        field.label_from_instance = _organisation_label  # type: ignore[method-assign,assignment]
        if len(organisations) == 1:
            self.initial.setdefault("organisation", organisations[0].pk)
        self.fields["file"].help_text = _("PDF, Word (.docx), nettside (HTML) eller ren tekst, høyst %(size)s.") % {
            "size": filesizeformat(settings.IMPORT_MAX_BYTES)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload: UploadedFile | None = data.get("file")
        text: str = data.get("text") or ""
        if "file" in self.errors:
            return data
        if upload is not None and text.strip():
            self.add_error("text", _("Last opp en fil eller lim inn tekst, ikke begge deler."))
        elif upload is None and not text.strip():
            self.add_error("file", _("Velg en fil med planen, eller lim inn teksten fra planen."))
        else:
            size = (upload.size or 0) if upload is not None else len(text.encode("utf-8"))
            if size > settings.IMPORT_MAX_BYTES:
                self.add_error(
                    "file" if upload is not None else "text",
                    _("Filen er for stor (%(size)s). Største tillatte størrelse er %(limit)s.")
                    % {"size": filesizeformat(size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
                )
        return data

    def document(self) -> tuple[bytes, str]:
        """The bytes to read and the name to show for them."""
        upload: UploadedFile | None = self.cleaned_data["file"]
        if upload is not None:
            return upload.read(), upload.name or str(PASTED_SOURCE_NAME)
        return self.cleaned_data["text"].encode("utf-8"), str(PASTED_SOURCE_NAME)


def _organisation_label(organisation: Organisation) -> str:
    return organisation.name


# --- Review ------------------------------------------------------------------------------------

# The review of a national plan has some 1,250 fields. Django renders each widget, and each option of a select,
# from a template, which took seconds for such a page; these widgets write the same HTML directly.


def escape(value: Any) -> str:
    return html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False and value is not None:
            parts.append(f' {name}="{escape(value)}"')
    return "".join(parts)


class _Input:
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        return mark_safe(  # noqa: S308 - name, value and attributes are escaped
            f'<input type="{widget["type"]}" name="{escape(name)}"{shown}{_attrs(widget["attrs"])}>'
        )


class TextInput(_Input, forms.TextInput):
    pass


class NumberInput(_Input, forms.NumberInput):
    pass


class DateInput(_Input, forms.DateInput):
    pass


class CheckboxInput(_Input, forms.CheckboxInput):
    pass


class Textarea(forms.Textarea):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        text = self.format_value(value) or ""
        return mark_safe(  # noqa: S308 - name, text and attributes are escaped
            f'<textarea name="{escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>\n{escape(text)}</textarea>'
        )


class Select(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) in chosen else ""}>{escape(label)}</option>'
            for option, label in self.choices
        )
        return mark_safe(  # noqa: S308 - name, values, labels and attributes are escaped
            f'<select name="{escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>{options}</select>'
        )


YEAR_MIN, YEAR_MAX = 1900, 2100


def _year(label: "Label") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=NumberInput(attrs={"class": "ds-input", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Skriv året med fire sifre, for eksempel 2026."),
            "min_value": _("Året må være %(limit_value)s eller senere."),
            "max_value": _("Året må være %(limit_value)s eller tidligere."),
        },
    )


def _date(label: "Label") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=fields.DATE_INPUT_FORMATS,
        widget=DateInput(attrs={"class": "ds-input", "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 12.12.2023.")},
    )


def _text(label: "Label", max_length: int, help_text: "Label" = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=TextInput(attrs={"class": "ds-input"}),
        error_messages={"max_length": _("Teksten kan ha høyst %(limit_value)d tegn (den har %(show_value)d).")},
    )


class LongTextField(forms.CharField):
    """Text of several lines, with the line breaks browsers post (CRLF) made plain again."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return text.replace("\r\n", "\n").replace("\r", "\n")


def _long_text(label: "Label", rows: int, help_text: "Label" = "") -> forms.CharField:
    return LongTextField(
        label=label, required=False, help_text=help_text, widget=Textarea(attrs={"class": "ds-input", "rows": rows})
    )


def _title(label: "Label", max_length: int, required_message: "Label") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=TextInput(attrs={"class": "ds-input"}),
        error_messages={
            "required": required_message,
            "max_length": _("Tittelen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."),
        },
    )


def _choice(label: "Label", choices: Sequence[tuple[str, Any]], *, required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        widget=Select(attrs={"class": "ds-input"}),
        error_messages={"invalid_choice": _("Velg et av valgene i listen.")},
    )


def _keep(label: "Label") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, initial=True, widget=CheckboxInput())


PREVENTION_CHOICES = [("", _("Ikke angitt")), *PreventionLevel.choices]
ROLE_CHOICES = ResponsibilityRole.choices
OBJECTIVE_CHOICES = ObjectiveKind.choices


UNCERTAIN_NOTE = _("Usikker – sjekk mot kilden")


class ReviewBoundField(forms.BoundField):
    """A field of the review with its label, help, uncertain mark and errors, written directly (see the widgets)."""

    @property
    def block(self) -> SafeString:
        form = self.form
        assert isinstance(form, ReviewForm)
        uncertain = self.name in form.uncertain_fields
        # Keys in the ids come from the stored proposal: escaped like everything else.
        field_id = escape(self.auto_id)
        ids = []
        if uncertain:
            ids.append(f"{field_id}_usikker")
        if self.help_text:
            ids.append(f"{field_id}_helptext")
        if self.errors:
            ids.append(f"{field_id}_error")
        widget = self.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)
        label_class = "" if self.is_checkbox else ' class="ds-label"'
        label = f'<label{label_class} for="{escape(self.id_for_label)}">{escape(self.label)}</label>'
        parts = [f'<div class="ds-field{" review-field--uncertain" if uncertain else ""}">']
        if self.is_checkbox:
            parts.append(f'<div class="choice">{widget} {label}</div>')
        else:
            parts.append(label)
            if self.help_text:
                parts.append(
                    f'<p class="ds-paragraph" data-field="description" data-size="sm" id="{field_id}_helptext">'
                    f"{escape(self.help_text)}</p>"
                )
        if uncertain:
            parts.append(uncertain_note(f"{field_id}_usikker"))
        if not self.is_checkbox:
            parts.append(widget)
        if self.errors:
            messages = "".join(
                f'<p class="ds-validation-message" data-field="validation" data-color="danger">{escape(e)}</p>'
                for e in self.errors
            )
            parts.append(f'<div id="{field_id}_error">{messages}</div>')
        parts.append("</div>")
        return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)


def uncertain_note(note_id: str) -> SafeString:
    return mark_safe(  # noqa: S308 - the id and the text are escaped
        f'<p class="review-uncertain" id="{escape(note_id)}"><span class="ds-tag" data-color="warning">'
        f'<span class="review-uncertain__icon" aria-hidden="true">⚠</span> {escape(UNCERTAIN_NOTE)}</span></p>'
    )


class ReviewForm(forms.Form):
    """What the plan, goal and measure forms share: marks on uncertain fields, and telling what changed."""

    bound_field_class = ReviewBoundField

    # Names the detector uses in `uncertain` for fields that are called something else here.
    aliases: Mapping[str, tuple[str, ...]] = {}

    def __init__(self, *args: Any, uncertain: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.uncertain_names = list(uncertain)
        marked: set[str] = set()
        for name in uncertain:
            marked.update(self.aliases.get(name, (name,)))
        self.uncertain_fields = {name for name in marked if name in self.fields}

    def still_uncertain(self, groups: Mapping[str, Sequence[str]] | None = None) -> list[str]:
        """The uncertain names, less those whose field the user has changed: they have looked at it."""
        changed = set(self.changed_data)
        kept = []
        for name in self.uncertain_names:
            touched = (groups or {}).get(name) or self.aliases.get(name, (name,))
            if not changed.intersection(touched):
                kept.append(name)
        return kept


class PlanReviewForm(ReviewForm):
    aliases = {"period": ("period_start", "period_end")}

    title = _title(_("Tittel"), 300, _("Skriv inn tittelen på planen."))
    period_start = _year(_("Gjelder fra år"))
    period_end = _year(_("Gjelder til år"))
    adopted_by = _text(_("Vedtatt av"), 200)
    adopted_on = _date(_("Vedtaksdato"))
    case_number = _text(_("Saksnummer"), 50)
    overall_goal = _long_text(_("Hovedmål"), 2)
    summary = _long_text(_("Sammendrag"), rows=4)

    @classmethod
    def build(cls, proposal: Proposal, data: Mapping[str, Any] | None) -> "PlanReviewForm":
        initial = {name: getattr(proposal, name) for name in cls.base_fields}
        initial["adopted_on"] = _iso_date(proposal.adopted_on)
        return cls(data, prefix="plan", initial=initial, uncertain=proposal.uncertain)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Sluttåret kan ikke være før startåret."))
        return data

    def apply(self, proposal: Proposal) -> None:
        data = self.cleaned_data
        proposal.title = data["title"]
        proposal.period_start, proposal.period_end = data["period_start"], data["period_end"]
        proposal.adopted_by, proposal.case_number = data["adopted_by"], data["case_number"]
        proposal.adopted_on = data["adopted_on"].isoformat() if data["adopted_on"] else None
        proposal.overall_goal, proposal.summary = data["overall_goal"], data["summary"]
        proposal.uncertain = self.still_uncertain()


class GoalReviewForm(ReviewForm):
    number = _text(_("Nummer"), 20)
    title = _title(_("Tittel"), 500, _("Skriv inn tittelen på målet."))
    kind = _choice(_("Type"), GoalKind.choices, required=True)
    prevention_level = _choice(_("Forebyggingsnivå"), PREVENTION_CHOICES)
    description = _long_text(_("Beskrivelse"), rows=3)

    def __init__(self, *args: Any, goal: ProposedGoal, **kwargs: Any) -> None:
        self.goal = goal
        super().__init__(*args, **kwargs)
        self.link_fields = _add_link_fields(self, goal.links)

    @classmethod
    def build(cls, goal: ProposedGoal, data: Mapping[str, Any] | None) -> "GoalReviewForm":
        initial = {name: getattr(goal, name) for name in cls.base_fields}
        return cls(data, prefix=f"g-{goal.key}", initial=initial, goal=goal, uncertain=goal.uncertain)

    def to_goal(self) -> ProposedGoal:
        data = self.cleaned_data
        return ProposedGoal(
            key=self.goal.key,
            number=data["number"],
            title=data["title"],
            kind=data["kind"],
            prevention_level=data["prevention_level"],
            description=data["description"],
            links=[link for i, link in enumerate(self.goal.links) if data[f"l{i}_keep"]],
            uncertain=self.still_uncertain(),
            source_line=self.goal.source_line,
        )


class ResponsibleRow:
    """One responsible unit of a measure as the review shows it: keep it or not, its role, a new unit's name."""

    def __init__(self, form: "MeasureReviewForm", index: int, responsible: ProposedResponsible) -> None:
        self.index, self.responsible = index, responsible
        self.is_new = responsible.unit_id is None
        self.keep = form[f"r{index}_keep"]
        self.role = form[f"r{index}_role"]
        self.name = form[f"r{index}_name"] if self.is_new else None


class ObjectiveRow:
    def __init__(self, form: "MeasureReviewForm", index: int, is_extra: bool) -> None:
        self.index, self.is_extra = index, is_extra
        self.kind = form[f"o{index}_kind"]
        self.text = form[f"o{index}_text"]
        self.method = form[f"o{index}_method"]


class MeasureReviewForm(ReviewForm):
    aliases = {
        "goal_key": ("goal",),
        "timeframe": ("timeframe", "start_year", "due_year", "due_date"),
    }

    goal = _choice(_("Under mål"), [])
    number = _text(_("Nummer"), 20)
    title = _title(_("Tittel"), 500, _("Skriv inn tittelen på tiltaket."))
    what = _long_text(
        _("Hva"),
        rows=4,
        help_text=_("Vil du dele tiltaket i to, skriv en linje med bare --- der det skal deles, og trykk «Del i to»."),
    )
    why = _long_text(_("Hvorfor"), rows=2)
    timeframe = _text(_("Når"), 300)
    start_year = _year(_("Startår"))
    due_year = _year(_("Frist (år)"))
    due_date = _date(_("Frist (dato)"))
    partners = _long_text(_("Samarbeidspartnere"), rows=2)
    cost = _long_text(_("Kostnad og finansiering"), rows=2)
    prevention_level = _choice(_("Forebyggingsnivå"), PREVENTION_CHOICES)
    add_unit = _choice(_("Legg til ansvarlig enhet"), [])
    add_role = _choice(_("Rolle for enheten du legger til"), ROLE_CHOICES, required=False)

    def __init__(
        self,
        *args: Any,
        measure: ProposedMeasure,
        goal_choices: Sequence[tuple[str, str]],
        unit_choices: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        self.measure = measure
        super().__init__(*args, **kwargs)
        goal = self.fields["goal"]
        assert isinstance(goal, forms.ChoiceField)
        goal.choices = [("", _("Uten mål")), *goal_choices]
        goal.error_messages["invalid_choice"] = _("Velg et av målene i planen.")
        add_unit = self.fields["add_unit"]
        assert isinstance(add_unit, forms.ChoiceField)
        add_unit.choices = [("", _("Ingen")), *unit_choices]
        add_unit.error_messages["invalid_choice"] = _("Velg en av enhetene i listen.")
        self.unit_names = dict(unit_choices)
        self.has_goals = bool(goal_choices)

        for i, responsible in enumerate(measure.responsible):
            self.fields[f"r{i}_keep"] = _keep(responsible.name if responsible.unit_id else _("Behold den nye enheten"))
            self.fields[f"r{i}_role"] = _choice(
                _("Rolle for %(name)s") % {"name": responsible.name}, ROLE_CHOICES, required=True
            )
            self.initial[f"r{i}_role"] = responsible.role
            if responsible.unit_id is None:
                self.fields[f"r{i}_name"] = _text(_("Navn på ny enhet"), 200)
                self.initial[f"r{i}_name"] = responsible.name
        for i in range(len(measure.objectives) + 1):
            objective = measure.objectives[i] if i < len(measure.objectives) else None
            self.fields[f"o{i}_kind"] = _choice(_("Type"), OBJECTIVE_CHOICES, required=True)
            self.fields[f"o{i}_text"] = _long_text(
                _("Tekst"),
                rows=3,
                help_text=_("Tøm feltet for å fjerne målet.") if objective else "",
            )
            self.fields[f"o{i}_method"] = _text(_("Målemetode"), 2000)
            self.initial[f"o{i}_kind"] = objective.kind if objective else ObjectiveKind.RESULT
            self.initial[f"o{i}_text"] = objective.text if objective else ""
            self.initial[f"o{i}_method"] = objective.measurement_method if objective else ""
        self.link_fields = _add_link_fields(self, measure.links)
        self.responsible_rows = [ResponsibleRow(self, i, r) for i, r in enumerate(measure.responsible)]
        self.objective_rows = [
            ObjectiveRow(self, i, i == len(measure.objectives)) for i in range(len(measure.objectives) + 1)
        ]
        self.responsible_uncertain = "responsible" in self.uncertain_names

    @property
    def responsible_note(self) -> SafeString:
        return uncertain_note(f"m-{self.measure.key}-ansvar_usikker")

    @classmethod
    def build(
        cls,
        measure: ProposedMeasure,
        data: Mapping[str, Any] | None,
        *,
        goal_choices: Sequence[tuple[str, str]],
        unit_choices: Sequence[tuple[str, str]],
    ) -> "MeasureReviewForm":
        initial = {name: getattr(measure, name, None) for name in cls.base_fields}
        initial.update(goal=measure.goal_key or "", due_date=_iso_date(measure.due_date), add_unit="", add_role="")
        return cls(
            data,
            prefix=f"m-{measure.key}",
            initial=initial,
            measure=measure,
            goal_choices=goal_choices,
            unit_choices=unit_choices,
            uncertain=measure.uncertain,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start_year"), data.get("due_year")
        if start and due and due < start:
            self.add_error("due_year", _("Fristen kan ikke være før startåret."))
        due_date = data.get("due_date")
        if start and due_date and due_date.year < start:
            self.add_error("due_date", _("Fristen kan ikke være før startåret."))
        for row in self.responsible_rows:
            if row.is_new and data.get(f"r{row.index}_keep") and not (data.get(f"r{row.index}_name") or "").strip():
                self.add_error(f"r{row.index}_name", _("Skriv navnet på den nye enheten, eller fjern haken."))
        return data

    def to_measure(self) -> ProposedMeasure:
        data, measure = self.cleaned_data, self.measure
        responsible = []
        for row in self.responsible_rows:
            if not data[f"r{row.index}_keep"]:
                continue
            name = data[f"r{row.index}_name"].strip() if row.is_new else row.responsible.name
            responsible.append(
                ProposedResponsible(name=name, role=data[f"r{row.index}_role"], unit_id=row.responsible.unit_id)
            )
        if data["add_unit"]:
            unit_id = int(data["add_unit"])
            if all(r.unit_id != unit_id for r in responsible):
                role = data["add_role"] or ResponsibilityRole.PRIMARY
                responsible.append(
                    ProposedResponsible(name=self.unit_names[data["add_unit"]], role=role, unit_id=unit_id)
                )
        objectives = [
            ProposedObjective(
                kind=data[f"o{row.index}_kind"],
                text=data[f"o{row.index}_text"].strip(),
                measurement_method=data[f"o{row.index}_method"].strip(),
            )
            for row in self.objective_rows
            if data[f"o{row.index}_text"].strip()
        ]
        responsible_fields = [name for name in self.fields if name.startswith("r") and name[1].isdigit()]
        return ProposedMeasure(
            key=measure.key,
            goal_key=data["goal"] or None,
            number=data["number"],
            title=data["title"],
            what=data["what"],
            why=data["why"],
            timeframe=data["timeframe"],
            start_year=data["start_year"],
            due_year=data["due_year"],
            due_date=data["due_date"].isoformat() if data["due_date"] else None,
            responsible_text=measure.responsible_text,
            responsible=responsible,
            partners=data["partners"],
            cost=data["cost"],
            prevention_level=data["prevention_level"],
            objectives=objectives,
            links=[link for i, link in enumerate(measure.links) if data[f"l{i}_keep"]],
            uncertain=self.still_uncertain(
                {"responsible": [*responsible_fields, "add_unit"], "goal": ["goal"], "goal_key": ["goal"]}
            ),
            source_line=measure.source_line,
            source_end=measure.source_end,
        )


def _add_link_fields(form: forms.Form, links: list[ProposedLink]) -> list[forms.BoundField]:
    for i, link in enumerate(links):
        form.fields[f"l{i}_keep"] = _keep(link.label)
    return [form[f"l{i}_keep"] for i in range(len(links))]


def _iso_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
