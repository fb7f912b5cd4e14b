"""Workspace forms: they shape and check input, with errors a plan coordinator understands.

Rules that span several objects are checked again in the services; the forms say it first, in plain words.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from planverk.lib import fields
from planverk.organisations.models import Organisation, OrganisationKind, Unit, UnitKind
from planverk.plans import services
from planverk.plans.models import (
    Goal,
    GoalKind,
    Measure,
    ObjectiveKind,
    Plan,
    PlanLevel,
    PlanStatus,
    PreventionLevel,
    ResponsibilityRole,
    TargetGroup,
)
from planverk.plans.services import ResponsibleUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    Label = str | StrPromise

NATIONAL_OWNER_KINDS = frozenset({OrganisationKind.MINISTRY, OrganisationKind.DIRECTORATE})


def _prevention_level_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Forebyggingsnivå"),
        required=False,
        choices=[("", _("Ikke angitt")), *PreventionLevel.choices],
        widget=fields.select(),
        error_messages={"invalid_choice": _("Velg et av forebyggingsnivåene i listen.")},
    )


# --- Plans -----------------------------------------------------------------------------------


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Tittel"),
        max_length=300,
        widget=fields.text(),
        error_messages={
            "required": _("Skriv inn tittelen på planen."),
            "max_length": _("Tittelen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."),
        },
    )
    level = forms.ChoiceField(
        label=_("Nivå"),
        choices=PlanLevel.choices,
        initial=PlanLevel.MUNICIPAL,
        widget=fields.select(),
        error_messages={"required": _("Velg nivå for planen."), "invalid_choice": _("Velg et av nivåene i listen.")},
    )
    period_start = fields.year_field(_("Gjelder fra år"))
    period_end = fields.year_field(_("Gjelder til år"))
    summary = fields.long_text_field(_("Sammendrag"), rows=5)
    commissioning_decision = fields.long_text_field(
        _("Bestillingsvedtak"), rows=3, help_text=_("Vedtaket som ba om planen, gjerne med saksnummer.")
    )
    revision_due = fields.date_field(_("Skal rulleres innen"), help_text=_("Datoen planen senest skal revideres."))

    def owner_organisations(self) -> list[Organisation]:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Sluttåret kan ikke være før startåret."))
        owners = self.owner_organisations()
        if (
            data.get("level") == PlanLevel.NATIONAL
            and owners
            and any(o.kind not in NATIONAL_OWNER_KINDS for o in owners)
        ):
            self.add_error("level", _("Bare departementer og direktorater kan eie en nasjonal plan."))
        return data

    def plan_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.PLAN_FIELDS}


class PlanCreateForm(PlanForm):
    owner = forms.ModelChoiceField(
        label=_("Eier"),
        queryset=Organisation.objects.none(),
        empty_label=_("Velg organisasjon"),
        widget=fields.select(),
        help_text=_("Organisasjonen som eier planen. Du kan velge organisasjoner der du er plankoordinator."),
        error_messages={
            "required": _("Velg hvilken organisasjon som eier planen."),
            "invalid_choice": _(
                "Du kan bare opprette planer for organisasjoner der du er plankoordinator eller administrator."
            ),
        },
    )
    field_order = ["owner", "title", "level"]

    def __init__(self, *args: Any, owners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = owners.order_by("name")
        owner_field.label_from_instance = _organisation_choice_label  # type: ignore[method-assign,assignment]
        if len(owners) == 1:
            self.initial.setdefault("owner", owners[0].pk)

    def owner_organisations(self) -> list[Organisation]:
        owner = self.cleaned_data.get("owner")
        return [owner] if owner is not None else []


class PlanEditForm(PlanForm):
    version = fields.version_field()
    confirm_flagged = fields.confirm_flagged_field()

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    @staticmethod
    def initial_for(plan: Plan) -> dict[str, Any]:
        return {**{name: getattr(plan, name) for name in services.PLAN_FIELDS}, "version": plan.version}

    def owner_organisations(self) -> list[Organisation]:
        return list(self.plan.organisations.all())


class PlanStatusForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Ny status"),
        widget=fields.radios(),
        error_messages={
            "required": _("Velg hvilken status planen skal få."),
            "invalid_choice": _("Planen kan ikke få denne statusen fra den statusen den har nå."),
        },
    )
    adopted_by = fields.text_field(
        _("Vedtatt av"),
        200,
        help_text=_("Organet som vedtok planen, for eksempel kommunestyret. Må fylles ut når planen vedtas."),
    )
    adopted_on = fields.date_field(_("Vedtaksdato"), help_text=_("Må fylles ut når planen vedtas."))
    case_number = fields.text_field(_("Saksnummer"), 50)
    supersedes = forms.ModelChoiceField(
        label=_("Erstatter plan"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("Erstatter ingen plan"),
        widget=fields.select(),
        help_text=_("Den gamle planen får status «Erstattet»."),
        error_messages={"invalid_choice": _("Velg en vedtatt plan fra samme organisasjon.")},
    )
    confirm_flagged = fields.confirm_flagged_field()

    def __init__(self, *args: Any, plan: Plan, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan, self.today = plan, today
        allowed = services.TRANSITIONS[plan.status]
        to_field = self.fields["to"]
        assert isinstance(to_field, forms.ChoiceField)
        to_field.choices = [(s.value, s.label) for s in PlanStatus if s in allowed]
        supersedes = self.fields["supersedes"]
        assert isinstance(supersedes, forms.ModelChoiceField)
        # Only plans that can still be superseded: adopted or extended plans of the same owners.
        supersedes.queryset = (
            Plan.objects.filter(
                pk__in=Plan.objects.owned_by_any({o.pk for o in plan.organisations.all()}).values("pk"),
                status__in=[s for s in PlanStatus if PlanStatus.SUPERSEDED in services.TRANSITIONS[s]],
            )
            .exclude(pk=plan.pk)
            .order_by("-period_start", "title")
        )
        supersedes.label_from_instance = _plan_choice_label  # type: ignore[method-assign,assignment]
        self.initial.setdefault("adopted_by", plan.adopted_by)
        self.initial.setdefault("adopted_on", plan.adopted_on)
        self.initial.setdefault("case_number", plan.case_number)

    @property
    def has_choices(self) -> bool:
        return bool(services.TRANSITIONS[self.plan.status])

    @property
    def may_adopt(self) -> bool:
        return PlanStatus.ADOPTED in services.TRANSITIONS[self.plan.status]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to") == PlanStatus.ADOPTED:
            if not data.get("adopted_by"):
                self.add_error("adopted_by", _("Skriv hvilket organ som vedtok planen."))
            if not data.get("adopted_on") and "adopted_on" not in self.errors:
                self.add_error("adopted_on", _("Skriv inn datoen planen ble vedtatt."))
            elif data.get("adopted_on") and data["adopted_on"] > self.today:
                self.add_error("adopted_on", _("Vedtaksdatoen kan ikke være fram i tid."))
        else:
            # Adoption details belong only to the adoption step.
            data.update(adopted_by="", adopted_on=None, case_number="", supersedes=None)
        return data


def _organisation_choice_label(organisation: Organisation) -> str:
    return organisation.name


def _plan_choice_label(plan: Plan) -> str:
    return f"{plan.title} ({plan.period_display})" if plan.period_display else plan.title


# --- Goals -----------------------------------------------------------------------------------


class GoalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=GoalKind.choices,
        initial=GoalKind.GOAL,
        widget=fields.select(),
        help_text=_("Planer kaller delene sine ulike ting: mål, innsatsområder eller kategorier."),
        error_messages={"required": _("Velg type."), "invalid_choice": _("Velg en av typene i listen.")},
    )
    number = fields.text_field(_("Nummer"), 20, help_text=_("Slik nummeret står i planen, for eksempel 1 eller 2.3."))
    title = forms.CharField(
        label=_("Tittel"),
        max_length=500,
        widget=fields.text(),
        error_messages={
            "required": _("Skriv inn tittelen på målet."),
            "max_length": _("Tittelen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."),
        },
    )
    description = fields.long_text_field(_("Beskrivelse"), rows=5)
    prevention_level = _prevention_level_field()
    confirm_flagged = fields.confirm_flagged_field()


class GoalEditForm(GoalForm):
    version = fields.version_field()

    @staticmethod
    def initial_for(goal: Goal) -> dict[str, Any]:
        return {**{name: getattr(goal, name) for name in services.GOAL_FIELDS}, "version": goal.version}


# --- Measures --------------------------------------------------------------------------------

_IS_NEW_CHOICES = [("", _("Ikke oppgitt")), ("true", _("Nytt tiltak")), ("false", _("Videreført tiltak"))]


def _is_new(value: str) -> bool:
    return value == "true"


class UnitChoiceField(forms.ModelMultipleChoiceField):
    """Units by name; prefixed with their organisation when a plan has several owners."""

    show_organisation = False

    def label_from_instance(self, obj: Unit) -> str:
        name = f"{obj.name} ({obj.short_name})" if obj.short_name and obj.short_name != obj.name else obj.name
        if self.show_organisation and obj.kind != UnitKind.MINISTRY:
            return f"{obj.organisation.display_name}: {name}"
        return name


def responsible_unit_choices(plan: Plan, current: set[int]) -> QuerySet[Unit]:
    """Units of the owning organisations, the ministries for a national plan, and whatever is assigned now."""
    wanted = Q(organisation__in=plan.organisations.values("pk"))
    if plan.level == PlanLevel.NATIONAL:
        wanted |= Q(organisation__kind=OrganisationKind.MINISTRY)
    if current:
        wanted |= Q(pk__in=current)
    return Unit.objects.filter(wanted).select_related("organisation").order_by("organisation__name", "name", "pk")


class MeasureForm(forms.Form):
    goal = forms.ModelChoiceField(
        label=_("Under mål"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("Uten mål"),
        widget=fields.select(),
        error_messages={"invalid_choice": _("Velg et av målene i denne planen.")},
    )
    number = fields.text_field(_("Nummer"), 20, help_text=_("Slik nummeret står i planen. Kan stå tomt."))
    title = forms.CharField(
        label=_("Tittel"),
        max_length=500,
        widget=fields.text(),
        error_messages={
            "required": _("Skriv inn tittelen på tiltaket."),
            "max_length": _("Tittelen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."),
        },
    )
    what = fields.long_text_field(_("Hva"), rows=5, help_text=_("Hva som skal gjøres."))
    why = fields.long_text_field(_("Hvorfor"), rows=4)
    timeframe = fields.text_field(
        _("Når"), 300, help_text=_("Slik tidspunktet står i planen, for eksempel «2025–2026».")
    )
    start_year = fields.year_field(_("Startår"))
    due_year = fields.year_field(_("Frist (år)"))
    due_date = fields.date_field(_("Frist (dato)"))
    primary_units = UnitChoiceField(
        label=_("Hovedansvarlig"),
        queryset=Unit.objects.none(),
        required=False,
        widget=fields.checkboxes(),
        error_messages={"invalid_choice": _("Velg ansvarlige blant enhetene i listen.")},
    )
    collaborator_units = UnitChoiceField(
        label=_("Medansvarlig"),
        queryset=Unit.objects.none(),
        required=False,
        widget=fields.checkboxes(),
        error_messages={"invalid_choice": _("Velg medansvarlige blant enhetene i listen.")},
    )
    partners = fields.long_text_field(_("Samarbeidspartnere"), rows=3)
    cost = fields.long_text_field(_("Kostnad og finansiering"), rows=3)
    prevention_level = _prevention_level_field()
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Målgrupper"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=fields.checkboxes(),
        error_messages={"invalid_choice": _("Velg målgrupper fra listen.")},
    )
    arenas = fields.text_field(_("Arenaer"), 500, help_text=_("For eksempel skole, arbeidsplass, nettet."))
    is_new = forms.TypedChoiceField(
        label=_("Nytt eller videreført"),
        choices=_IS_NEW_CHOICES,
        coerce=_is_new,
        empty_value=None,
        required=False,
        widget=fields.select(),
        error_messages={"invalid_choice": _("Velg et av valgene i listen.")},
    )
    confirm_flagged = fields.confirm_flagged_field()

    def __init__(self, *args: Any, plan: Plan, current_units: dict[int, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        # unit id → position among today's responsibilities, so that saving keeps their order.
        self.current_units = current_units or {}
        goal_field = self.fields["goal"]
        assert isinstance(goal_field, forms.ModelChoiceField)
        goal_field.queryset = plan.goals.order_by("order", "pk")
        if not goal_field.queryset.exists():
            del self.fields["goal"]  # a plan without goals (like Gjøvik's) lists its measures directly
        units = responsible_unit_choices(plan, set(self.current_units))
        self.has_units = units.exists()
        for name in ("primary_units", "collaborator_units"):
            field = self.fields[name]
            assert isinstance(field, UnitChoiceField)
            field.queryset = units
            field.show_organisation = plan.organisations.count() > 1
        target_groups = self.fields["target_groups"]
        assert isinstance(target_groups, forms.ModelMultipleChoiceField)
        target_groups.queryset = TargetGroup.objects.order_by("name")

    @staticmethod
    def initial_for(measure: Measure) -> dict[str, Any]:
        initial = {name: getattr(measure, name) for name in services.MEASURE_FIELDS if name != "goal"}
        responsibilities = list(measure.responsibilities.order_by("order", "pk"))
        initial.update(
            goal=measure.goal_id,
            is_new="" if measure.is_new is None else str(measure.is_new).lower(),
            target_groups=[g.pk for g in measure.target_groups.all()],
            primary_units=[r.unit_id for r in responsibilities if r.role == ResponsibilityRole.PRIMARY],
            collaborator_units=[r.unit_id for r in responsibilities if r.role == ResponsibilityRole.COLLABORATOR],
            version=measure.version,
        )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start_year"), data.get("due_year")
        if start and due and due < start:
            self.add_error("due_year", _("Fristen kan ikke være før startåret."))
        primary = {u.pk: u for u in data.get("primary_units") or []}
        both = primary.keys() & {u.pk for u in data.get("collaborator_units") or []}
        if both:
            names = ", ".join(sorted(primary[pk].name for pk in both))
            self.add_error(
                None,
                _("En enhet kan ikke være både hovedansvarlig og medansvarlig: %(units)s.") % {"units": names},
            )
        return data

    def measure_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.MEASURE_FIELDS if name in self.cleaned_data}

    def chosen_target_groups(self) -> list[TargetGroup]:
        return list(self.cleaned_data["target_groups"])

    def responsible(self) -> list[ResponsibleUnit]:
        def ordered(units: QuerySet[Unit]) -> list[Unit]:
            return sorted(units, key=lambda u: (self.current_units.get(u.pk, len(self.current_units)), u.name))

        return [
            *(
                ResponsibleUnit(unit=u, role=ResponsibilityRole.PRIMARY)
                for u in ordered(self.cleaned_data["primary_units"])
            ),
            *(
                ResponsibleUnit(unit=u, role=ResponsibilityRole.COLLABORATOR)
                for u in ordered(self.cleaned_data["collaborator_units"])
            ),
        ]


class MeasureEditForm(MeasureForm):
    version = fields.version_field()


class ObjectiveForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type mål"),
        choices=ObjectiveKind.choices,
        initial=ObjectiveKind.RESULT,
        widget=fields.radios(),
        help_text=_("Resultatmål: hva dere leverer. Effektmål: hva som skal endre seg."),
        error_messages={
            "required": _("Velg om dette er et resultatmål eller et effektmål."),
            "invalid_choice": _("Velg resultatmål eller effektmål."),
        },
    )
    text = forms.CharField(
        label=_("Mål"),
        widget=fields.textarea(3),
        error_messages={"required": _("Skriv inn målet.")},
    )
    measurement_method = fields.long_text_field(
        _("Målemetode"), rows=3, help_text=_("Hvordan dere vil se om målet er nådd, for eksempel en indikator.")
    )
    confirm_flagged = fields.confirm_flagged_field()


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("opp", _("Opp")), ("ned", _("Ned"))],
        error_messages={
            "required": _("Velg om elementet skal flyttes opp eller ned."),
            "invalid_choice": _("Elementet kan bare flyttes opp eller ned."),
        },
    )

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == "opp" else 1


# --- Units -----------------------------------------------------------------------------------


class UnitForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        widget=fields.text(),
        error_messages={
            "required": _("Skriv inn navnet på enheten."),
            "max_length": _("Navnet kan ha høyst %(limit_value)d tegn (det har %(show_value)d)."),
        },
    )
    short_name = fields.text_field(_("Kortnavn"), 50, help_text=_("For eksempel en forkortelse som brukes i planene."))
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[(k.value, k.label) for k in UnitKind if k != UnitKind.MINISTRY],
        initial=UnitKind.SERVICE,
        widget=fields.select(),
        error_messages={"required": _("Velg type enhet."), "invalid_choice": _("Velg en av typene i listen.")},
    )
    parent = forms.ModelChoiceField(
        label=_("Del av"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Ingen (øverste nivå)"),
        widget=fields.select(),
        error_messages={"invalid_choice": _("Velg en enhet i samme organisasjon.")},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = organisation.units.order_by("name")

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if self.organisation.units.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("%(organisation)s har allerede en enhet som heter «%(name)s».")
                % {"organisation": self.organisation.display_name, "name": name}
            )
        return name
