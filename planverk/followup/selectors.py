"""Follow-up reads reused by pages: a fixed number of queries, however many measures a plan has."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery

from planverk.followup.models import (
    CLOSED_CATEGORIES,
    Evaluation,
    Implementation,
    IndicatorValue,
    ReportingRound,
    ReportState,
    StatusCategory,
    StatusUpdate,
)
from planverk.plans.models import Goal, Measure, Plan, Responsibility

# Round progress ---------------------------------------------------------------------------------
# How far a reporting round has come, per responsible unit and per goal, and what each person has to
# report or review. Counting happens in the database: one grouped query per table.


@dataclass(frozen=True)
class ProgressRow:
    label: str
    total: int = 0
    submitted: int = 0
    approved: int = 0
    returned: int = 0
    missing: int = 0

    @property
    def reported(self) -> int:
        return self.submitted + self.approved + self.returned


@dataclass(frozen=True)
class RoundProgress:
    total: ProgressRow
    by_unit: list[ProgressRow]
    by_goal: list[ProgressRow]


_STATE_COUNTS = {
    "submitted": ReportState.SUBMITTED,
    "approved": ReportState.APPROVED,
    "returned": ReportState.RETURNED,
}


def finished_before(rounds: list[ReportingRound]) -> dict[int, set[int]]:
    """Per round, the measures already done or cancelled by an earlier approved status: nobody is asked again.

    One query, however many rounds and measures.
    """
    if not rounds:
        return {}
    earlier = (
        StatusUpdate.objects.approved()
        .filter(
            round__plan__in={r.plan_id for r in rounds},
            round__status_date__lt=max(r.status_date for r in rounds),
        )
        .values_list("measure_id", "round__plan_id", "round__status_date", "category")
        .order_by("round__status_date", "pk")
    )
    history: dict[int, list[tuple[int, datetime.date, str]]] = {}
    for measure_id, plan_id, status_date, category in earlier:
        history.setdefault(plan_id, []).append((measure_id, status_date, category))
    finished: dict[int, set[int]] = {}
    for reporting_round in rounds:
        latest: dict[int, str] = {}
        for measure_id, status_date, category in history.get(reporting_round.plan_id, []):
            if status_date < reporting_round.status_date:
                latest[measure_id] = category
        finished[reporting_round.pk] = {m for m, category in latest.items() if category in CLOSED_CATEGORIES}
    return finished


def _counted_by(reporting_round: ReportingRound, *group_by: str) -> list[dict[str, object]]:
    # The round's report is joined through a filtered relation: at most one row per measure, so grouping by
    # a responsible unit still counts each of the unit's measures once.
    finished = finished_before([reporting_round])[reporting_round.pk]
    measures = (
        Measure.objects.filter(plan_id=reporting_round.plan_id)
        .annotate(this_round=FilteredRelation("status_updates", condition=Q(status_updates__round=reporting_round)))
        .exclude(Q(pk__in=finished) & Q(this_round__isnull=True))
    )
    counts = {name: Count("pk", filter=Q(this_round__state=state)) for name, state in _STATE_COUNTS.items()}
    return list(
        measures.values(*group_by)
        .annotate(total=Count("pk"), missing=Count("pk", filter=Q(this_round__isnull=True)), **counts)
        .order_by()
    )


def _row(label: str, counts: dict[str, object] | None) -> ProgressRow:
    if counts is None:
        return ProgressRow(label=label)
    return ProgressRow(
        label=label,
        total=int(str(counts["total"])),
        submitted=int(str(counts["submitted"])),
        approved=int(str(counts["approved"])),
        returned=int(str(counts["returned"])),
        missing=int(str(counts["missing"])),
    )


def round_progress(reporting_round: ReportingRound, *, no_unit: str, no_goal: str) -> RoundProgress:
    """Reported, approved, returned and missing measures of the round: in all, per unit and per goal.

    A measure with several responsible units counts once under each of them. no_unit and no_goal label the
    rows of measures without a responsible unit or a goal.
    """
    by_goal_counts = {row["goal_id"]: row for row in _counted_by(reporting_round, "goal_id")}
    goals = reporting_round.plan.goals.order_by("order", "pk")
    by_goal = [_row(str(goal), by_goal_counts.get(goal.pk)) for goal in goals]
    if None in by_goal_counts:
        by_goal.append(_row(no_goal, by_goal_counts[None]))

    unit_counts = _counted_by(reporting_round, "responsibilities__unit_id", "responsibilities__unit__name")
    unit_counts.sort(
        key=lambda row: (row["responsibilities__unit_id"] is None, str(row["responsibilities__unit__name"]))
    )
    by_unit = [_row(str(row["responsibilities__unit__name"] or no_unit), row) for row in unit_counts]

    totals = {
        name: sum(getattr(row, name) for row in by_goal)
        for name in ("total", "submitted", "approved", "returned", "missing")
    }
    return RoundProgress(total=ProgressRow(label="", **totals), by_unit=by_unit, by_goal=by_goal)


def _responsibilities() -> Prefetch:
    return Prefetch("responsibilities", queryset=Responsibility.objects.select_related("unit").order_by("order", "pk"))


@dataclass(frozen=True)
class MeasureReport:
    """A measure and its report in one round (None: not reported yet)."""

    measure: Measure
    report: StatusUpdate | None

    @property
    def outstanding(self) -> bool:
        return self.report is None or self.report.state == ReportState.RETURNED


def round_measures(reporting_round: ReportingRound) -> list[MeasureReport]:
    """The plan's measures in order, with their responsible units and their report in this round."""
    measures = (
        Measure.objects.filter(plan_id=reporting_round.plan_id)
        .select_related("goal")
        .prefetch_related(
            _responsibilities(),
            Prefetch(
                "status_updates",
                queryset=StatusUpdate.objects.filter(round=reporting_round).select_related("reported_by"),
                to_attr="round_reports",
            ),
        )
        .order_by("order", "pk")
    )
    finished = finished_before([reporting_round])[reporting_round.pk]
    return [
        MeasureReport(m, m.round_reports[0] if m.round_reports else None)
        for m in measures
        if m.round_reports or m.pk not in finished
    ]


