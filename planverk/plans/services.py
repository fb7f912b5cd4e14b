"""Writes with rules. Every function runs in one transaction and records who made the change.

Safe messaging: a draft is private, so its text is not checked while it is written. When a plan becomes public
(hearing, adoption) all its text is checked at once; once it is public, new or changed text is checked on save.
Flagged text is saved only when the coordinator confirms it, and the history notes that it was confirmed.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from planverk.accounts.models import User
from planverk.lib.safe_messaging import CONFIRMED_REASON, FlaggedText, check_texts, require_confirmation
from planverk.organisations.models import Organisation, Unit
from planverk.plans.models import (
    PUBLIC_STATUSES,
    Goal,
    Measure,
    Objective,
    Plan,
    PlanLink,
    PlanOwner,
    PlanStatus,
    Responsibility,
    ResponsibilityRole,
    TargetGroup,
)


class ConcurrentEditError(Exception):
    """Someone else saved the same object after this user opened it."""


# Lifecycle: which status may follow which. Adoption is recorded with organ and date.
TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.HEARING, PlanStatus.ADOPTED}),
    PlanStatus.HEARING: frozenset({PlanStatus.DRAFT, PlanStatus.ADOPTED}),
    PlanStatus.ADOPTED: frozenset({PlanStatus.EXTENDED, PlanStatus.SUPERSEDED, PlanStatus.ARCHIVED}),
    PlanStatus.EXTENDED: frozenset({PlanStatus.SUPERSEDED, PlanStatus.ARCHIVED}),
    PlanStatus.SUPERSEDED: frozenset({PlanStatus.ARCHIVED}),
    PlanStatus.ARCHIVED: frozenset(),
}

PLAN_FIELDS = (
    "level",
    "title",
    "summary",
    "period_start",
    "period_end",
    "commissioning_decision",
    "revision_due",
)

GOAL_FIELDS = ("number", "kind", "title", "description", "prevention_level")

MEASURE_FIELDS = (
    "goal",
    "number",
    "title",
    "what",
    "why",
    "timeframe",
    "start_year",
    "due_year",
    "due_date",
    "partners",
    "cost",
    "prevention_level",
    "arenas",
    "is_new",
)


# The text readers of a public plan see. Numbers, years and choices are not free text.
PLAN_TEXT_FIELDS = ("title", "summary", "commissioning_decision")
GOAL_TEXT_FIELDS = ("title", "description")
MEASURE_TEXT_FIELDS = ("title", "what", "why", "timeframe", "partners", "cost", "arenas")
OBJECTIVE_TEXT_FIELDS = ("text", "measurement_method")

Texts = list[tuple[str, str]]


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plan_label() -> str:
    return str(capfirst(Plan._meta.verbose_name))


def _goal_label(goal: Goal) -> str:
    kind = goal.get_kind_display()
    return f"{kind} {goal.number}" if goal.number else f"{kind} «{_short(goal.title)}»"


def _measure_label(measure: Measure) -> str:
    name = str(capfirst(Measure._meta.verbose_name))
    return f"{name} {measure.number}" if measure.number else f"{name} «{_short(measure.title)}»"


def _objective_label(objective: Objective, measure: Measure) -> str:
    return f"{_measure_label(measure)}, {objective.get_kind_display().lower()}"


def _labelled(label: str, obj: Any, names: Iterable[str]) -> Texts:
    """The texts of `obj`, each named so the coordinator finds it: «Tiltak 3.2: hva»."""
    return [(f"{label}: {obj._meta.get_field(name).verbose_name}", getattr(obj, name)) for name in names]


def _changed(obj: Any, names: Iterable[str], before: dict[str, Any]) -> list[str]:
    return [name for name in names if getattr(obj, name) != before.get(name)]


def plan_texts(plan: Plan) -> Texts:
    """Every public text of the plan, labelled for the findings: one query per model, however large the plan."""
    texts = _labelled(_plan_label(), plan, PLAN_TEXT_FIELDS)
    for goal in Goal.objects.filter(plan=plan).order_by("order", "pk"):
        texts += _labelled(_goal_label(goal), goal, GOAL_TEXT_FIELDS)
    objectives: dict[int, list[Objective]] = {}
    for objective in Objective.objects.filter(measure__plan=plan).order_by("order", "pk"):
        objectives.setdefault(objective.measure_id, []).append(objective)
    for measure in Measure.objects.filter(plan=plan).order_by("order", "pk"):
        texts += _labelled(_measure_label(measure), measure, MEASURE_TEXT_FIELDS)
        for objective in objectives.get(measure.pk, []):
            texts += _labelled(_objective_label(objective, measure), objective, OBJECTIVE_TEXT_FIELDS)
    return texts


def _is_public_now(plan_id: int) -> bool:
    # Locks the plan row, so that a text saved while the plan is made public is either checked by the
    # transition or checked here, never neither.
    status = Plan.objects.select_for_update().filter(pk=plan_id).values_list("status", flat=True).get()
    return status in PUBLIC_STATUSES


def _check_public_text(texts: Texts, *, plan_id: int, confirmed: bool) -> str:
    """The change reason to record: CONFIRMED_REASON when text of a public plan was saved despite findings.

    The words are checked first: clean text (nearly every save, and every row the importer writes) costs no query.
    """
    findings = check_texts(texts)
    if not findings or not _is_public_now(plan_id):
        return ""
    if not confirmed:
        raise FlaggedText(findings)
    return CONFIRMED_REASON


def _save_with_history(obj: Any, by: User | None, reason: str = "") -> None:
    obj._history_user = by
    if reason:
        obj._change_reason = reason
    obj.save()


def _check_version(obj: Plan | Goal | Measure, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise ConcurrentEditError


@transaction.atomic
def plan_create(*, organisations: Sequence[Organisation], by: User | None, **fields: Any) -> Plan:
    if not organisations:
        raise ValidationError(_("En plan må ha minst én eier."))
    plan = Plan(status=PlanStatus.DRAFT, **{k: v for k, v in fields.items() if k in PLAN_FIELDS})
    plan.full_clean()
    _save_with_history(plan, by, "Opprettet")
    for organisation in organisations:
        owner = PlanOwner(plan=plan, organisation=organisation)
        _save_with_history(owner, by)
    return plan


@transaction.atomic
def plan_update(
    *, plan: Plan, expected_version: int | None, by: User | None, confirm_flagged: bool = False, **fields: Any
) -> Plan:
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_version(locked, expected_version)
    before = {name: getattr(locked, name) for name in PLAN_TEXT_FIELDS}
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    locked.full_clean()
    changed = _labelled(_plan_label(), locked, _changed(locked, PLAN_TEXT_FIELDS, before))
    reason = _check_public_text(changed, plan_id=locked.pk, confirmed=confirm_flagged)
    locked.version += 1
    _save_with_history(locked, by, reason)
    return locked


@transaction.atomic
def plan_transition(
    *,
    plan: Plan,
    to: str,
    by: User | None,
    adopted_by: str = "",
    adopted_on: datetime.date | None = None,
    case_number: str = "",
    supersedes: Plan | None = None,
    confirm_flagged: bool = False,
) -> Plan:
    """Move the plan to status `to`. A plan that becomes public has all its text checked first."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if to not in TRANSITIONS[locked.status]:
        raise ValidationError(
            _("En plan med status «%(from)s» kan ikke settes til «%(to)s».")
            % {"from": locked.get_status_display(), "to": PlanStatus(to).label}
        )
    if to == PlanStatus.ADOPTED:
        # Organ and date are asked for in the workspace; plans read from old documents may lack them.
        locked.adopted_by = adopted_by
        locked.adopted_on = adopted_on
        locked.case_number = case_number
        if supersedes is not None:
            if supersedes.pk == locked.pk:
                raise ValidationError(_("En plan kan ikke erstatte seg selv."))
            locked.supersedes = supersedes
    reason = f"Status: {to}"
    becomes_public = to in PUBLIC_STATUSES and not locked.is_public
    if becomes_public and require_confirmation(plan_texts(locked), confirmed=confirm_flagged):
        reason = f"{reason}. {CONFIRMED_REASON}"
    locked.status = to
    locked.version += 1
    _save_with_history(locked, by, reason)
    if to == PlanStatus.ADOPTED and locked.supersedes is not None:
        old = Plan.objects.select_for_update().get(pk=locked.supersedes.pk)
        if PlanStatus.SUPERSEDED in TRANSITIONS[old.status]:
            old.status = PlanStatus.SUPERSEDED
            old.version += 1
            _save_with_history(old, by, f"Erstattet av plan {locked.pk}")
    return locked


