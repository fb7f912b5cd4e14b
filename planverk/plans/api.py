"""The open data API: read-only JSON about published plans. Drafts never appear."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

# Each measure carries its latest approved status. This module is a leaf (only the URLconf imports it), so reading
# follow-up data here makes no import cycle; plans' models, selectors and services never import followup.
from planverk.followup.models import StatusUpdate
from planverk.followup.selectors import latest_approved_statuses
from planverk.plans import selectors
from planverk.plans.access import get_plan_for_user, plans_visible_to
from planverk.plans.models import Goal, Measure, Plan, PlanLink
from planverk.plans.openapi import OPENAPI_SCHEMA


def _json(data: Any) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _organisations(plan: Plan) -> list[dict[str, str]]:
    return [{"number": o.number, "name": o.name} for o in plan.organisations.all()]


def _plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "organisations": _organisations(plan),
        "level": plan.level,
        "status": plan.status,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
    }


def _link(link: PlanLink) -> dict[str, Any]:
    target: Goal | Measure = link.target
    return {
        "plan_id": target.plan_id,
        "plan_title": target.plan.title,
        "kind": "goal" if link.to_goal_id else "measure",
        "id": target.pk,
        "number": target.number,
        "title": target.title,
    }


def _public_links(links: list[PlanLink]) -> list[dict[str, Any]]:
    # A link into someone's draft would leak the draft; only published targets are shown.
    return [_link(link) for link in links if link.target.plan.is_public]


def _status(status: StatusUpdate | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {
        "period": status.round.title,
        "status_date": status.round.status_date.isoformat(),
        "category": status.category,
        "narrative": status.narrative,
        "same_as": status.same_as_id,
    }


def _measure(measure: Measure, status: StatusUpdate | None) -> dict[str, Any]:
    return {
        "id": measure.pk,
        "number": measure.number,
        "order": measure.order,
        "title": measure.title,
        "what": measure.what,
        "why": measure.why,
        "timeframe": measure.timeframe,
        "start_year": measure.start_year,
        "due_year": measure.due_year,
        "due_date": measure.due_date.isoformat() if measure.due_date else None,
        "responsible": [
            {
                "unit": r.unit.name,
                "short_name": r.unit.short_name,
                "organisation": r.unit.organisation.name,
                "role": r.role,
            }
            for r in measure.responsibilities.all()
        ],
        "partners": measure.partners,
        "cost": measure.cost,
        "prevention_level": measure.prevention_level or None,
        "target_groups": [g.slug for g in measure.target_groups.all()],
        "arenas": measure.arenas,
        "is_new": measure.is_new,
        "objectives": [
            {"kind": o.kind, "text": o.text, "measurement_method": o.measurement_method}
            for o in sorted(measure.objectives.all(), key=lambda o: (o.order, o.pk))
        ],
        "links": _public_links(list(measure.links_out.all())),
        "see_also": [m.pk for m in measure.see_also.all()],
        "status": _status(status),
    }


@require_GET
def plan_list(request: HttpRequest) -> JsonResponse:
    plans = selectors.plan_list(plans_visible_to(request.user, "public"))
    return _json({"plans": [_plan_summary(p) for p in plans]})


@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> JsonResponse:
    plan = get_plan_for_user(request.user, plan_id, "public")
    statuses = latest_approved_statuses(plan)
    goals = []
    loose: list[dict[str, Any]] = []
    for section in selectors.plan_sections(plan):
        measures = [_measure(m, statuses.get(m.pk)) for m in section.measures]
        if section.goal is None:
            loose = measures
            continue
        goals.append(
            {
                "id": section.goal.pk,
                "number": section.goal.number,
                "kind": section.goal.kind,
                "title": section.goal.title,
                "description": section.goal.description,
                "prevention_level": section.goal.prevention_level or None,
                "links": _public_links(list(section.goal.links_out.all())),
                "measures": measures,
            }
        )
    data = _plan_summary(plan) | {
        "summary": plan.summary,
        "adopted_by": plan.adopted_by,
        "adopted_on": plan.adopted_on.isoformat() if plan.adopted_on else None,
        "case_number": plan.case_number,
        "revision_due": plan.revision_due.isoformat() if plan.revision_due else None,
        "goals": goals,
        "measures_without_goal": loose,
    }
    return _json(data)


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return _json(OPENAPI_SCHEMA)
