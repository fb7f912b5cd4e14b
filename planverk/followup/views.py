"""Follow-up in the workspace: reporting rounds, "Mine tiltak", status reports, review, indicators, evaluation.

As in the rest of the workspace: access helper (404 when not the user's to see, 403 when not allowed) → form →
one service call → respond. Bad input answers 400 and changes nothing; a save over a newer save answers 409.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from planverk.accounts.models import User
from planverk.followup import access, selectors, services
from planverk.followup.forms import EvaluationForm, IndicatorForm, ReviewForm, RoundForm, StatusReportForm
from planverk.followup.models import Evaluation, Indicator, IndicatorValue, ReportState, StatusUpdate
from planverk.lib import safe_messaging
from planverk.lib.views import AuthenticatedRequest, add_service_error, conflict, form_page
from planverk.plans.access import can_edit_plan, plans_visible_to
from planverk.plans.models import Measure, Objective, PlanStatus
from planverk.plans.services import ConcurrentEditError


def _measure_for_followup(user: User, measure_id: int, action: access.RoundAction) -> Measure:
    measure = Measure.objects.filter(pk=measure_id).select_related("plan", "goal").first()
    if measure is None:
        raise Http404
    measure.plan = access.get_plan_for_followup(user, measure.plan_id, action)
    return measure


# --- Mine tiltak -------------------------------------------------------------------------------


@login_required
@require_safe
def my_measures(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    edited = plans_visible_to(user, "edit")
    return render(
        request,
        "followup/workspace/my_measures.html",
        {
            "rounds": selectors.rounds_to_report(access.measures_reportable_by(user)),
            "to_review": selectors.reports_to_review(edited),
            "open_rounds": list(selectors.open_rounds(edited)),
            "today": timezone.localdate(),
        },
    )


# --- Rounds ------------------------------------------------------------------------------------


@login_required
@require_safe
def plan_followup(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan_for_followup(request.user, plan_id, "view")
    return render(
        request,
        "followup/workspace/plan_followup.html",
        {
            "plan": plan,
            "rounds": list(selectors.plan_rounds(plan)),
            "measure_count": plan.measures.count(),
            "can_edit": can_edit_plan(request.user, plan),
        },
    )


@login_required
@form_page
def round_create(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan_for_followup(request.user, plan_id, "edit")
    template = "followup/workspace/round_form.html"
    now = timezone.now()
    today = timezone.localdate(now)
    context: dict[str, Any] = {"plan": plan, "is_draft": plan.status == PlanStatus.DRAFT}
    if request.method != "POST":
        return render(request, template, {**context, "form": RoundForm(today=today)})
    form = RoundForm(request.POST, today=today)
    if form.is_valid():
        try:
            reporting_round = services.round_open(plan=plan, by=request.user, now=now, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Rapporteringsrunden «%(round)s» er åpnet.") % {"round": reporting_round.title})
            return redirect("followup:round_detail", reporting_round.pk)
    return render(request, template, {**context, "form": form}, status=400)


@login_required
@require_safe
def round_detail(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    user = request.user
    reporting_round = access.get_round_for_user(user, round_id, "view")
    plan = reporting_round.plan
    can_edit = can_edit_plan(user, plan)
    reportable = (
        set()
        if can_edit or not reporting_round.is_open
        else set(access.measures_reportable_by(user).filter(plan=plan).values_list("pk", flat=True))
    )
    no_goal = _("Uten mål")
    progress = selectors.round_progress(reporting_round, no_unit=_("Uten ansvarlig enhet"), no_goal=no_goal)
    rows = [
        (row, reporting_round.is_open and (can_edit or row.measure.pk in reportable))
        for row in selectors.round_measures(reporting_round)
    ]
    return render(
        request,
        "followup/workspace/round_detail.html",
        {
            "plan": plan,
            "reporting_round": reporting_round,
            "progress": progress,
            "show_goals": any(row.label != no_goal for row in progress.by_goal),
            "rows": rows,
            "can_edit": can_edit,
            "today": timezone.localdate(),
        },
    )


@login_required
@form_page
def round_close(request: AuthenticatedRequest, round_id: int) -> HttpResponse:
    reporting_round = access.get_round_for_user(request.user, round_id, "edit")
    context: dict[str, Any] = {"plan": reporting_round.plan, "reporting_round": reporting_round}
    template = "followup/workspace/round_close.html"
    if request.method != "POST":
        return render(request, template, context)
    if not reporting_round.is_open:
        return render(request, template, {**context, "error": _("Runden er allerede avsluttet.")}, status=400)
    services.round_close(reporting_round=reporting_round, by=request.user, now=timezone.now())
    messages.success(request, _("Rapporteringsrunden «%(round)s» er avsluttet.") % {"round": reporting_round.title})
    return redirect("followup:round_detail", reporting_round.pk)


# --- Status reports and review -----------------------------------------------------------------


@login_required
@form_page
def report(request: AuthenticatedRequest, round_id: int, measure_id: int) -> HttpResponse:
    user = request.user
    reporting_round = access.get_round_for_user(user, round_id, "view")
    measure = access.get_measure_for_reporter(user, measure_id)
    if measure.plan_id != reporting_round.plan_id:
        raise Http404
    current = (
        StatusUpdate.objects.filter(round=reporting_round, measure=measure)
        .select_related("reported_by", "reviewed_by", "same_as")
        .first()
    )
    indicators = list(
        Indicator.objects.filter(objective__measure=measure)
        .select_related("objective")
        .order_by("objective__order", "objective_id", "pk")
    )
    # Coordinators report on behalf of others from the round's page; owners from "Mine tiltak".
    back = (
        reverse("followup:round_detail", args=[reporting_round.pk])
        if can_edit_plan(user, reporting_round.plan)
        else reverse("followup:my_measures")
    )
    template = "followup/workspace/report_form.html"
    context: dict[str, Any] = {
        "back": back,
        "plan": reporting_round.plan,
        "reporting_round": reporting_round,
        "measure": measure,
        "report": current,
        "previous": (
            StatusUpdate.objects.approved()
            .filter(measure=measure, round__status_date__lt=reporting_round.status_date)
            .select_related("round")
            .order_by("-round__status_date")
            .first()
        ),
        "locked": not reporting_round.is_open or (current is not None and current.state == ReportState.APPROVED),
    }
    if request.method != "POST":
        values = dict(
            IndicatorValue.objects.filter(round=reporting_round, indicator__in=indicators).values_list(
                "indicator_id", "value"
            )
        )
        initial = StatusReportForm.initial_for(current, values)
        form = StatusReportForm(measure=measure, indicators=indicators, initial=initial)
        return render(request, template, {**context, "form": form})
    form = StatusReportForm(request.POST, measure=measure, indicators=indicators)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.status_report(
                reporting_round=reporting_round,
                measure=measure,
                category=data["category"],
                narrative=data["narrative"],
                same_as=data["same_as"],
                indicator_values=form.indicator_values(),
                expected_version=data["version"],
                by=user,
                now=timezone.now(),
            )
        except ConcurrentEditError:
            history = StatusUpdate.history.filter(round_id=reporting_round.pk, measure_id=measure.pk)
            return conflict(request, template, context, history)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Statusen for «%(measure)s» er sendt til godkjenning.") % {"measure": measure})
            if findings := safe_messaging.check(data["narrative"], "narrative"):
                # Not public yet, so not refused: the owner is told what the coordinator will be asked to confirm.
                phrases = ", ".join(f"«{finding.phrase}»" for finding in findings)
                messages.warning(
                    request,
                    _(
                        "Beskrivelsen inneholder ord som frarådes når selvmord omtales offentlig: %(phrases)s. "
                        "Koordinatoren må bekrefte teksten før den publiseres. Vurder å endre den."
                    )
                    % {"phrases": phrases},
                )
            return redirect(back)
    return render(request, template, context, status=400)


@login_required
@form_page
def review(request: AuthenticatedRequest, update_id: int) -> HttpResponse:
    update = access.get_status_update_for_user(request.user, update_id, "review")
    template = "followup/workspace/review.html"
    context: dict[str, Any] = {
        "plan": update.measure.plan,
        "reporting_round": update.round,
        "update": update,
        "values": list(
            IndicatorValue.objects.filter(round=update.round, indicator__objective__measure=update.measure)
            .select_related("indicator")
            .order_by("indicator__objective__order", "indicator_id")
        ),
    }
    if request.method != "POST":
        return render(request, template, {**context, "form": ReviewForm(initial={"version": update.version})})
    form = ReviewForm(request.POST)
    context["form"] = form
    if form.is_valid():
        try:
            services.status_review_unchanged(
                update=update,
                expected_version=form.cleaned_data["version"],
                approve=form.approve,
                comment=form.cleaned_data["comment"],
                by=request.user,
                now=timezone.now(),
                confirm_flagged=form.cleaned_data["confirm_flagged"],
            )
        except ConcurrentEditError:
            return conflict(request, template, context, StatusUpdate.history.filter(id=update.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if form.approve:
                text = _("Statusen for «%(measure)s» er godkjent og vises nå offentlig.")
            else:
                text = _("Rapporten for «%(measure)s» er sendt tilbake til tiltakseieren.")
            messages.success(request, text % {"measure": update.measure})
            return redirect("followup:round_detail", update.round_id)
    return render(request, template, context, status=400)


# --- Measures: objectives, indicators, evaluation ----------------------------------------------


@login_required
@require_safe
def measure_followup(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    measure = _measure_for_followup(request.user, measure_id, "view")
    objectives = measure.objectives.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("pk"))
    )
    return render(
        request,
        "followup/workspace/measure_followup.html",
        {
            "plan": measure.plan,
            "measure": measure,
            "objectives": objectives,
            "reports": selectors.measure_reports(measure),
            "evaluation": Evaluation.objects.filter(measure=measure).select_related("evaluated_by").first(),
            "can_edit": can_edit_plan(request.user, measure.plan),
        },
    )


@login_required
@form_page
def indicator_create(request: AuthenticatedRequest, objective_id: int) -> HttpResponse:
    objective = get_object_or_404(Objective, pk=objective_id)
    measure = _measure_for_followup(request.user, objective.measure_id, "edit")
    template = "followup/workspace/indicator_form.html"
    context: dict[str, Any] = {"plan": measure.plan, "measure": measure, "objective": objective}
    if request.method != "POST":
        return render(request, template, {**context, "form": IndicatorForm()})
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            indicator = services.indicator_add(objective=objective, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Indikatoren «%(name)s» er lagt til.") % {"name": indicator.name})
            return redirect("followup:measure_followup", measure.pk)
    return render(request, template, {**context, "form": form}, status=400)


@login_required
@form_page
def evaluation_edit(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    measure = _measure_for_followup(request.user, measure_id, "edit")
    evaluation = Evaluation.objects.filter(measure=measure).select_related("evaluated_by").first()
    template = "followup/workspace/evaluation_form.html"
    context: dict[str, Any] = {"plan": measure.plan, "measure": measure, "evaluation": evaluation}
    if request.method != "POST":
        form = EvaluationForm(initial=EvaluationForm.initial_for(evaluation))
        return render(request, template, {**context, "form": form})
    form = EvaluationForm(request.POST)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_record(
                measure=measure,
                implementation=data["implementation"],
                notes=data["notes"],
                partner_input=data["partner_input"],
                continue_in_revision=data["continue_in_revision"],
                expected_version=data["version"],
                by=request.user,
                now=timezone.now(),
            )
        except ConcurrentEditError:
            return conflict(request, template, context, Evaluation.history.filter(measure_id=measure.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Evalueringen av «%(measure)s» er lagret.") % {"measure": measure})
            return redirect(f"{reverse('followup:evaluation_summary', args=[measure.plan_id])}#tiltak-{measure.pk}")
    return render(request, template, context, status=400)


@login_required
@require_safe
def evaluation_summary(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan_for_followup(request.user, plan_id, "view")
    return render(
        request,
        "followup/workspace/evaluation_summary.html",
        {
            "plan": plan,
            "overview": selectors.evaluation_overview(
                plan,
                not_evaluated=_("Ikke evaluert"),
                continued=_("Videreføres"),
                ended=_("Avsluttes"),
                undecided=_("Ikke avklart"),
            ),
            "can_edit": can_edit_plan(request.user, plan),
        },
    )
