"""Load the national registry from the reviewed file, through the same services the workspace writes with.

An entry already loaded (by its key) is left alone: after the first load the superusers keep the registry."""

from django.db import transaction

from planverk.accounts.models import User
from planverk.help import services
from planverk.help.models import Service
from planverk.help.registry import read_registry_file, service_fields


@transaction.atomic
def load_registry(*, by: User | None = None) -> list[tuple[Service, bool]]:
    """(service, created) for every entry of the file."""
    result = []
    for entry in read_registry_file():
        existing = Service.objects.filter(key=entry["key"]).first()
        if existing is not None:
            result.append((existing, False))
            continue
        service = services.service_create(organisation=None, by=by, key=entry["key"], **service_fields(entry))
        for language, texts in (entry.get("translations") or {}).items():
            services.translation_create(service=service, language=language, by=by, **texts)
        result.append((service, True))
    return result