@dataclass
class RoundToReport:
    """An open round and the measures one person is asked to report on in it."""

    reporting_round: ReportingRound
    rows: list[MeasureReport] = field(default_factory=list)

    @property
    def outstanding(self) -> int:
        return sum(1 for row in self.rows if row.outstanding)


def rounds_to_report(measures: QuerySet[Measure]) -> list[RoundToReport]:
    """Open rounds of the plans these measures belong to, with the measures and their reports in each round."""
    rounds = list(
        ReportingRound.objects.filter(closed_at__isnull=True, plan__in=measures.values("plan_id"))
        .select_related("plan")
        .order_by("deadline", "pk")
    )
    if not rounds:
        return []
    measure_list = list(
        Measure.objects.filter(pk__in=measures.values("pk"), plan__in=[r.plan_id for r in rounds])
        .select_related("goal")
        .prefetch_related(_responsibilities())
        .order_by("order", "pk")
    )
    reports = {
        (u.round_id, u.measure_id): u
        for u in StatusUpdate.objects.filter(round__in=rounds, measure__in=measures.values("pk")).select_related(
            "reviewed_by"
        )
    }
    finished = finished_before(rounds)
    return [
        RoundToReport(
            reporting_round=r,
            rows=[
                MeasureReport(m, reports.get((r.pk, m.pk)))
                for m in measure_list
                if m.plan_id == r.plan_id and ((r.pk, m.pk) in reports or m.pk not in finished[r.pk])
            ],
        )
        for r in rounds
    ]


