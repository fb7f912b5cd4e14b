"""The workspace (arbeidsflate): where coordinators write and maintain their plans.

Every view: access helper (404 when not visible, 403 when not allowed) → form → one service call → respond.
Bad input answers 400 with the form and its errors; a save over someone else's newer save answers 409.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from planverk.accounts.access import editor_organisation_ids, is_national_superuser, member_organisation_ids
from planverk.lib.views import AuthenticatedRequest, add_service_error, conflict, form_page
from planverk.organisations import services as organisation_services
from planverk.organisations.access import get_organisation_for_user, organisations_edited_by
from planverk.organisations.models import Organisation
from planverk.plans import history, selectors, services
from planverk.plans.access import (
    can_edit_plan,
    can_view_plan_history,
    get_goal_for_user,
    get_measure_for_user,
    get_plan_for_user,
    plans_visible_to,
)
from planverk.plans.forms import (
    GoalEditForm,
    GoalForm,
    MeasureEditForm,
    MeasureForm,
    MoveForm,
    ObjectiveForm,
    PlanCreateForm,
    PlanEditForm,
    PlanStatusForm,
    UnitForm,
)
from planverk.plans.models import (
    Goal,
    Measure,
    Objective,
    ObjectiveKind,
    Plan,
)


def _plan_url(plan_id: int, anchor: str = "") -> str:
    url = reverse("workspace:plan_detail", args=[plan_id])
    return f"{url}#{anchor}" if anchor else url


# --- Home and plans ----------------------------------------------------------------------------


@login_required
@require_safe
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    plans = plans_visible_to(user, "view")
    if not is_national_superuser(user):
        plans = plans.owned_by_any(member_organisation_ids(user))
    editor_ids = editor_organisation_ids(user)
    superuser = is_national_superuser(user)
    rows = [
        (plan, superuser or any(o.pk in editor_ids for o in plan.organisations.all()))
        for plan in selectors.plan_list(plans)
    ]
    return render(
        request,
        "workspace/home.html",
        {
            "rows": rows,
            "may_create": superuser or bool(editor_ids),
            "organisations": Organisation.objects.filter(pk__in=editor_ids).order_by("name"),
        },
    )


@login_required
@form_page
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    owners = organisations_edited_by(request.user)
    if not owners.exists():
        raise PermissionDenied
    if request.method != "POST":
        return render(request, "workspace/plan_form.html", {"form": PlanCreateForm(owners=owners)})
    form = PlanCreateForm(request.POST, owners=owners)
    if form.is_valid():
        try:
            plan = services.plan_create(
                organisations=[form.cleaned_data["owner"]], by=request.user, **form.plan_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Planen er opprettet som utkast."))
            return redirect("workspace:plan_detail", plan.pk)
    return render(request, "workspace/plan_form.html", {"form": form}, status=400)


def _plan_page(request: HttpRequest, plan: Plan, *, status: int = 200, error: str = "") -> HttpResponse:
    owners = list(plan.organisations.order_by("name"))
    sections = selectors.plan_sections(plan)
    return render(
        request,
        "workspace/plan_detail.html",
        {
            "plan": plan,
            "owners": owners,
            "sections": sections,
            "goal_count": sum(1 for s in sections if s.goal is not None),
            "can_edit": can_edit_plan(request.user, plan),
            "can_view_history": can_view_plan_history(request.user, plan),
            "error": error,
        },
        status=status,
    )


@login_required
@require_safe
def plan_detail(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    return _plan_page(request, get_plan_for_user(request.user, plan_id, "view"))


@login_required
@form_page
def plan_edit(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, "edit")
    template = "workspace/plan_form.html"
    if request.method != "POST":
        form = PlanEditForm(plan=plan, initial=PlanEditForm.initial_for(plan))
        return render(request, template, {"form": form, "plan": plan})
    form = PlanEditForm(request.POST, plan=plan)
    context = {"form": form, "plan": plan}
    if form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.plan_fields(),
            )
        except services.ConcurrentEditError:
            return conflict(request, template, context, Plan.history.filter(id=plan.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Endringene i planen er lagret."))
            return redirect("workspace:plan_detail", plan.pk)
    return render(request, template, context, status=400)


@login_required
@form_page
def plan_status(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, "edit")
    today = timezone.localdate()
    if request.method != "POST":
        form = PlanStatusForm(plan=plan, today=today)
        return render(request, "workspace/plan_status.html", {"form": form, "plan": plan})
    form = PlanStatusForm(request.POST, plan=plan, today=today)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_transition(
                plan=plan,
                to=data["to"],
                by=request.user,
                adopted_by=data["adopted_by"],
                adopted_on=data["adopted_on"],
                case_number=data["case_number"],
                supersedes=data["supersedes"],
                confirm_flagged=data["confirm_flagged"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Planen har nå status «%(status)s».") % {"status": plan.get_status_display()})
            return redirect("workspace:plan_detail", plan.pk)
    return render(request, "workspace/plan_status.html", {"form": form, "plan": plan}, status=400)


@login_required
@require_safe
def plan_history(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, "history")
    page = Paginator(history.plan_history(plan, request.user), 50).get_page(request.GET.get("side"))
    return render(request, "workspace/plan_history.html", {"plan": plan, "page": page})


# --- Goals -------------------------------------------------------------------------------------


@login_required
@form_page
def goal_create(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, "edit")
    if request.method != "POST":
        return render(request, "workspace/goal_form.html", {"form": GoalForm(), "plan": plan})
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            goal = services.goal_create(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Målet er lagt til."))
            return redirect(_plan_url(plan.pk, f"mal-{goal.pk}"))
    return render(request, "workspace/goal_form.html", {"form": form, "plan": plan}, status=400)


@login_required
@form_page
def goal_edit(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, goal_id, "edit")
    template = "workspace/goal_form.html"
    if request.method != "POST":
        form = GoalEditForm(initial=GoalEditForm.initial_for(goal))
        return render(request, template, {"form": form, "plan": goal.plan, "goal": goal})
    form = GoalEditForm(request.POST)
    context = {"form": form, "plan": goal.plan, "goal": goal}
    if form.is_valid():
        try:
            services.goal_update(
                goal=goal, expected_version=form.cleaned_data["version"], by=request.user, **form.cleaned_data
            )
        except services.ConcurrentEditError:
            return conflict(request, template, context, Goal.history.filter(id=goal.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Målet er lagret."))
            return redirect(_plan_url(goal.plan_id, f"mal-{goal.pk}"))
    return render(request, template, context, status=400)


@login_required
@form_page
def goal_delete(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, goal_id, "edit")
    context = {
        "plan": goal.plan,
        "object": goal,
        "title": _("Slett mål"),
        "blocker": _("Målet har tiltak. Flytt eller slett tiltakene først.") if goal.measures.exists() else "",
    }
    if request.method != "POST":
        return render(request, "workspace/confirm_delete.html", context)
    try:
        services.goal_delete(goal=goal, by=request.user)
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return render(request, "workspace/confirm_delete.html", context, status=400)
    messages.success(request, _("Målet «%(goal)s» er slettet.") % {"goal": goal.title})
    return redirect("workspace:plan_detail", goal.plan_id)


@login_required
@require_POST
def goal_move(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, goal_id, "edit")
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, goal.plan, status=400, error=" ".join(str(e) for e in form.errors["direction"]))
    services.goal_move(goal=goal, direction=form.offset, by=request.user)
    return redirect(_plan_url(goal.plan_id, f"mal-{goal.pk}"))


# --- Measures ----------------------------------------------------------------------------------


@login_required
@form_page
def measure_create(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, "edit")
    template = "workspace/measure_form.html"
    if request.method != "POST":
        goal_id = request.GET.get("mal", "")
        initial = {"goal": int(goal_id)} if goal_id.isdigit() else {}
        return render(request, template, {"form": MeasureForm(plan=plan, initial=initial), "plan": plan})
    form = MeasureForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            measure = services.measure_create(
                plan=plan,
                by=request.user,
                target_groups=form.chosen_target_groups(),
                responsible=form.responsible(),
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.measure_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Tiltaket er lagt til."))
            return redirect(_plan_url(plan.pk, f"tiltak-{measure.pk}"))
    return render(request, template, {"form": form, "plan": plan}, status=400)


@login_required
@form_page
def measure_edit(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, measure_id, "edit")
    template = "workspace/measure_form.html"
    current_units = {r.unit_id: r.order for r in measure.responsibilities.all()}
    if request.method != "POST":
        form = MeasureEditForm(plan=measure.plan, current_units=current_units, initial=MeasureForm.initial_for(measure))
        return render(request, template, {"form": form, "plan": measure.plan, "measure": measure})
    form = MeasureEditForm(request.POST, plan=measure.plan, current_units=current_units)
    context = {"form": form, "plan": measure.plan, "measure": measure}
    if form.is_valid():
        try:
            services.measure_update(
                measure=measure,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                target_groups=form.chosen_target_groups(),
                responsible=form.responsible(),
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.measure_fields(),
            )
        except services.ConcurrentEditError:
            return conflict(request, template, context, Measure.history.filter(id=measure.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Tiltaket er lagret."))
            return redirect(_plan_url(measure.plan_id, f"tiltak-{measure.pk}"))
    return render(request, template, context, status=400)


@login_required
@form_page
def measure_delete(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, measure_id, "edit")
    if request.method != "POST":
        context = {"plan": measure.plan, "object": measure, "title": _("Slett tiltak")}
        return render(request, "workspace/confirm_delete.html", context)
    services.measure_delete(measure=measure, by=request.user)
    messages.success(request, _("Tiltaket «%(measure)s» er slettet.") % {"measure": measure.title})
    return redirect("workspace:plan_detail", measure.plan_id)


@login_required
@require_POST
def measure_move(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, measure_id, "edit")
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, measure.plan, status=400, error=" ".join(str(e) for e in form.errors["direction"]))
    services.measure_move(measure=measure, direction=form.offset, by=request.user)
    return redirect(_plan_url(measure.plan_id, f"tiltak-{measure.pk}"))


# --- Objectives --------------------------------------------------------------------------------


@login_required
@form_page
def objective_create(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, measure_id, "edit")
    context: dict[str, Any] = {"plan": measure.plan, "measure": measure}
    if request.method != "POST":
        return render(request, "workspace/objective_form.html", {**context, "form": ObjectiveForm()})
    form = ObjectiveForm(request.POST)
    if form.is_valid():
        try:
            services.objective_add(measure=measure, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Målet er lagt til tiltaket."))
            return redirect(_plan_url(measure.plan_id, f"tiltak-{measure.pk}"))
    return render(request, "workspace/objective_form.html", {**context, "form": form}, status=400)


@login_required
@form_page
def objective_delete(request: AuthenticatedRequest, objective_id: int) -> HttpResponse:
    objective = get_object_or_404(Objective, pk=objective_id)
    measure = get_measure_for_user(request.user, objective.measure_id, "edit")
    if request.method != "POST":
        title = _("Slett resultatmål") if objective.kind == ObjectiveKind.RESULT else _("Slett effektmål")
        context = {"plan": measure.plan, "object": objective, "measure": measure, "title": title}
        return render(request, "workspace/confirm_delete.html", context)
    services.objective_delete(objective=objective, by=request.user)
    messages.success(request, _("%(kind)s er slettet.") % {"kind": objective.get_kind_display()})
    return redirect(_plan_url(measure.plan_id, f"tiltak-{measure.pk}"))


# --- Units -------------------------------------------------------------------------------------


@login_required
@form_page
def unit_list(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, organisation_id)
    units = organisation.units.select_related("parent").order_by("name", "pk")
    if request.method != "POST":
        form = UnitForm(organisation=organisation)
        return render(request, "workspace/units.html", {"organisation": organisation, "units": units, "form": form})
    form = UnitForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            unit = organisation_services.unit_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Enheten «%(unit)s» er lagt til.") % {"unit": unit.name})
            return redirect("workspace:unit_list", organisation.pk)
    context = {"organisation": organisation, "units": units, "form": form}
    return render(request, "workspace/units.html", context, status=400)
