"""Demo data: action guides built from what the seed plans require (demo/guides.yaml), through the same services
the workspace uses, so a demo text with safe-messaging findings fails to load rather than being published."""

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from planverk.guides import services
from planverk.guides.models import Guide
from planverk.help.models import Service
from planverk.organisations.models import Organisation
from planverk.plans.models import Measure, Plan

DEMO_FILE = Path(__file__).parent / "demo" / "guides.yaml"


def _contacts(organisation: Organisation, keys: list[str]) -> list[Service]:
    # Local demo services carry the municipality's number in their key; registry entries their own key.
    wanted = {key: [f"demo-{organisation.number}-{key}", key] for key in keys}
    found = {s.key: s for s in Service.objects.filter(key__in=[k for ks in wanted.values() for k in ks])}
    missing = [key for key, candidates in wanted.items() if not any(c in found for c in candidates)]
    if missing:
        raise LookupError(f"Demo guide contacts not in the directory or registry: {', '.join(missing)}")
    return [next(found[c] for c in wanted[key] if c in found) for key in keys]


def _measure(organisation: Organisation, title_part: str) -> Measure | None:
    plans = Plan.objects.owned_by_any({organisation.pk}).published()
    return Measure.objects.filter(plan__in=plans, title__icontains=title_part).order_by("plan_id", "order").first()


@transaction.atomic
def load_demo_guides() -> list[tuple[Guide, bool]]:
    """(guide, created) for every demo guide; loading again changes nothing."""
    with DEMO_FILE.open(encoding="utf-8") as f:
        data: list[dict[str, Any]] = yaml.safe_load(f)
    now = timezone.now()
    result = []
    for entry in data:
        existing = Guide.objects.filter(key=entry["key"]).first()
        if existing is not None:
            result.append((existing, False))
            continue
        organisation = Organisation.objects.get(number=entry["organisation"])
        guide = services.guide_create(
            organisation=organisation,
            by=None,
            now=now,
            key=entry["key"],
            title=entry["title"],
            audience=entry.get("audience", ""),
            introduction=entry.get("introduction", ""),
            review_date=timezone.localdate() + datetime.timedelta(days=30 * entry.get("review_months", 12)),
            measure=_measure(organisation, entry["measure_title"]) if entry.get("measure_title") else None,
        )
        for step in entry["steps"]:
            services.step_create(
                guide=guide,
                by=None,
                now=now,
                phase=step["phase"],
                title=step["title"],
                text=step.get("text", ""),
                contacts=_contacts(organisation, step.get("contacts", [])),
                legal_duties=step.get("legal_duties", []),
                legal_note=step.get("legal_note", ""),
            )
        result.append((services.guide_publish(guide=guide, by=None, now=now), True))
    return result
