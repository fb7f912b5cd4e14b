from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

# The public pages show each measure's approved status and, for a plan's places, a summary of the statistics.
# These views are leaves (only the URLconf imports them), so reading follow-up and statistics data here makes no
# import cycle; plans' models, selectors and services never import either.
from planverk.followup import selectors as followup_selectors
from planverk.guides import selectors as guide_selectors
from planverk.plans import selectors
from planverk.plans.access import get_measure_for_user, get_plan_for_user, plans_visible_to
from planverk.plans.models import PUBLIC_STATUSES, PlanLevel, PlanStatus
from planverk.stats import selectors as stats_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/home.html")


def plan_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "organisation": request.GET.get("organisasjon", "").strip(),
        "level": request.GET.get("niva", "") if request.GET.get("niva") in PlanLevel.values else "",
        "status": request.GET.get("status", "") if request.GET.get("status") in PUBLIC_STATUSES else "",
    }
    plans = selectors.plan_list(plans_visible_to(request.user, "public"), **filters)
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans,
            "filters": filters,
            "organisations": selectors.organisations_with_public_plans(),
            "levels": PlanLevel.choices,
            "statuses": [(s.value, s.label) for s in PlanStatus if s in PUBLIC_STATUSES],
        },
    )


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, "public")
    sections = selectors.plan_sections(plan)
    statuses = followup_selectors.latest_approved_statuses(plan)
    for section in sections:
        for measure in section.measures:
            measure.public_status = statuses.get(measure.pk)  # type: ignore[attr-defined]
    # The newest round with an approved status is the newest status of some measure.
    rounds = sorted({s.round_id: s.round for s in statuses.values()}.values(), key=lambda r: (r.status_date, r.pk))
    owners = list(plan.organisations.all())
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "owners": owners,
            "sections": sections,
            "latest_round": rounds[-1] if rounds else None,
            "stats_summaries": stats_selectors.plan_fact_summaries(owners),
        },
    )


def measure_detail(request: HttpRequest, plan_id: int, measure_id: int) -> HttpResponse:
    measures = guide_selectors.with_public_guide_flag(selectors.measures_with_details())
    measure = get_measure_for_user(request.user, measure_id, "public", queryset=measures)
    if measure.plan_id != plan_id:
        raise Http404
    history = followup_selectors.measure_status_history(measure)
    measure.public_status = history[0] if history else None  # type: ignore[attr-defined]
    context = {
        "plan": measure.plan,
        "measure": measure,
        "status_history": history,
        "guides": guide_selectors.public_guides_for_measure(measure),
    }
    return render(request, "plans/measure_detail.html", context)
