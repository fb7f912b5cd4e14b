"""Follow-up demo data, loaded through the same services users write with, after the seed plans.

The national plan's status per 10 September 2025 (the narratives in plans/demo/national.yaml) becomes an
approved, closed reporting round; Gjøvik's objectives get indicators, with demo values in one closed round.
"""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from planverk.accounts.models import User
from planverk.followup import services
from planverk.followup.models import Indicator, IndicatorValue, ReportingRound
from planverk.plans.demo import read_fixture
from planverk.plans.models import Measure, Plan

DEMO_DIR = Path(__file__).parent / "demo"
NATIONAL_ROUND_TITLE = "Status per 10. september 2025"


def _moment(date: datetime.date) -> datetime.datetime:
    # Demo rounds were opened, reported and reviewed in the past: the services are told when.
    return datetime.datetime.combine(date, datetime.time(12, 0), tzinfo=datetime.UTC)


def _narrative(value: Any) -> str:
    """Paragraphs separated by a blank line, line breaks inside a paragraph kept, spaces normalised."""
    paragraphs = []
    for paragraph in str(value or "").split("\n\n"):
        lines = [" ".join(line.split()) for line in paragraph.split("\n")]
        if text := "\n".join(line for line in lines if line):
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


@transaction.atomic
def load_national_status(*, by: User | None = None) -> tuple[ReportingRound, bool]:
    """The national plan's 2025 status as an approved round; return it and whether it was created."""
    data = read_fixture("national.yaml")
    plan = Plan.objects.get(fixture_key=data["key"])
    items = [item for goal in data["goals"] for item in goal["measures"] if item.get("status")]
    status_date: datetime.date = items[0]["status"]["as_of"]
    existing = ReportingRound.objects.filter(plan=plan, status_date=status_date).first()
    if existing is not None:
        return existing, False
    now = _moment(status_date)
    reporting_round = services.round_open(
        plan=plan,
        title=NATIONAL_ROUND_TITLE,
        status_date=status_date,
        deadline=status_date,
        message="",
        by=by,
        now=now,
    )
    measures = {m.number: m for m in plan.measures.all()}
    for item in items:
        status = item["status"]
        same_as = status.get("same_as")
        update = services.status_report(
            reporting_round=reporting_round,
            measure=measures[str(item["number"])],
            category=status["category"],
            narrative=_narrative(status["text"]),
            same_as=measures[str(same_as)] if same_as else None,
            by=by,
            now=now,
        )
        services.status_review(update=update, approve=True, comment="", by=by, now=now)
    return services.round_close(reporting_round=reporting_round, by=by, now=now), True


def _objective(measure: Measure, text: str) -> Any:
    matches = [o for o in measure.objectives.all() if o.text.startswith(text)]
    if len(matches) != 1:
        raise ValueError(f"Fant ikke ett mål som begynner med {text!r} under tiltak {measure.number}")
    return matches[0]


@transaction.atomic
def load_gjovik_indicators(*, by: User | None = None) -> tuple[ReportingRound, bool]:
    """Indicators for Gjøvik's measurable objectives and a closed demo round with their demo values."""
    with (DEMO_DIR / "gjovik_indicators.yaml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    plan = Plan.objects.get(fixture_key=data["plan"])
    round_data = data["round"]
    existing = ReportingRound.objects.filter(plan=plan, status_date=round_data["status_date"]).first()
    if existing is not None:
        return existing, False
    opened = _moment(round_data["status_date"] - datetime.timedelta(days=30))
    reporting_round = services.round_open(
        plan=plan,
        title=round_data["title"],
        status_date=round_data["status_date"],
        deadline=round_data["deadline"],
        message="",
        by=by,
        now=opened,
    )
    measures = {m.number: m for m in plan.measures.prefetch_related("objectives")}
    for item in data["indicators"]:
        objective = _objective(measures[item["measure"]], item["objective"])
        indicator: Indicator = services.indicator_add(
            objective=objective,
            name=item["name"],
            unit=item["unit"],
            direction=item["direction"],
            measurement_method=objective.measurement_method,
            by=by,
        )
        # No service sets a value without a status report; demo values have none, and say so in their note.
        value = IndicatorValue(
            indicator=indicator, round=reporting_round, value=Decimal(item["demo_value"]), note=data["value_note"]
        )
        value._history_user = by  # type: ignore[attr-defined]
        value.save()
    return services.round_close(reporting_round=reporting_round, by=by, now=_moment(round_data["deadline"])), True


def load_demo_followup(*, by: User | None = None) -> list[tuple[ReportingRound, bool]]:
    return [load_national_status(by=by), load_gjovik_indicators(by=by)]