def _next_order(queryset: Any) -> int:
    current = queryset.aggregate(m=Max("order"))["m"]
    return 1 if current is None else current + 1


@transaction.atomic
def goal_create(*, plan: Plan, by: User | None, confirm_flagged: bool = False, **fields: Any) -> Goal:
    goal = Goal(plan=plan, order=_next_order(plan.goals.all()), **fields)
    goal.full_clean()
    texts = _labelled(_goal_label(goal), goal, GOAL_TEXT_FIELDS)
    reason = _check_public_text(texts, plan_id=plan.pk, confirmed=confirm_flagged)
    _save_with_history(goal, by, reason)
    return goal


@transaction.atomic
def goal_update(
    *, goal: Goal, expected_version: int | None, by: User | None, confirm_flagged: bool = False, **fields: Any
) -> Goal:
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    _check_version(locked, expected_version)
    before = {name: getattr(locked, name) for name in GOAL_TEXT_FIELDS}
    for name in GOAL_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    locked.full_clean()
    changed = _labelled(_goal_label(locked), locked, _changed(locked, GOAL_TEXT_FIELDS, before))
    reason = _check_public_text(changed, plan_id=locked.plan_id, confirmed=confirm_flagged)
    locked.version += 1
    _save_with_history(locked, by, reason)
    return locked


