"""The change history of a plan and everything in it, for the workspace's history page."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import ForeignKey, Model, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planverk.accounts.access import AnyUser
from planverk.accounts.models import User
from planverk.organisations.models import Organisation, Unit
from planverk.plans.access import plans_visible_to
from planverk.plans.models import Goal, Measure, Objective, Plan, PlanLink, PlanOwner, Responsibility, TargetGroup

# Bookkeeping columns that say nothing to a reader of the history.
_NOT_SHOWN = frozenset({"id", "version", "created_at", "updated_at", "fixture_key", "plan", "measure", "created_by"})
# Fields whose model declares no Norwegian name.
_FIELD_LABELS = {
    "goal": gettext_lazy("Mål"),
    "unit": gettext_lazy("Enhet"),
    "organisation": gettext_lazy("Organisasjon"),
    "order": gettext_lazy("Rekkefølge"),
    "from_goal": gettext_lazy("Fra mål"),
    "from_measure": gettext_lazy("Fra tiltak"),
    "to_goal": gettext_lazy("Til mål"),
    "to_measure": gettext_lazy("Til tiltak"),
}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: User | None
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _display(model_field: Any, value: Any, names: dict[str, dict[int, str]]) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, ForeignKey):
        return names.get(model_field.name, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return _shorten(str(value))


def _entries(
    rows: list[Any],
    model: type[Model],
    subject: Any,
    names: dict[str, dict[int, str]],
    extra_changes: Any = None,
) -> list[HistoryEntry]:
    """Compare each history row with the one before it for the same object."""
    fields = [f for f in model._meta.concrete_fields if f.name not in _NOT_SHOWN]
    actions = {"+": _("Opprettet"), "~": _("Endret"), "-": _("Slettet")}
    previous: dict[int, Any] = {}
    entries = []
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(row.id)
        previous[row.id] = row
        changes: list[Change] = []
        if row.history_type == "~" and before is not None:
            changes = [
                Change(
                    str(_FIELD_LABELS.get(f.name, f.verbose_name)).capitalize(),
                    _display(f, getattr(before, f.attname), names),
                    _display(f, getattr(row, f.attname), names),
                )
                for f in fields
                if getattr(before, f.attname) != getattr(row, f.attname)
            ]
            if extra_changes is not None:
                changes += extra_changes(before, row)
            if not changes:
                continue  # a save that changed nothing a reader can see
        entries.append(
            HistoryEntry(
                when=row.history_date,
                user=row.history_user,
                action=actions.get(row.history_type, row.history_type),
                subject=subject(row),
                changes=changes,
            )
        )
    return entries


def plan_history(plan: Plan, user: AnyUser) -> list[HistoryEntry]:
    """Every change to the plan and what it holds, newest first, in a fixed number of queries."""

    def rows(model: Any, **filters: Any) -> list[Any]:
        return list(model.history.filter(**filters).select_related("history_user"))

    measure_ids = Measure.history.filter(plan_id=plan.pk).values("id")
    goal_ids = Goal.history.filter(plan_id=plan.pk).values("id")
    plan_rows = rows(Plan, id=plan.pk)
    owner_rows = rows(PlanOwner, plan_id=plan.pk)
    goal_rows = rows(Goal, plan_id=plan.pk)
    measure_rows = rows(Measure, plan_id=plan.pk)
    responsibility_rows = rows(Responsibility, measure_id__in=measure_ids)
    objective_rows = rows(Objective, measure_id__in=measure_ids)
    link_rows = list(
        PlanLink.history.filter(Q(from_goal_id__in=goal_ids) | Q(from_measure_id__in=measure_ids)).select_related(
            "history_user"
        )
    )

    goal_names = {r.id: str(r.instance) for r in goal_rows}
    measure_names = {r.id: str(r.instance) for r in measure_rows}
    # A link may point into another organisation's draft: name only targets this user may see.
    visible_plans = plans_visible_to(user, "view").values("pk")
    target_goals = Goal.objects.filter(
        pk__in={r.to_goal_id for r in link_rows if r.to_goal_id}, plan__in=visible_plans
    ).select_related("plan")
    target_measures = Measure.objects.filter(
        pk__in={r.to_measure_id for r in link_rows if r.to_measure_id}, plan__in=visible_plans
    ).select_related("plan")
    names: dict[str, dict[int, str]] = {
        "goal": goal_names,
        "from_goal": goal_names,
        "from_measure": measure_names,
        "to_goal": {g.pk: f"{g.plan.title} – {g}" for g in target_goals},
        "to_measure": {m.pk: f"{m.plan.title} – {m}" for m in target_measures},
        "unit": {
            u.pk: u.name
            for u in Unit.objects.filter(pk__in={r.unit_id for r in responsibility_rows}).only("pk", "name")
        },
        "organisation": {
            o.pk: o.name
            for o in Organisation.objects.filter(pk__in={r.organisation_id for r in owner_rows}).only("pk", "name")
        },
        "supersedes": {
            p.pk: p.title
            for p in Plan.objects.filter(pk__in={r.supersedes_id for r in plan_rows if r.supersedes_id}).only(
                "pk", "title"
            )
        },
    }

    # Target groups are kept per history row in their own table; compare the sets row by row.
    m2m_model = apps.get_model("plans", "HistoricalMeasure_target_groups")
    groups_by_row: dict[int, set[int]] = {}
    for history_id, group_id in m2m_model.objects.filter(history__in=[r.history_id for r in measure_rows]).values_list(
        "history_id", "targetgroup_id"
    ):
        groups_by_row.setdefault(history_id, set()).add(group_id)
    group_names = {g.pk: str(g) for g in TargetGroup.objects.all()}

    def target_group_changes(before: Any, row: Any) -> list[Change]:
        old, new = groups_by_row.get(before.history_id, set()), groups_by_row.get(row.history_id, set())
        if old == new:
            return []

        def listed(ids: set[int]) -> str:
            return ", ".join(sorted(group_names.get(i, f"#{i}") for i in ids)) or "–"

        return [Change(_("Målgrupper"), listed(old), listed(new))]

    def measure_of(row: Any) -> str:
        return measure_names.get(row.measure_id, f"#{row.measure_id}")

    entries = [
        *_entries(plan_rows, Plan, lambda r: _("Planen"), names),
        *_entries(owner_rows, PlanOwner, lambda r: _("Eier: %(name)s") % {"name": _display_owner(r, names)}, names),
        *_entries(goal_rows, Goal, lambda r: goal_names.get(r.id, ""), names),
        *_entries(
            measure_rows,
            Measure,
            lambda r: _("Tiltak: %(name)s") % {"name": str(r.instance)},
            names,
            target_group_changes,
        ),
        *_entries(
            responsibility_rows,
            Responsibility,
            lambda r: (
                _("Ansvar for %(measure)s: %(unit)s")
                % {"measure": measure_of(r), "unit": names["unit"].get(r.unit_id, f"#{r.unit_id}")}
            ),
            names,
        ),
        *_entries(
            objective_rows,
            Objective,
            lambda r: f"{r.get_kind_display()} ({measure_of(r)}): {_shorten(r.text, 80)}",
            names,
        ),
        *_entries(link_rows, PlanLink, lambda r: _link_subject(r, names), names),
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _link_subject(row: Any, names: dict[str, dict[int, str]]) -> str:
    source = names["from_goal"].get(row.from_goal_id) or names["from_measure"].get(row.from_measure_id, "–")
    target = names["to_goal"].get(row.to_goal_id) or names["to_measure"].get(row.to_measure_id) or _("en annen plan")
    return _("Kobling fra %(source)s til %(target)s") % {"source": source, "target": target}


def _display_owner(row: Any, names: dict[str, dict[int, str]]) -> str:
    return names["organisation"].get(row.organisation_id, f"#{row.organisation_id}")
