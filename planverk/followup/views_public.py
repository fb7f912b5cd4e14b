"""The public side of the follow-up: a plan's dashboard and its status reports. Approved statuses only."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planverk.followup import reports, selectors
from planverk.followup.models import ReportingRound
from planverk.lib.charts import bar_chart
from planverk.plans.access import get_plan_for_user
from planverk.plans.models import Plan


def _categories() -> list[tuple[str, str]]:
    return [
        (c.value, str(c.label)) if c is not None else ("none", _("Ingen godkjent status"))
        for c in selectors.CATEGORY_ORDER
    ]


def _public_round(request: HttpRequest, plan_id: int, round_id: int) -> tuple[Plan, ReportingRound]:
    """A published plan's round that has at least one approved status; anything else is not there (404)."""
    plan = get_plan_for_user(request.user, plan_id, "public")
    reporting_round = selectors.public_rounds(plan).filter(pk=round_id).first()
    if reporting_round is None:
        raise Http404
    return plan, reporting_round


def _table(rows: list[selectors.CategoryRow], categories: list[tuple[str, str]]) -> list[dict[str, object]]:
    return [{"label": r.label, "cells": list(zip(categories, r.counts, strict=True)), "total": r.total} for r in rows]


def _totals(rows: list[selectors.CategoryRow]) -> str:
    return "; ".join(
        ngettext("%(label)s: %(count)s tiltak", "%(label)s: %(count)s tiltak", r.total)
        % {"label": r.label, "count": r.total}
        for r in rows
    )


def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, "public")
    today = timezone.localdate()
    data = selectors.plan_dashboard(
        plan,
        today=today,
        stale_days=settings.FOLLOWUP_STALE_DAYS,
        no_unit=_("Uten ansvarlig"),
        no_goal=_("Tiltak uten mål"),
    )
    categories = _categories()
    status_rows = list(zip(categories, data.total.counts, strict=True))
    # The status chart has one bar per category, in that category's colour.
    one_bar_each = [
        (label, [count if key == other else 0 for other, _label in categories]) for (key, label), count in status_rows
    ]
    return render(
        request,
        "followup/public/dashboard.html",
        {
            "plan": plan,
            "dashboard": data,
            "categories": categories,
            "status_rows": status_rows,
            "status_chart": bar_chart(one_bar_each, categories),
            "status_desc": "; ".join(f"{label}: {count}" for (_key, label), count in status_rows),
            "goal_chart": bar_chart([(r.short_label, r.counts) for r in data.by_goal], categories),
            "goal_rows": _table(data.by_goal, categories),
            "goal_desc": _totals(data.by_goal),
            "unit_chart": bar_chart([(r.short_label, r.counts) for r in data.by_unit], categories),
            "unit_rows": _table(data.by_unit, categories),
            "unit_desc": _totals(data.by_unit),
            "stale_days": settings.FOLLOWUP_STALE_DAYS,
            "today": today,
        },
    )


def report(request: HttpRequest, plan_id: int, round_id: int) -> HttpResponse:
    plan, reporting_round = _public_round(request, plan_id, round_id)
    return render(
        request,
        "followup/public/report.html",
        {"plan": plan, "report": reports.status_report(plan, reporting_round)},
    )


def report_pdf(request: HttpRequest, plan_id: int, round_id: int) -> HttpResponse:
    plan, reporting_round = _public_round(request, plan_id, round_id)
    with translation.override(reports.document_language(plan)):
        status_report = reports.status_report(plan, reporting_round)
        content = reports.report_pdf(status_report, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{reports.report_filename(status_report, "pdf")}"'
    return response


def report_docx(request: HttpRequest, plan_id: int, round_id: int) -> HttpResponse:
    plan, reporting_round = _public_round(request, plan_id, round_id)
    with translation.override(reports.document_language(plan)):
        status_report = reports.status_report(plan, reporting_round)
        content = reports.report_docx(status_report)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{reports.report_filename(status_report, "docx")}"'
    return response
