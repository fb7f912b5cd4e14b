"""Reminders to review action guides. The command send_guide_reminders runs this once a day.

A published guide whose review date is within REVIEW_REMINDER_DAYS or has passed gets one email per review date:
to its owner, or, when it has none (or the owner cannot be reached), to the municipality's coordinators and
admins. Guide.reminded_for records the review date reminded of; it is claimed in the same transaction as the
email goes out, so two overlapping runs never send it twice and a failed send is tried again on the next run.
A new review date starts afresh.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from planverk.accounts.models import PLAN_EDITOR_ROLES, User
from planverk.guides.models import Guide

logger = logging.getLogger(__name__)

REVIEW_REMINDER_DAYS = 30


@dataclass
class GuideRemindersResult:
    sent: list[Guide] = field(default_factory=list)
    no_recipient: list[Guide] = field(default_factory=list)
    failed: list[Guide] = field(default_factory=list)


def guides_due(*, today: datetime.date) -> list[Guide]:
    """Published guides whose review is due within the window and whose owner has not heard of this date."""
    return list(
        Guide.objects.review_due_by(today + datetime.timedelta(days=REVIEW_REMINDER_DAYS))
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("review_date")))
        .select_related("organisation", "owner")
        .order_by("review_date", "pk")
    )


def recipients(guide: Guide) -> list[User]:
    editors = list(
        User.objects.filter(
            is_active=True, memberships__organisation=guide.organisation, memberships__role__in=PLAN_EDITOR_ROLES
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    # The owner alone while they may still change the guide; a membership can end after they were made owner.
    owner = next((user for user in editors if user.pk == guide.owner_id), None)
    return [owner] if owner is not None else editors


def _message(guide: Guide, user: User, today: datetime.date) -> EmailMessage:
    context = {
        "user": user,
        "guide": guide,
        "overdue": guide.review_overdue(today),
        "is_owner": user.pk == guide.owner_id,
        "link": settings.SITE_URL.rstrip("/") + reverse("guides_workspace:guide_detail", args=[guide.pk]),
    }
    # Users have no language of their own: the email is in the municipality's written language.
    with translation.override(guide.organisation.written_language):
        subject = render_to_string("guides/email/review_subject.txt", context)
        body = render_to_string("guides/email/review.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},  # RFC 3834: no out-of-office replies to a robot
    )


def guide_reminders_send(*, today: datetime.date) -> GuideRemindersResult:
    result = GuideRemindersResult()
    for guide in guides_due(today=today):
        users = recipients(guide)
        if not users:
            result.no_recipient.append(guide)
            continue
        try:
            with transaction.atomic():
                # The claim first: an overlapping run waits on the row, then finds it claimed and sends nothing.
                claimed = (
                    Guide.objects.filter(pk=guide.pk, review_date=guide.review_date)
                    .exclude(reminded_for=guide.review_date)
                    .update(reminded_for=guide.review_date)
                )
                if not claimed:
                    continue
                for user in users:
                    _message(guide, user, today).send()
        except Exception:
            logger.exception("Could not send the review reminder of guide %s", guide.pk)
            result.failed.append(guide)
        else:
            result.sent.append(guide)
    return result
