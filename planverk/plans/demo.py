"""Load the reviewed seed plans (YAML under demo/) through the same services users write with."""

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from planverk.accounts.models import User
from planverk.organisations.models import Organisation, Unit
from planverk.plans import services
from planverk.plans.models import Goal, Measure, Plan, PlanStatus, TargetGroup
from planverk.plans.services import ResponsibleUnit

DEMO_DIR = Path(__file__).parent / "demo"
# Order matters: municipal plans link to the national plan.
DEMO_FILES = ("national.yaml", "gjovik.yaml", "drammen.yaml", "trondheim.yaml")


def read_fixture(name: str) -> dict[str, Any]:
    with (DEMO_DIR / name).open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _paragraphs(value: Any) -> str:
    if not value:
        return ""
    paragraphs = [" ".join(p.split()) for p in str(value).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _resolve_unit(name: str, owners: list[Organisation]) -> Unit:
    for organisation in owners:
        for unit in organisation.units.all():
            if name in (unit.name, unit.short_name):
                return unit
    ministry_unit = Unit.objects.filter(organisation__number=name, short_name=name).first()
    if ministry_unit is None:
        raise ValueError(f"Ukjent ansvarlig enhet i demodata: {name!r}")
    return ministry_unit


def _measure_fields(item: dict[str, Any], goal: Goal | None) -> dict[str, Any]:
    return {
        "goal": goal,
        "number": _text(item.get("number")),
        "title": _text(item["title"]),
        "what": _paragraphs(item.get("what")),
        "why": _paragraphs(item.get("why")),
        "timeframe": _text(item.get("timeframe")),
        "start_year": item.get("start_year"),
        "due_year": item.get("due_year"),
        "due_date": item.get("due_date"),
        "partners": _paragraphs(item.get("partners")),
        "cost": _paragraphs(item.get("cost")),
        "prevention_level": item.get("prevention_level") or "",
        "arenas": ", ".join(item.get("arenas") or []),
        "is_new": item.get("is_new"),
    }


@transaction.atomic
def load_plan(data: dict[str, Any], *, by: User | None = None) -> tuple[Plan, bool]:
    """Create the plan described by one fixture; return it and whether it was created."""
    existing = Plan.objects.filter(fixture_key=data["key"]).first()
    if existing is not None:
        return existing, False
    owners = [Organisation.objects.get(number=n) for n in data["owners"]]
    for unit in data.get("units") or []:
        Unit.objects.get_or_create(
            organisation=owners[0], name=_text(unit["name"]), defaults={"kind": unit.get("kind") or "other"}
        )
    plan = services.plan_create(
        organisations=owners,
        by=by,
        level=data["level"],
        title=_text(data["title"]),
        summary=_paragraphs(data.get("summary")),
        period_start=data.get("period_start"),
        period_end=data.get("period_end"),
        commissioning_decision=_paragraphs(data.get("commissioning_decision")),
        revision_due=data.get("revision_due"),
    )
    Plan.objects.filter(pk=plan.pk).update(fixture_key=data["key"])
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    deferred_links: list[tuple[Goal | Measure, dict[str, Any]]] = []
    see_also: list[tuple[Measure, list[str]]] = []

    def add_measures(items: list[dict[str, Any]], goal: Goal | None) -> None:
        for item in items:
            measure = services.measure_create(
                plan=plan,
                by=by,
                target_groups=[groups[s] for s in item.get("target_groups") or []],
                responsible=[
                    ResponsibleUnit(unit=_resolve_unit(r["unit"], owners), role=r.get("role") or "primary")
                    for r in item.get("responsible") or []
                ],
                **_measure_fields(item, goal),
            )
            for objective in item.get("objectives") or []:
                services.objective_add(
                    measure=measure,
                    kind=objective["kind"],
                    text=_paragraphs(objective["text"]),
                    measurement_method=_paragraphs(objective.get("measurement_method")),
                    by=by,
                )
            deferred_links.extend((measure, link) for link in item.get("links") or [])
            if item.get("see_also"):
                see_also.append((measure, [str(n) for n in item["see_also"]]))

    for goal_data in data.get("goals") or []:
        goal = services.goal_create(
            plan=plan,
            by=by,
            number=_text(goal_data.get("number")),
            title=_text(goal_data["title"]),
            kind=goal_data.get("kind") or "goal",
            description=_paragraphs(goal_data.get("description")),
            prevention_level=goal_data.get("prevention_level") or "",
        )
        deferred_links += [(goal, link) for link in goal_data.get("links") or []]
        add_measures(goal_data.get("measures") or [], goal)
    add_measures(data.get("measures") or [], None)

    for source, link in deferred_links:
        target_plan = Plan.objects.get(fixture_key=link["plan"])
        target: Goal | Measure
        if "goal" in link:
            target = target_plan.goals.get(number=str(link["goal"]))
        else:
            target = target_plan.measures.get(number=str(link["measure"]))
        services.plan_link_create(source=source, target=target, by=by)
    for measure, numbers in see_also:
        measure.see_also.add(*plan.measures.filter(number__in=numbers))

    _apply_lifecycle(plan, data, by)
    return plan, True


def _apply_lifecycle(plan: Plan, data: dict[str, Any], by: User | None) -> None:
    target = data.get("status") or PlanStatus.DRAFT
    path = {
        PlanStatus.DRAFT: [],
        PlanStatus.HEARING: [PlanStatus.HEARING],
        PlanStatus.ADOPTED: [PlanStatus.ADOPTED],
        PlanStatus.EXTENDED: [PlanStatus.ADOPTED, PlanStatus.EXTENDED],
        PlanStatus.SUPERSEDED: [PlanStatus.ADOPTED, PlanStatus.SUPERSEDED],
        PlanStatus.ARCHIVED: [PlanStatus.ADOPTED, PlanStatus.ARCHIVED],
    }[target]
    adopted_on = data.get("adopted_on")
    if isinstance(adopted_on, str):
        adopted_on = datetime.date.fromisoformat(adopted_on)
    for status in path:
        plan = services.plan_transition(
            plan=plan,
            to=status,
            by=by,
            adopted_by=_text(data.get("adopted_by")),
            adopted_on=adopted_on,
            case_number=_text(data.get("case_number")),
        )


def load_demo_plans(*, by: User | None = None) -> list[tuple[Plan, bool]]:
    return [load_plan(read_fixture(name), by=by) for name in DEMO_FILES]