@transaction.atomic
def goal_delete(*, goal: Goal, by: User | None) -> None:
    if goal.measures.exists():
        raise ValidationError(_("Målet har tiltak. Flytt eller slett tiltakene først."))
    goal._history_user = by  # type: ignore[attr-defined]
    goal.delete()


@transaction.atomic
def goal_move(*, goal: Goal, direction: int, by: User | None) -> None:
    siblings = list(goal.plan.goals.order_by("order", "pk"))
    _move(siblings, goal, direction, by)


@dataclass(frozen=True)
class ResponsibleUnit:
    unit: Unit
    role: str = ResponsibilityRole.PRIMARY


def _set_responsibilities(measure: Measure, responsible: Iterable[ResponsibleUnit], by: User | None) -> None:
    wanted = {r.unit.pk: (i, r) for i, r in enumerate(responsible)}
    for existing in measure.responsibilities.all():
        if existing.unit_id not in wanted:
            existing._history_user = by  # type: ignore[attr-defined]
            existing.delete()
    current = {r.unit_id: r for r in measure.responsibilities.all()}
    for unit_id, (index, item) in wanted.items():
        row = current.get(unit_id) or Responsibility(measure=measure, unit=item.unit)
        if row.pk is None or row.role != item.role or row.order != index:
            row.role = item.role
            row.order = index
            _save_with_history(row, by)


def _validate_measure(plan: Plan, fields: dict[str, Any]) -> None:
    goal = fields.get("goal")
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError(_("Målet hører til en annen plan."))
    start, due = fields.get("start_year"), fields.get("due_year")
    if start and due and due < start:
        raise ValidationError(_("Fristen kan ikke være før startåret."))