def reports_to_review(plans: QuerySet[Plan]) -> list[StatusUpdate]:
    """Reports waiting for approval in the open rounds of these plans, oldest deadline first."""
    return list(
        StatusUpdate.objects.filter(
            state=ReportState.SUBMITTED, round__closed_at__isnull=True, round__plan__in=plans.values("pk")
        )
        .select_related("round__plan", "measure", "reported_by")
        .order_by("round__deadline", "round_id", "measure__order", "measure_id")
    )


def open_rounds(plans: QuerySet[Plan]) -> QuerySet[ReportingRound]:
    return (
        ReportingRound.objects.filter(closed_at__isnull=True, plan__in=plans.values("pk"))
        .select_related("plan")
        .order_by("deadline", "pk")
    )


def plan_rounds(plan: Plan) -> QuerySet[ReportingRound]:
    """The plan's rounds, newest first, with how many reports each has waiting and approved."""
    return (
        plan.rounds.annotate(
            submitted=Count("status_updates", filter=Q(status_updates__state=ReportState.SUBMITTED)),
            approved=Count("status_updates", filter=Q(status_updates__state=ReportState.APPROVED)),
        )
        .select_related("opened_by")
        .order_by("-status_date", "-pk")
    )


def measure_reports(measure: Measure) -> list[StatusUpdate]:
    """The measure's report in every round, newest first, each with `values`: its indicator values in that round."""
    reports = list(
        measure.status_updates.select_related("round", "reported_by", "reviewed_by", "same_as").order_by(
            "-round__status_date", "-pk"
        )
    )
    values: dict[int, list[IndicatorValue]] = {}
    for value in (
        IndicatorValue.objects.filter(indicator__objective__measure=measure)
        .select_related("indicator")
        .order_by("indicator__objective__order", "indicator_id")
    ):
        values.setdefault(value.round_id, []).append(value)
    for report in reports:
        report.values = values.get(report.round_id, [])  # type: ignore[attr-defined]
    return reports


@dataclass(frozen=True)
class MeasureEvaluation:
    measure: Measure
    evaluation: Evaluation | None


@dataclass(frozen=True)
class EvaluationSection:
    goal: Goal | None
    rows: list[MeasureEvaluation]


@dataclass(frozen=True)
class EvaluationOverview:
    """The end-of-period evaluation of a plan, which the revised plan builds on."""

    sections: list[EvaluationSection]
    total: int
    by_implementation: list[tuple[str, int]]  # (label, measures), "not evaluated" last
    by_continuation: list[tuple[str, int]]


def evaluation_overview(
    plan: Plan, *, not_evaluated: str, continued: str, ended: str, undecided: str
) -> EvaluationOverview:
    goals = list(plan.goals.order_by("order", "pk"))
    measures = (
        Measure.objects.filter(plan=plan)
        .select_related("evaluation__evaluated_by")
        .prefetch_related(_responsibilities())
        .order_by("order", "pk")
    )
    rows = [MeasureEvaluation(m, getattr(m, "evaluation", None)) for m in measures]
    sections = [EvaluationSection(goal=g, rows=[r for r in rows if r.measure.goal_id == g.pk]) for g in goals]
    loose = [r for r in rows if r.measure.goal_id is None]
    if loose:
        sections.append(EvaluationSection(goal=None, rows=loose))
    evaluations = [r.evaluation for r in rows if r.evaluation is not None]
    by_implementation = [
        (str(label), sum(1 for e in evaluations if e.implementation == value))
        for value, label in Implementation.choices
    ]
    by_implementation.append((not_evaluated, len(rows) - len(evaluations)))
    by_continuation = [
        (continued, sum(1 for e in evaluations if e.continue_in_revision is True)),
        (ended, sum(1 for e in evaluations if e.continue_in_revision is False)),
        (undecided, len(rows) - sum(1 for e in evaluations if e.continue_in_revision is not None)),
    ]
    return EvaluationOverview(
        sections=sections, total=len(rows), by_implementation=by_implementation, by_continuation=by_continuation
    )


# Status and dashboard ---------------------------------------------------------------------------
# What the public sees of the follow-up: approved statuses only (domain rule 6), never a report that waits
# for review or was sent back. The counts are of measures, not of people: the small-number rule for
# statistics does not apply to them.

