"""Writes to the resource bank. Each runs in one transaction and records who made the change
(django-simple-history). Titles and descriptions are public text about suicide, so they go through the
safe-messaging check first: flagged text is saved only when confirmed.

Who may call them is decided by the access helpers in access.py; these check the data.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from planverk.accounts.models import User
from planverk.help.languages import LANGUAGES
from planverk.lib.safe_messaging import CONFIRMED_REASON, require_confirmation
from planverk.organisations.models import Organisation, OrganisationKind
from planverk.resources.models import AUDIENCE_FIELDS, LinkStatus, Resource, Topic


class ConcurrentEditError(Exception):
    """Someone else saved the same resource after this user opened it."""


RESOURCE_FIELDS = ("title", "description", "publisher", "url", "topic", "language")
# The text readers see as the resource's own words; publisher and address say nothing about suicide.
CHECKED_FIELDS = ("title", "description")


def _check_organisation(organisation: Organisation | None) -> None:
    if organisation is not None and organisation.kind != OrganisationKind.MUNICIPALITY:
        raise ValidationError(_("Lokale ressurser hører til en kommune."))


def _prepare(resource: Resource, fields: dict[str, Any], audiences: Iterable[str] | None) -> None:
    unknown_fields = set(fields) - set(RESOURCE_FIELDS)
    if unknown_fields:
        raise TypeError(f"unknown resource fields: {', '.join(sorted(unknown_fields))}")
    for name, value in fields.items():
        setattr(resource, name, value.strip() if isinstance(value, str) else value)
    if resource.language not in LANGUAGES:
        raise ValidationError(
            _("Ukjent språkkode: %(codes)s. Velg språk fra listen.") % {"codes": resource.language or "–"}
        )
    if resource.topic not in Topic.values:
        raise ValidationError(_("Ukjent tema: %(topic)s. Velg tema fra listen.") % {"topic": resource.topic or "–"})
    if audiences is not None:
        chosen = set(audiences)
        unknown = chosen - set(AUDIENCE_FIELDS)
        if unknown:
            raise ValidationError(_("Ukjent målgruppe: %(audiences)s.") % {"audiences": ", ".join(sorted(unknown))})
        for audience, field in AUDIENCE_FIELDS.items():
            setattr(resource, field, audience in chosen)
    if not resource.audiences:
        raise ValidationError(_("Velg minst én målgruppe, ellers finner ingen ressursen i ressursbanken."))
    try:
        resource.full_clean()
    except ValidationError as error:
        raise _with_field_labels(error) from error


def _with_field_labels(error: ValidationError) -> ValidationError:
    """«Tittel: Feltet kan ikke være blankt.» rather than the message alone, which does not say which field."""
    if not hasattr(error, "error_dict"):
        return error
    messages = []
    for name, errors in error.message_dict.items():
        label = getattr(Resource._meta.get_field(name), "verbose_name", "") if name != NON_FIELD_ERRORS else ""
        messages += [f"{capfirst(label)}: {message}" if label else message for message in errors]
    return ValidationError(messages)


def _check_safe_messaging(resource: Resource, before: dict[str, str], *, confirmed: bool) -> None:
    """Raise FlaggedText for flagged text that is not confirmed; note a confirmed one in the history.

    Only new or changed text is checked: a text confirmed once is not asked about again when, say, the address
    changes.
    """
    texts = {name: getattr(resource, name) for name in CHECKED_FIELDS if getattr(resource, name) != before.get(name)}
    if require_confirmation(texts, confirmed=confirmed):
        resource._change_reason = CONFIRMED_REASON  # type: ignore[attr-defined]


def _save(resource: Resource, by: User | None) -> None:
    resource._history_user = by  # type: ignore[attr-defined]
    resource.save()


@transaction.atomic
def resource_create(
    *,
    organisation: Organisation | None,
    by: User | None,
    audiences: Iterable[str],
    key: str = "",
    confirm_flagged: bool = False,
    **fields: Any,
) -> Resource:
    """A local resource of a municipality, or with organisation None a national one."""
    _check_organisation(organisation)
    resource = Resource(organisation=organisation, key=key)
    _prepare(resource, fields, audiences)
    _check_safe_messaging(resource, {}, confirmed=confirm_flagged)
    _save(resource, by)
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    expected_version: int | None,
    by: User | None,
    audiences: Iterable[str] | None = None,
    confirm_flagged: bool = False,
    **fields: Any,
) -> Resource:
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    before = {name: getattr(locked, name) for name in CHECKED_FIELDS}
    url_before = locked.url
    _prepare(locked, fields, audiences)
    _check_safe_messaging(locked, before, confirmed=confirm_flagged)
    if locked.url != url_before:
        # The old address's check says nothing about the new one.
        locked.link_status, locked.link_checked_at, locked.link_error = LinkStatus.UNCHECKED, None, ""
    locked.version += 1
    _save(locked, by)
    return locked


@transaction.atomic
def resource_delete(*, resource: Resource, by: User | None) -> None:
    resource._history_user = by  # type: ignore[attr-defined]
    resource.delete()