@transaction.atomic
def measure_create(
    *,
    plan: Plan,
    by: User | None,
    target_groups: Iterable[TargetGroup] = (),
    responsible: Iterable[ResponsibleUnit] = (),
    confirm_flagged: bool = False,
    **fields: Any,
) -> Measure:
    _validate_measure(plan, fields)
    measure = Measure(plan=plan, order=_next_order(plan.measures.all()), **fields)
    measure.full_clean()
    texts = _labelled(_measure_label(measure), measure, MEASURE_TEXT_FIELDS)
    confirmed = _check_public_text(texts, plan_id=plan.pk, confirmed=confirm_flagged)
    _save_with_history(measure, by, f"Opprettet. {confirmed}" if confirmed else "Opprettet")
    measure.target_groups.set(list(target_groups))
    _set_responsibilities(measure, responsible, by)
    return measure


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    expected_version: int | None,
    by: User | None,
    target_groups: Iterable[TargetGroup] | None = None,
    responsible: Iterable[ResponsibleUnit] | None = None,
    confirm_flagged: bool = False,
    **fields: Any,
) -> Measure:
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    _check_version(locked, expected_version)
    _validate_measure(locked.plan, fields)
    before = {name: getattr(locked, name) for name in MEASURE_TEXT_FIELDS}
    for name in MEASURE_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    locked.full_clean()
    changed = _labelled(_measure_label(locked), locked, _changed(locked, MEASURE_TEXT_FIELDS, before))
    reason = _check_public_text(changed, plan_id=locked.plan_id, confirmed=confirm_flagged)
    locked.version += 1
    _save_with_history(locked, by, reason)
    if target_groups is not None:
        locked.target_groups.set(list(target_groups))
    if responsible is not None:
        _set_responsibilities(locked, responsible, by)
    return locked


@transaction.atomic
def measure_delete(*, measure: Measure, by: User | None) -> None:
    measure._history_user = by  # type: ignore[attr-defined]
    measure.delete()


@transaction.atomic
def measure_move(*, measure: Measure, direction: int, by: User | None) -> None:
    """Swap the measure with its neighbour under the same goal; the plan keeps one order for all measures."""
    ordered = list(measure.plan.measures.order_by("order", "pk"))
    same_goal = [i for i, m in enumerate(ordered) if m.goal_id == measure.goal_id]
    position = next(p for p, i in enumerate(same_goal) if ordered[i].pk == measure.pk)
    if not 0 <= position + direction < len(same_goal):
        return
    here, there = same_goal[position], same_goal[position + direction]
    ordered[here], ordered[there] = ordered[there], ordered[here]
    _renumber(ordered, by)


def _move(siblings: list[Any], item: Any, direction: int, by: User | None) -> None:
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _renumber(siblings, by)


def _renumber(siblings: list[Any], by: User | None) -> None:
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            _save_with_history(sibling, by, "Ny rekkefølge")


@transaction.atomic
def objective_add(
    *,
    measure: Measure,
    kind: str,
    text: str,
    measurement_method: str,
    by: User | None,
    confirm_flagged: bool = False,
) -> Objective:
    objective = Objective(
        measure=measure,
        kind=kind,
        text=text,
        measurement_method=measurement_method,
        order=_next_order(measure.objectives.all()),
    )
    objective.full_clean()
    texts = _labelled(_objective_label(objective, measure), objective, OBJECTIVE_TEXT_FIELDS)
    reason = _check_public_text(texts, plan_id=measure.plan_id, confirmed=confirm_flagged)
    _save_with_history(objective, by, reason)
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, by: User | None) -> None:
    objective._history_user = by  # type: ignore[attr-defined]
    objective.delete()


@transaction.atomic
def plan_link_create(*, source: Goal | Measure, target: Goal | Measure, by: User | None) -> PlanLink:
    if source.plan_id == target.plan_id:
        raise ValidationError(_("En kobling må gå til en annen plan."))
    link = PlanLink(created_by=by)
    if isinstance(source, Goal):
        link.from_goal = source
    else:
        link.from_measure = source
    if isinstance(target, Goal):
        link.to_goal = target
    else:
        link.to_measure = target
    link.full_clean()
    _save_with_history(link, by)
    return link
