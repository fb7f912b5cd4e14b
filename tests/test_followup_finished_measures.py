"""A measure done or cancelled in an earlier approved round is not asked about again in later rounds."""

import datetime

from django.urls import reverse
from django.utils import timezone

from planverk.followup import selectors, services
from planverk.followup.models import StatusCategory
from tests.test_followup_workflow import NEXT_MONTH, my_measures, owner_unit  # noqa: F401 (fixtures)


def _approved_round(plan, coordinator, measure, category, status_date):  # type: ignore[no-untyped-def]
    now = timezone.now()
    reporting_round = services.round_open(
        plan=plan,
        title=str(status_date.year),
        status_date=status_date,
        deadline=NEXT_MONTH,
        message="",
        by=coordinator,
        now=now,
    )
    update = services.status_report(
        reporting_round=reporting_round,
        measure=measure,
        category=category,
        narrative="Ferdig.",
        by=coordinator,
        now=now,
    )
    services.status_review(update=update, approve=True, comment="", by=coordinator, now=now)
    services.round_close(reporting_round=reporting_round, by=coordinator, now=now)
    return reporting_round


def test_done_measure_drops_out_of_later_rounds(client, drammen_plan, coordinator, owner, my_measures):  # noqa: F811
    done, still_open = my_measures
    _approved_round(drammen_plan, coordinator, done, StatusCategory.DONE, datetime.date(2024, 12, 31))
    later = services.round_open(
        plan=drammen_plan,
        title="2025",
        status_date=datetime.date(2025, 12, 31),
        deadline=NEXT_MONTH,
        message="",
        by=coordinator,
        now=timezone.now(),
    )
    listed = [row.measure.pk for row in selectors.round_measures(later)]
    assert done.pk not in listed and still_open.pk in listed

    client.force_login(owner)
    html = client.get(reverse("followup:my_measures")).content.decode()
    assert reverse("followup:report", args=[later.pk, still_open.pk]) in html
    assert reverse("followup:report", args=[later.pk, done.pk]) not in html


def test_measure_in_progress_earlier_is_still_asked_about(drammen_plan, coordinator, my_measures):  # noqa: F811
    measure = my_measures[0]
    _approved_round(drammen_plan, coordinator, measure, StatusCategory.IN_PROGRESS, datetime.date(2024, 12, 31))
    later = services.round_open(
        plan=drammen_plan,
        title="2025",
        status_date=datetime.date(2025, 12, 31),
        deadline=NEXT_MONTH,
        message="",
        by=coordinator,
        now=timezone.now(),
    )
    assert measure.pk in [row.measure.pk for row in selectors.round_measures(later)]
