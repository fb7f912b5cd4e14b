"""May this user see or change this plan, goal or measure? Every view and API endpoint asks here.

Not visible → 404 (a draft's existence is itself private); visible but not writable → 403.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from planverk.accounts.access import (
    AnyUser,
    editor_organisation_ids,
    is_national_superuser,
    member_organisation_ids,
)
from planverk.plans.models import Goal, Measure, Plan, PlanQuerySet

# public: what anyone sees on the public site and in the open API (published plans only).
# view: the workspace view, where members also see their organisation's drafts.
# history: who changed what, including text from before publication — members of an owner only.
# edit: change the plan and everything in it.
Action = Literal["public", "view", "history", "edit"]


def plans_visible_to(user: AnyUser, action: Action) -> PlanQuerySet:
    plans = Plan.objects.all()
    if action == "public":
        return plans.published()
    if is_national_superuser(user):
        return plans
    if action == "view":
        # Members see their own drafts; everyone with a login sees what is published.
        if not user.is_authenticated:
            return plans.published()
        # A subquery: owned_by_any() is distinct, and Django cannot OR a distinct queryset with another.
        return plans.published() | plans.filter(pk__in=plans.owned_by_any(member_organisation_ids(user)).values("pk"))
    return plans.owned_by_any(editor_organisation_ids(user))


def can_edit_plan(user: AnyUser, plan: Plan) -> bool:
    if is_national_superuser(user):
        return True
    editors = editor_organisation_ids(user)
    return bool(editors) and plan.organisations.filter(pk__in=editors).exists()


def can_view_plan_history(user: AnyUser, plan: Plan) -> bool:
    if is_national_superuser(user):
        return True
    members = member_organisation_ids(user)
    return bool(members) and any(o.pk in members for o in plan.organisations.all())


def get_plan_for_user(user: AnyUser, plan_id: int, action: Action, queryset: PlanQuerySet | None = None) -> Plan:
    base = queryset if queryset is not None else Plan.objects.all()
    visible = plans_visible_to(user, "public" if action == "public" else "view")
    plan = base.filter(pk=plan_id, pk__in=visible.values("pk")).first()
    if plan is None:
        raise Http404
    if action == "edit" and not can_edit_plan(user, plan):
        raise PermissionDenied
    if action == "history" and not can_view_plan_history(user, plan):
        raise PermissionDenied
    return plan


def get_goal_for_user(user: AnyUser, goal_id: int, action: Action) -> Goal:
    goal = Goal.objects.filter(pk=goal_id).select_related("plan").first()
    if goal is None:
        raise Http404
    get_plan_for_user(user, goal.plan_id, action)
    return goal


def get_measure_for_user(
    user: AnyUser, measure_id: int, action: Action, queryset: QuerySet[Measure] | None = None
) -> Measure:
    base = queryset if queryset is not None else Measure.objects.all()
    measure = base.filter(pk=measure_id).select_related("plan", "goal").first()
    if measure is None:
        raise Http404
    measure.plan = get_plan_for_user(user, measure.plan_id, action)
    return measure
