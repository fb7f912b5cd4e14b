"""Demo data: the resources the seed plans list (demo/resources.yaml)."""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from planverk.organisations.models import Organisation
from planverk.resources import services
from planverk.resources.models import Resource

DEMO_FILE = Path(__file__).parent / "demo" / "resources.yaml"
NATIONAL = "national"


def demo_key(scope: str, key: str) -> str:
    return f"demo-{key}" if scope == NATIONAL else f"demo-{scope}-{key}"


@transaction.atomic
def load_demo_resources() -> list[tuple[Resource, bool]]:
    """(resource, created) for every demo resource; loading again changes nothing."""
    with DEMO_FILE.open(encoding="utf-8") as f:
        data: dict[str, list[dict[str, Any]]] = yaml.safe_load(f)
    result = []
    for scope, entries in data.items():
        organisation = None if scope == NATIONAL else Organisation.objects.get(number=scope)
        for entry in entries:
            key = demo_key(scope, entry["key"])
            existing = Resource.objects.filter(key=key).first()
            if existing is not None:
                result.append((existing, False))
                continue
            fields = {name: value for name, value in entry.items() if name not in ("key", "audiences")}
            resource = services.resource_create(
                organisation=organisation, by=None, key=key, audiences=entry["audiences"], **fields
            )
            result.append((resource, True))
    return result