# The dashboard's columns, from finished to not begun; None: no approved status yet.
CATEGORY_ORDER: tuple[StatusCategory | None, ...] = (
    StatusCategory.DONE,
    StatusCategory.CONTINUOUS,
    StatusCategory.IN_PROGRESS,
    StatusCategory.CHANGED,
    StatusCategory.DELAYED,
    StatusCategory.NOT_STARTED,
    StatusCategory.CANCELLED,
    None,
)


def _approved() -> QuerySet[StatusUpdate]:
    return StatusUpdate.objects.approved().select_related("round", "same_as")


def _newest_first(updates: QuerySet[StatusUpdate]) -> QuerySet[StatusUpdate]:
    return updates.order_by("-round__status_date", "-round_id")


def latest_approved_statuses(plan: Plan) -> dict[int, StatusUpdate]:
    """Each measure's newest approved status (by the round's status date), by measure id: one query."""
    newest = _newest_first(StatusUpdate.objects.approved().filter(measure=OuterRef("measure"))).values("pk")[:1]
    return {u.measure_id: u for u in _approved().filter(measure__plan=plan, pk=Subquery(newest))}


def measure_status_history(measure: Measure) -> list[StatusUpdate]:
    """The measure's approved statuses, one per round, newest first."""
    return list(_newest_first(_approved().filter(measure=measure)))


def approved_status_history(plan: Plan) -> dict[int, list[StatusUpdate]]:
    """Every approved status of the plan's measures, by measure id, oldest round first: one query."""
    history: dict[int, list[StatusUpdate]] = {}
    for update in _approved().filter(measure__plan=plan).order_by("round__status_date", "round_id"):
        history.setdefault(update.measure_id, []).append(update)
    return history


def public_rounds(plan: Plan) -> QuerySet[ReportingRound]:
    """The plan's rounds with at least one approved status, newest first: the periods anyone may read about."""
    approved = StatusUpdate.objects.approved().filter(round=OuterRef("pk"))
    return plan.rounds.filter(Exists(approved)).order_by("-status_date", "-pk")


def round_approved_statuses(reporting_round: ReportingRound) -> dict[int, StatusUpdate]:
    """The round's approved statuses, by measure id."""
    return {u.measure_id: u for u in _approved().filter(round=reporting_round)}


@dataclass(frozen=True)
class CategoryRow:
    """How many measures stand in each status category (in CATEGORY_ORDER) under one heading."""

    label: str
    short_label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class MeasureStatus:
    measure: Measure
    status: StatusUpdate | None


@dataclass(frozen=True)
class CategoryMove:
    """A measure whose category in the newest round differs from what was approved up to the round before."""

    measure: Measure
    before: StatusUpdate | None
    after: StatusUpdate


@dataclass
class Dashboard:
    total: CategoryRow
    by_unit: list[CategoryRow]
    by_goal: list[CategoryRow]
    late: list[MeasureStatus]
    stale: list[MeasureStatus]
    rounds: list[ReportingRound]  # with an approved status, newest first
    moves: list[CategoryMove]
    unchanged: int

    @property
    def current_round(self) -> ReportingRound | None:
        return self.rounds[0] if self.rounds else None

    @property
    def previous_round(self) -> ReportingRound | None:
        return self.rounds[1] if len(self.rounds) > 1 else None


def _category_row(label: str, short_label: str, statuses: list[StatusUpdate | None]) -> CategoryRow:
    categories = [s.category if s is not None else None for s in statuses]
    return CategoryRow(label, short_label, tuple(categories.count(c) for c in CATEGORY_ORDER))


def _is_late(measure: Measure, status: StatusUpdate | None, today: datetime.date) -> bool:
    if status is not None and status.category in CLOSED_CATEGORIES:
        return False
    if measure.due_date is not None:
        return measure.due_date < today
    return measure.due_year is not None and measure.due_year < today.year


