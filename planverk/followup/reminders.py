"""Reminders by email for open reporting rounds. The command send_reminders runs this once a day.

Measure owners are reminded of the measures they have not reported on (or that were sent back to them),
once when the deadline is near and once when it has passed; the plan's coordinators and admins get a
digest of what is missing at the same two moments. Each email is recorded in ReminderSent in its own
transaction, so a failed send loses nothing already sent; the unique (round, user, kind) constraint is
what keeps a reminder from going out twice, also when two runs overlap.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from planverk.accounts.models import PLAN_EDITOR_ROLES, Membership, Role, User
from planverk.followup.models import ReminderKind, ReminderSent, ReportingRound
from planverk.followup.selectors import MeasureReport, round_measures
from planverk.organisations.models import Organisation, Unit
from planverk.plans.models import Plan

logger = logging.getLogger(__name__)

# Where "my measures" lives, should its URL (followup:my_measures) not be registered.
MY_MEASURES_PATH = "/arbeidsflate/mine-tiltak/"

DIGEST_KINDS = (ReminderKind.DIGEST_BEFORE_DEADLINE, ReminderKind.DIGEST_OVERDUE)


@dataclass(frozen=True)
class UnitMissing:
    unit: Unit | None  # None: measures with no responsible unit
    measures: list[MeasureReport]
    reminded: bool  # some measure owner with an email address reports for this unit


@dataclass(frozen=True)
class Reminder:
    reporting_round: ReportingRound
    user: User
    kind: str
    organisation: Organisation  # the email is written in its written language
    # Outstanding measures (not reported, or sent back): the owner's own, or in a digest all of them.
    measures: list[MeasureReport] = field(default_factory=list)
    units: list[UnitMissing] = field(default_factory=list)  # digest: what is missing per responsible unit
    measure_count: int = 0  # digest: the plan's measures in all

    @property
    def is_digest(self) -> bool:
        return self.kind in DIGEST_KINDS

    @property
    def is_overdue(self) -> bool:
        return self.kind in (ReminderKind.OVERDUE, ReminderKind.DIGEST_OVERDUE)


@dataclass
class RemindersResult:
    due: list[Reminder] = field(default_factory=list)
    sent: list[Reminder] = field(default_factory=list)
    skipped_no_email: list[Reminder] = field(default_factory=list)
    already_sent: list[Reminder] = field(default_factory=list)  # by a run that overlapped this one
    failed: list[Reminder] = field(default_factory=list)


def _phase(reporting_round: ReportingRound, today: datetime.date) -> tuple[str, str] | None:
    """(owner kind, digest kind) to send today, or None outside the reminder window."""
    if today > reporting_round.deadline:
        return ReminderKind.OVERDUE, ReminderKind.DIGEST_OVERDUE
    window_start = reporting_round.deadline - datetime.timedelta(days=settings.FOLLOWUP_REMINDER_DAYS_BEFORE)
    if today >= window_start:
        return ReminderKind.BEFORE_DEADLINE, ReminderKind.DIGEST_BEFORE_DEADLINE
    return None


def _owner_reminders(
    reporting_round: ReportingRound,
    kind: str,
    by_unit: dict[int | None, list[MeasureReport]],
    already: set[tuple[int, str]],
) -> tuple[list[Reminder], set[int]]:
    """One reminder per owner, listing the outstanding measures of all their units; and the units someone hears of."""
    memberships = (
        Membership.objects.filter(role=Role.OWNER, units__in=[pk for pk in by_unit if pk is not None])
        .filter(user__is_active=True)
        .distinct()
        .select_related("user", "organisation")
        .prefetch_related("units")
        .order_by("pk")
    )
    measures: dict[int, dict[int, MeasureReport]] = {}
    organisation: dict[int, Organisation] = {}
    users: dict[int, User] = {}
    reminded_units: set[int] = set()
    for membership in memberships:
        user = membership.user
        unit_ids = {unit.pk for unit in membership.units.all()} & by_unit.keys()
        if user.email:
            reminded_units |= unit_ids
        # Someone who owns measures in several organisations gets one email, in the first one's language.
        organisation.setdefault(user.pk, membership.organisation)
        users[user.pk] = user
        for unit_id in unit_ids:
            for item in by_unit[unit_id]:
                measures.setdefault(user.pk, {})[item.measure.pk] = item
    reminders = [
        Reminder(
            reporting_round=reporting_round,
            user=users[user_pk],
            kind=kind,
            organisation=organisation[user_pk],
            measures=sorted(items.values(), key=lambda item: (item.measure.order, item.measure.pk)),
        )
        for user_pk, items in measures.items()
        if (user_pk, kind) not in already
    ]
    return reminders, reminded_units


def _digest_reminders(
    reporting_round: ReportingRound,
    kind: str,
    rows: list[MeasureReport],
    units: list[UnitMissing],
    already: set[tuple[int, str]],
) -> list[Reminder]:
    """One digest to each coordinator and admin of the organisations that own the plan."""
    editors = (
        Membership.objects.filter(
            role__in=PLAN_EDITOR_ROLES, organisation__plans=reporting_round.plan, user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("pk")
    )
    reminders: dict[int, Reminder] = {}
    for membership in editors:
        if membership.user_id in reminders or (membership.user_id, kind) in already:
            continue
        reminders[membership.user_id] = Reminder(
            reporting_round=reporting_round,
            user=membership.user,
            kind=kind,
            organisation=membership.organisation,
            measures=[row for row in rows if row.outstanding],
            units=units,
            measure_count=len(rows),
        )
    return list(reminders.values())


def _round_reminders(reporting_round: ReportingRound, today: datetime.date) -> list[Reminder]:
    phase = _phase(reporting_round, today)
    if phase is None:
        return []
    owner_kind, digest_kind = phase
    rows = round_measures(reporting_round)
    if not any(row.outstanding for row in rows):
        return []

    units: dict[int | None, Unit | None] = {}
    by_unit: dict[int | None, list[MeasureReport]] = defaultdict(list)
    for row in rows:
        if not row.outstanding:
            continue
        responsible: list[Unit | None] = [r.unit for r in row.measure.responsibilities.all()] or [None]
        for unit in responsible:
            key = unit.pk if unit is not None else None
            units[key] = unit
            by_unit[key].append(row)

    already = set(ReminderSent.objects.filter(round=reporting_round).values_list("user_id", "kind"))
    owner_reminders, reminded_units = _owner_reminders(reporting_round, owner_kind, by_unit, already)

    def by_name(key: int | None) -> tuple[bool, str]:
        unit = units[key]
        return (unit is None, unit.name if unit is not None else "")

    digest_units = [
        UnitMissing(unit=units[key], measures=by_unit[key], reminded=key in reminded_units)
        for key in sorted(units, key=by_name)
    ]
    return owner_reminders + _digest_reminders(reporting_round, digest_kind, rows, digest_units, already)


def reminders_due(*, today: datetime.date) -> list[Reminder]:
    """Reminders that should go out today and have not been sent, including to users with no email address."""
    window_end = today + datetime.timedelta(days=settings.FOLLOWUP_REMINDER_DAYS_BEFORE)
    rounds = (
        ReportingRound.objects.filter(closed_at__isnull=True, plan__in=Plan.objects.published())
        .filter(deadline__lte=window_end)
        .select_related("plan")
        .order_by("deadline", "pk")
    )
    return [reminder for reporting_round in rounds for reminder in _round_reminders(reporting_round, today)]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _my_measures_url() -> str:
    try:
        path = reverse("followup:my_measures")
    except NoReverseMatch:
        path = MY_MEASURES_PATH
    return _absolute(path)


def _round_url(reporting_round: ReportingRound) -> str:
    try:
        path = reverse("followup:round_detail", args=[reporting_round.pk])
    except NoReverseMatch:
        path = reverse("workspace:plan_detail", args=[reporting_round.plan_id])
    return _absolute(path)


def _message(reminder: Reminder) -> EmailMessage:
    reporting_round = reminder.reporting_round
    context = {
        "user": reminder.user,
        "round": reporting_round,
        "plan": reporting_round.plan,
        "overdue": reminder.is_overdue,
    }
    if reminder.is_digest:
        template = "digest"
        context |= {
            "units": reminder.units,
            "missing_count": len(reminder.measures),
            "total_count": reminder.measure_count,
            "link": _round_url(reporting_round),
        }
    else:
        template = "owner"
        context |= {"measures": reminder.measures, "link": _my_measures_url()}
    with translation.override(reminder.organisation.written_language):
        subject = render_to_string(f"followup/email/{template}_subject.txt", context)
        body = render_to_string(f"followup/email/{template}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        to=[reminder.user.email],
        # RFC 3834: keeps out-of-office replies from answering a robot.
        headers={"Auto-Submitted": "auto-generated"},
    )


def reminders_send(*, today: datetime.date, now: datetime.datetime, dry_run: bool = False) -> RemindersResult:
    """Send today's reminders. A dry run only reports what would be sent."""
    result = RemindersResult(due=reminders_due(today=today))
    for reminder in result.due:
        if not reminder.user.email:
            result.skipped_no_email.append(reminder)
            continue
        if dry_run:
            continue
        try:
            message = _message(reminder)
            # The row goes in before the email goes out: an overlapping run waits on the unique index and then
            # fails it; if sending fails, the row is rolled back and the next run tries again.
            with transaction.atomic():
                ReminderSent.objects.create(
                    round=reminder.reporting_round, user=reminder.user, kind=reminder.kind, sent_at=now
                )
                message.send()
        except IntegrityError:
            result.already_sent.append(reminder)
        except Exception:
            logger.exception("Could not send reminder %s to user %s", reminder.kind, reminder.user.pk)
            result.failed.append(reminder)
        else:
            result.sent.append(reminder)
    return result
