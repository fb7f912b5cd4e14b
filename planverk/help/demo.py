"""Demo data: the national registry and messages, and the local services the seed plans name (demo/services.yaml)."""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from planverk.help import services
from planverk.help.models import Service
from planverk.help.reference import load_display_messages, load_registry
from planverk.help.registry import service_fields
from planverk.organisations.models import Organisation

DEMO_FILE = Path(__file__).parent / "demo" / "services.yaml"


@transaction.atomic
def load_demo_help() -> list[tuple[Service, bool]]:
    """(service, created) for the registry and every demo service; loading again changes nothing."""
    result = load_registry()
    load_display_messages()
    with DEMO_FILE.open(encoding="utf-8") as f:
        data: dict[str, list[dict[str, Any]]] = yaml.safe_load(f)
    for number, entries in data.items():
        organisation = Organisation.objects.get(number=number)
        for entry in entries:
            key = f"demo-{number}-{entry['key']}"
            existing = Service.objects.filter(key=key).first()
            if existing is not None:
                result.append((existing, False))
                continue
            service = services.service_create(organisation=organisation, by=None, key=key, **service_fields(entry))
            for language, texts in (entry.get("translations") or {}).items():
                services.translation_create(service=service, language=language, by=None, **texts)
            result.append((service, True))
    return result
