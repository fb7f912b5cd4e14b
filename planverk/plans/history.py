"""The change history of a plan and everything in it, for the workspace's history page."""

from typing import Any

from django.apps import apps
from django.db.models import Model, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planverk.accounts.access import AnyUser
from planverk.lib.history import Change, HistoryEntry, history_entries, set_change, sets_by_row, shorten
from planverk.lib.safe_messaging import CONFIRMED_REASON
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


def _entries(
    rows: list[Any],
    model: type[Model],
    subject: Any,
    names: dict[str, dict[int, str]],
    extra_changes: Any = None,
) -> list[HistoryEntry]:
    entries = history_entries(
        rows, model, subject, names, not_shown=_NOT_SHOWN, labels=_FIELD_LABELS, extra_changes=extra_changes
    )
    # Plans record working notes as reasons ("Opprettet", "Status: hearing") that the change lines already say;
    # only a safe-messaging confirmation is news to the reader.
    for entry in entries:
        entry.reason = CONFIRMED_REASON if CONFIRMED_REASON in entry.reason else ""
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
    groups_by_row = sets_by_row(
        apps.get_model("plans", "HistoricalMeasure_target_groups"), measure_rows, "targetgroup_id"
    )
    group_names = {g.pk: str(g) for g in TargetGroup.objects.all()}

    def target_group_changes(before: Any, row: Any) -> list[Change]:
        old, new = groups_by_row.get(before.history_id, set()), groups_by_row.get(row.history_id, set())
        return set_change(_("Målgrupper"), old, new, group_names)

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
            lambda r: f"{r.get_kind_display()} ({measure_of(r)}): {shorten(r.text, 80)}",
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
