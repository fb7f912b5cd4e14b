"""Reads reused by pages, the API and the benchmark. Query counts do not grow with data size."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from planverk.organisations.models import Organisation
from planverk.plans.models import (
    Goal,
    Measure,
    Objective,
    Plan,
    PlanLink,
    PlanQuerySet,
    Responsibility,
    TargetGroup,
)


def plan_list(plans: PlanQuerySet, *, organisation: str = "", level: str = "", status: str = "") -> PlanQuerySet:
    if organisation:
        plans = plans.filter(organisations__number=organisation)
    if level:
        plans = plans.filter(level=level)
    if status:
        plans = plans.filter(status=status)
    return (
        plans.annotate(measure_count=Count("measures", distinct=True))
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
        .order_by("level", "title", "pk")
    )


def organisations_with_public_plans() -> list[Organisation]:
    return list(Organisation.objects.filter(plans__in=Plan.objects.published()).distinct().order_by("name"))


def measures_with_details() -> QuerySet[Measure]:
    """Measures with everything a measure card, page or API entry shows: a fixed number of queries.

    Related rows are ordered here (there is no Meta.ordering), so pages and the API list them the same way.
    """
    return Measure.objects.select_related("goal", "plan").prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("unit__organisation").order_by("order", "pk"),
        ),
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("pk")),
        Prefetch("objectives", queryset=Objective.objects.order_by("order", "pk")),
        Prefetch("see_also", queryset=Measure.objects.order_by("order", "pk")),
        Prefetch(
            "links_out",
            queryset=PlanLink.objects.select_related("to_goal__plan", "to_measure__plan").order_by("pk"),
        ),
    )


@dataclass
class GoalSection:
    goal: Goal | None
    measures: list[Measure] = field(default_factory=list)


def plan_sections(plan: Plan) -> list[GoalSection]:
    """The plan's goals in order, each with its measures in order; measures without a goal last."""
    goals = list(
        plan.goals.order_by("order", "pk").prefetch_related(
            Prefetch(
                "links_out",
                queryset=PlanLink.objects.select_related("to_goal__plan", "to_measure__plan").order_by("pk"),
            )
        )
    )
    sections = {g.pk: GoalSection(goal=g) for g in goals}
    loose = GoalSection(goal=None)
    for measure in measures_with_details().filter(plan=plan).order_by("order", "pk"):
        section = sections.get(measure.goal_id) if measure.goal_id else None
        (section or loose).measures.append(measure)
    result = list(sections.values())
    if loose.measures:
        result.append(loose)
    return result
