"""Load the national registry and the national messages of the slide and poster from the reviewed files, through
the same services the workspace writes with.

An entry already loaded (by its key) is left alone: after the first load the superusers keep the registry."""

from django.db import transaction

from planverk.accounts.models import User
from planverk.help import services
from planverk.help.models import DisplayMessage, Service
from planverk.help.registry import read_messages_file, read_registry_file, service_fields


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


@transaction.atomic
def load_display_messages(*, by: User | None = None) -> list[tuple[DisplayMessage, bool]]:
    """(message, created) for every national message of the file."""
    result = []
    for entry in read_messages_file():
        existing = DisplayMessage.objects.filter(key=entry["key"]).first()
        if existing is not None:
            result.append((existing, False))
            continue
        message = services.display_message_create(
            organisation=None, text=entry["text"], by=by, key=entry["key"], order=entry.get("order", 0)
        )
        result.append((message, True))
    return result