def _is_stale(plan: Plan, status: StatusUpdate | None, today: datetime.date, stale_days: int) -> bool:
    if status is not None and status.category in CLOSED_CATEGORIES:
        return False
    # A measure never reported on counts from the plan's adoption (or the start of its period).
    if status is not None:
        since: datetime.date | None = status.round.status_date
    elif plan.adopted_on is not None:
        since = plan.adopted_on
    else:
        since = datetime.date(plan.period_start, 1, 1) if plan.period_start else None
    return since is not None and (today - since).days > stale_days


def _moves(
    measures: list[Measure], history: dict[int, list[StatusUpdate]], rounds: list[ReportingRound]
) -> tuple[list[CategoryMove], int]:
    if len(rounds) < 2:
        return [], 0
    current, previous = rounds[0], rounds[1]
    moves, unchanged = [], 0
    for measure in measures:
        updates = history.get(measure.pk, [])
        after = next((u for u in updates if u.round_id == current.pk), None)
        if after is None:
            continue
        earlier = [u for u in updates if (u.round.status_date, u.round_id) <= (previous.status_date, previous.pk)]
        before = earlier[-1] if earlier else None
        if before is not None and before.category == after.category:
            unchanged += 1
        else:
            moves.append(CategoryMove(measure, before, after))
    return moves, unchanged


def plan_dashboard(plan: Plan, *, today: datetime.date, stale_days: int, no_unit: str, no_goal: str) -> Dashboard:
    """Where the plan's measures stand by their newest approved status: four queries, however large the plan.

    A measure with several responsible units counts under each of them. Late: its due date or due year has
    passed and it is not done or cancelled. Stale: no approved status for more than `stale_days` days.
    Moves: category changes between the two newest rounds with approved statuses.
    """
    measures = list(plan.measures.select_related("goal").prefetch_related(_responsibilities()).order_by("order", "pk"))
    history = approved_status_history(plan)
    latest = {measure_id: updates[-1] for measure_id, updates in history.items()}
    rounds_by_id = {u.round_id: u.round for updates in history.values() for u in updates}
    rounds = sorted(rounds_by_id.values(), key=lambda r: (r.status_date, r.pk), reverse=True)

    def status(measure: Measure) -> StatusUpdate | None:
        return latest.get(measure.pk)

    by_goal = []
    for goal in plan.goals.order_by("order", "pk"):
        in_goal = [status(m) for m in measures if m.goal_id == goal.pk]
        short = f"{goal.get_kind_display()} {goal.number}" if goal.number else goal.title
        by_goal.append(_category_row(str(goal), short, in_goal))
    without_goal = [status(m) for m in measures if m.goal_id is None]
    if without_goal and by_goal:  # a plan without goals gets no "per goal" breakdown
        by_goal.append(_category_row(no_goal, no_goal, without_goal))

    units: dict[int, tuple[str, str, list[StatusUpdate | None]]] = {}
    without_unit: list[StatusUpdate | None] = []
    for measure in measures:
        responsibilities = list(measure.responsibilities.all())
        for r in responsibilities:
            units.setdefault(r.unit_id, (r.unit.name, str(r.unit), []))[2].append(status(measure))
        if not responsibilities:
            without_unit.append(status(measure))
    by_unit = [_category_row(*entry) for entry in sorted(units.values(), key=lambda e: e[0].lower())]
    if without_unit:
        by_unit.append(_category_row(no_unit, no_unit, without_unit))

    moves, unchanged = _moves(measures, history, rounds)
    return Dashboard(
        total=_category_row("", "", [status(m) for m in measures]),
        by_unit=by_unit,
        by_goal=by_goal,
        late=[MeasureStatus(m, status(m)) for m in measures if _is_late(m, status(m), today)],
        stale=[MeasureStatus(m, status(m)) for m in measures if _is_stale(plan, status(m), today, stale_days)],
        rounds=rounds,
        moves=moves,
        unchanged=unchanged,
    )
