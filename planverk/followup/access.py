"""May this user report on, review or follow up this measure or round? Every follow-up view asks here.

A measure owner reports on the measures their units are responsible for; coordinators and admins of the
plan's organisations (and national superusers) open rounds, review reports and evaluate.
Not the user's to report on → 404; visible but not theirs to approve → 403.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from planverk.accounts.access import AnyUser, is_national_superuser
from planverk.accounts.models import Membership, Role
from planverk.followup.models import ReportingRound, StatusUpdate
from planverk.plans.access import can_edit_plan, can_view_plan_history, get_plan_for_user
from planverk.plans.models import Measure, Plan


def reporting_unit_ids(user: AnyUser) -> set[int]:
    """The units this user reports for as a measure owner."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_reporting_unit_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user=user, role=Role.OWNER).values_list("units", flat=True).exclude(units=None)
        )
        user._reporting_unit_ids = cached  # type: ignore[attr-defined]
    return cached


def measures_reportable_by(user: AnyUser) -> QuerySet[Measure]:
    """Measures this user is asked to report on as an owner (coordinators report through the round pages)."""
    return Measure.objects.filter(responsibilities__unit__in=reporting_unit_ids(user)).distinct()


def can_report_on_measure(user: AnyUser, measure: Measure) -> bool:
    if is_national_superuser(user) or can_edit_plan(user, measure.plan):
        return True
    units = reporting_unit_ids(user)
    return bool(units) and measure.responsibilities.filter(unit__in=units).exists()


def get_measure_for_reporter(user: AnyUser, measure_id: int) -> Measure:
    measure = Measure.objects.filter(pk=measure_id).select_related("plan", "goal").first()
    if measure is None or not can_report_on_measure(user, measure):
        raise Http404
    return measure


RoundAction = Literal["view", "edit"]


def get_round_for_user(user: AnyUser, round_id: int, action: RoundAction) -> ReportingRound:
    """view: members of the plan's organisations and owners with measures in it; edit: the plan's editors."""
    reporting_round = ReportingRound.objects.filter(pk=round_id).select_related("plan").first()
    if reporting_round is None:
        raise Http404
    plan = reporting_round.plan
    reports_here = Measure.objects.filter(plan=plan, pk__in=measures_reportable_by(user)).exists()
    if not (can_view_plan_history(user, plan) or reports_here):
        raise Http404
    if action == "edit" and not can_edit_plan(user, plan):
        raise PermissionDenied
    return reporting_round


def get_plan_for_followup(user: AnyUser, plan_id: int, action: RoundAction) -> Plan:
    """The plan's follow-up pages (rounds, dashboard, evaluation) are for its members; changes for its editors."""
    plan = get_plan_for_user(user, plan_id, "view")
    if not can_view_plan_history(user, plan):
        raise Http404 if not plan.is_public else PermissionDenied
    if action == "edit" and not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


StatusAction = Literal["report", "review"]


def get_status_update_for_user(user: AnyUser, update_id: int, action: StatusAction) -> StatusUpdate:
    update = StatusUpdate.objects.filter(pk=update_id).select_related("measure__plan", "round").first()
    if update is None or not can_report_on_measure(user, update.measure):
        raise Http404
    if action == "review" and not can_edit_plan(user, update.measure.plan):
        raise PermissionDenied
    return update
