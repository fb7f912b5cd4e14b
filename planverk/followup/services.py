"""Follow-up writes: rounds, status reports, review, indicator values, evaluation. Each in one transaction."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planverk.accounts.models import User
from planverk.followup.models import (
    Direction,
    Evaluation,
    Indicator,
    IndicatorValue,
    ReportingRound,
    ReportState,
    StatusCategory,
    StatusUpdate,
)
from planverk.lib.safe_messaging import CONFIRMED_REASON, require_confirmation
from planverk.plans.models import Measure, Objective, Plan, PlanStatus
from planverk.plans.services import ConcurrentEditError


def _save(obj: object, by: User | None) -> None:
    obj._history_user = by  # type: ignore[attr-defined]
    obj.save()  # type: ignore[attr-defined]


def _check_round_period(plan: Plan, status_date: datetime.date) -> None:
    first, last = plan.period_start, plan.period_end
    # An extended plan is followed up past its original period, until it is replaced.
    if plan.status == PlanStatus.EXTENDED:
        last = None
    if (first and status_date.year < first) or (last and status_date.year > last + 1):
        raise ValidationError(
            _("Datoen %(date)s ligger utenfor planperioden %(period)s.")
            % {"date": status_date.strftime("%d.%m.%Y"), "period": plan.period_display}
        )


@transaction.atomic
def round_open(
    *,
    plan: Plan,
    title: str,
    status_date: datetime.date,
    deadline: datetime.date,
    message: str,
    by: User | None,
    now: datetime.datetime,
) -> ReportingRound:
    if plan.status == PlanStatus.DRAFT:
        raise ValidationError(_("En plan i utkast kan ikke følges opp ennå. Vedta eller send planen på høring først."))
    if deadline < now.date():
        raise ValidationError(_("Fristen kan ikke være passert når runden åpnes."))
    _check_round_period(plan, status_date)
    if ReportingRound.objects.filter(plan=plan, status_date=status_date).exists():
        raise ValidationError(_("Det finnes allerede en rapporteringsrunde med status per denne datoen."))
    reporting_round = ReportingRound(
        plan=plan,
        title=title.strip() or str(status_date.year),
        status_date=status_date,
        deadline=deadline,
        message=message,
        opened_by=by,
        opened_at=now,
    )
    _save(reporting_round, by)
    return reporting_round


@transaction.atomic
def round_close(*, reporting_round: ReportingRound, by: User | None, now: datetime.datetime) -> ReportingRound:
    locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    locked.closed_at = now
    _save(locked, by)
    return locked


@transaction.atomic
def status_report(
    *,
    reporting_round: ReportingRound,
    measure: Measure,
    category: str,
    narrative: str,
    same_as: Measure | None = None,
    indicator_values: Mapping[Indicator, Decimal | None] | None = None,
    expected_version: int | None = None,
    by: User | None,
    now: datetime.datetime,
) -> StatusUpdate:
    """An owner's report on one measure for one round; it waits for the coordinator's approval."""
    if measure.plan_id != reporting_round.plan_id:
        raise ValidationError(_("Tiltaket hører ikke til planen for denne runden."))
    if not reporting_round.is_open:
        raise ValidationError(_("Rapporteringsrunden er avsluttet."))
    if category not in StatusCategory.values:
        raise ValidationError(_("Ukjent status."))
    if same_as is not None and (same_as.plan_id != measure.plan_id or same_as.pk == measure.pk):
        raise ValidationError(_("«Samme status som» må være et annet tiltak i samme plan."))
    if not narrative.strip() and same_as is None:
        raise ValidationError(_("Beskriv status, eller velg et tiltak med samme status."))
    update = StatusUpdate.objects.select_for_update().filter(round=reporting_round, measure=measure).first()
    if update is not None:
        if expected_version is not None and update.version != expected_version:
            raise ConcurrentEditError
        if update.state == ReportState.APPROVED:
            raise ValidationError(_("Statusen er allerede godkjent og kan ikke endres i denne runden."))
        update.version += 1
    else:
        update = StatusUpdate(round=reporting_round, measure=measure)
    update.category = category
    update.narrative = narrative.strip()
    update.same_as = same_as
    update.state = ReportState.SUBMITTED
    update.reported_by = by
    update.reported_at = now
    update.review_comment = ""
    _save(update, by)
    for indicator, value in (indicator_values or {}).items():
        if indicator.objective.measure_id != measure.pk:
            raise ValidationError(_("Indikatoren «%(name)s» hører til et annet tiltak.") % {"name": indicator.name})
        existing = IndicatorValue.objects.filter(indicator=indicator, round=reporting_round).first()
        if value is None:
            if existing is not None:
                existing._history_user = by  # type: ignore[attr-defined]
                existing.delete()
            continue
        row = existing or IndicatorValue(indicator=indicator, round=reporting_round)
        row.value = value
        row.reported_by = by
        _save(row, by)
    return update


def status_public_texts(update: StatusUpdate) -> list[tuple[str, str]]:
    """The free text approving this status makes public: its narrative, and the round's title on its first approval.

    The coordinator's review comment goes to the owner only, and evaluations and indicators are workspace-only.
    An approved status cannot be changed, so approval is the only moment its text is checked.
    """
    texts = [("narrative", update.narrative)]
    # A round is listed publicly from its first approved status on; its title is checked when that happens.
    if not StatusUpdate.objects.approved().filter(round_id=update.round_id).exclude(pk=update.pk).exists():
        texts.append(("round_title", update.round.title))
    return texts


@transaction.atomic
def status_review(
    *,
    update: StatusUpdate,
    approve: bool,
    comment: str,
    by: User | None,
    now: datetime.datetime,
    confirm_flagged: bool = False,
) -> StatusUpdate:
    """Approve (the status becomes public) or return a submitted report; approval runs the safe-messaging check."""
    locked = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.state != ReportState.SUBMITTED:
        raise ValidationError(_("Bare rapporter som venter på godkjenning kan behandles."))
    if not approve and not comment.strip():
        raise ValidationError(_("Skriv en kommentar som forklarer hva som må rettes."))
    if approve and require_confirmation(status_public_texts(locked), confirmed=confirm_flagged):
        locked._change_reason = CONFIRMED_REASON  # type: ignore[attr-defined]
    locked.state = ReportState.APPROVED if approve else ReportState.RETURNED
    locked.review_comment = comment.strip()
    locked.reviewed_by = by
    locked.reviewed_at = now
    locked.version += 1
    _save(locked, by)
    return locked


@transaction.atomic
def evaluation_record(
    *,
    measure: Measure,
    implementation: str,
    notes: str,
    partner_input: str,
    continue_in_revision: bool | None,
    expected_version: int | None,
    by: User | None,
    now: datetime.datetime,
) -> Evaluation:
    evaluation = Evaluation.objects.select_for_update().filter(measure=measure).first()
    if evaluation is None:
        evaluation = Evaluation(measure=measure)
    else:
        if expected_version is not None and evaluation.version != expected_version:
            raise ConcurrentEditError
        evaluation.version += 1
    evaluation.implementation = implementation
    evaluation.notes = notes.strip()
    evaluation.partner_input = partner_input.strip()
    evaluation.continue_in_revision = continue_in_revision
    evaluation.evaluated_by = by
    evaluation.evaluated_at = now
    evaluation.full_clean()
    _save(evaluation, by)
    return evaluation


# --- Reporting workflow in the workspace ---------------------------------------------------------


@transaction.atomic
def status_review_unchanged(
    *,
    update: StatusUpdate,
    expected_version: int,
    approve: bool,
    comment: str,
    by: User | None,
    now: datetime.datetime,
    confirm_flagged: bool = False,
) -> StatusUpdate:
    """Review the report as the coordinator saw it: if the owner has changed it since, nothing is approved."""
    locked = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError
    return status_review(
        update=locked, approve=approve, comment=comment, by=by, now=now, confirm_flagged=confirm_flagged
    )


@transaction.atomic
def indicator_add(
    *,
    objective: Objective,
    name: str,
    unit: str,
    direction: str,
    measurement_method: str = "",
    source: str = "",
    baseline: Decimal | None = None,
    baseline_year: int | None = None,
    target: Decimal | None = None,
    target_year: int | None = None,
    by: User | None,
) -> Indicator:
    if direction not in Direction.values:
        raise ValidationError(_("Ukjent retning for indikatoren."))
    if baseline_year and target_year and target_year < baseline_year:
        raise ValidationError(_("Året for målverdien kan ikke være før året for utgangsverdien."))
    indicator = Indicator(
        objective=objective,
        name=name.strip(),
        unit=unit.strip(),
        direction=direction,
        measurement_method=measurement_method.strip(),
        source=source.strip(),
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        target_year=target_year,
    )
    indicator.full_clean()
    _save(indicator, by)
    return indicator
