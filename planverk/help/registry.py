"""The reviewed registry file (data/national_services.yaml), read without touching the database: it seeds the
registry, and it is the help page of last resort when the database is down and no stored copy exists. The national
messages of the slide and poster (data/display_messages.yaml) are read here too."""

import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from planverk.help.models import GROUP_FIELDS, TRANSLATED_FIELDS, Service, ServiceTranslation

REGISTRY_FILE = Path(__file__).parent / "data" / "national_services.yaml"
MESSAGES_FILE = Path(__file__).parent / "data" / "display_messages.yaml"

# The fields of a file entry that go straight onto a Service.
SERVICE_FIELDS = (
    *TRANSLATED_FIELDS,
    "kind",
    "phone",
    "sms",
    "chat_url",
    "web_url",
    "address",
    "referral_needed",
    "free",
    "languages",
    "source_url",
    "last_verified",
    "order",
)


@cache
def read_registry_file(path: Path = REGISTRY_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    entries: list[dict[str, Any]] = data["services"]
    return entries


def service_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry of a data file as keyword arguments for services.service_create (groups included)."""
    fields = {name: entry[name] for name in SERVICE_FIELDS if name in entry}
    if isinstance(fields.get("last_verified"), str):
        fields["last_verified"] = datetime.date.fromisoformat(fields["last_verified"])
    fields["groups"] = list(entry.get("groups", []))
    return fields


def services_from_file() -> list[tuple[Service, list[ServiceTranslation]]]:
    """Unsaved services and translations, for rendering without the database."""
    result = []
    for entry in read_registry_file():
        fields = service_fields(entry)
        groups = fields.pop("groups")
        service = Service(key=entry["key"], **fields, **{GROUP_FIELDS[g]: True for g in groups})
        translations = [
            ServiceTranslation(service=service, language=language, **texts)
            for language, texts in (entry.get("translations") or {}).items()
        ]
        result.append((service, translations))
    return sorted(result, key=lambda pair: (pair[0].order, pair[0].name))


@cache
def read_messages_file(path: Path = MESSAGES_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    entries: list[dict[str, Any]] = data["messages"]
    return entries
