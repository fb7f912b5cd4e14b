"""Writes to the national registry, the local directories and the messages of the slide and poster. Each runs in
one transaction, records who made the change (django-simple-history), and after the commit renders the stored
copies of the help pages it touched, so the copy served when the database is down is never older than the last
change. Public text goes through the safe-messaging check first: flagged text is saved only when confirmed.

Who may call them is decided by the access helpers in access.py; these check the data.
"""

import datetime
import threading
from collections.abc import Iterable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planverk.accounts.models import User
from planverk.help.languages import LANGUAGES, NATIONAL_LANGUAGE
from planverk.help.models import (
    GROUP_FIELDS,
    TRANSLATED_FIELDS,
    DisplayMessage,
    DisplayMessageQuerySet,
    HelpGroup,
    Service,
    ServiceTranslation,
)
from planverk.help.phone import normalize_phone
from planverk.lib.safe_messaging import CONFIRMED_REASON, require_confirmation
from planverk.organisations.models import Organisation, OrganisationKind


class ConcurrentEditError(Exception):
    """Someone else saved the same service after this user opened it."""


SERVICE_FIELDS = (
    "kind",
    "name",
    "description",
    "target_group",
    "age_group",
    "opening_hours",
    "phone",
    "phone_hours",
    "sms",
    "chat_url",
    "web_url",
    "address",
    "referral_needed",
    "free",
    "languages",
    "contact_role",
    "source_url",
    "last_verified",
    "order",
)


# --- Keeping the stored help pages current --------------------------------------------------------------------
# Changed organisations (None: the national registry) per thread; each commit renders them once, however many
# services changed in it. A rolled-back change leaves its mark here and only costs one needless render later.
_changed = threading.local()


def _pages_changed(organisation_id: int | None) -> None:
    pending: set[int | None] | None = getattr(_changed, "pending", None)
    if pending is None:
        pending = _changed.pending = set()
    pending.add(organisation_id)
    transaction.on_commit(_refresh_changed_pages, robust=True)


def _refresh_changed_pages() -> None:
    from planverk.help import pages  # pages renders through selectors and templates; keep this module light

    pending: set[int | None] = getattr(_changed, "pending", set())
    _changed.pending = set()
    if None in pending:
        pages.refresh(None)  # every stored page shows the registry
        return
    for organisation in Organisation.objects.filter(pk__in=[pk for pk in pending if pk is not None]):
        pages.refresh(organisation)


# --- Checks ---------------------------------------------------------------------------------------------------


def _language_name(code: str) -> str:
    # In running Norwegian text, language names are lower case.
    return str(LANGUAGES[code].name).lower() if code in LANGUAGES else code


def _check_languages(codes: Iterable[str]) -> list[str]:
    unknown = [code for code in codes if code not in LANGUAGES]
    if unknown:
        raise ValidationError(
            _("Ukjent språkkode: %(codes)s. Velg språk fra listen.") % {"codes": ", ".join(sorted(unknown))}
        )
    return list(dict.fromkeys(codes))


def _check_organisation(organisation: Organisation | None) -> None:
    if organisation is not None and organisation.kind != OrganisationKind.MUNICIPALITY:
        raise ValidationError(_("Lokale tjenester hører til en kommune."))


def _prepare(service: Service, fields: dict[str, Any], groups: Iterable[str] | None) -> None:
    for name in SERVICE_FIELDS:
        if name in fields:
            value = fields[name]
            if name in ("phone", "sms"):
                value = normalize_phone(value or "")
            elif name == "languages":
                value = _check_languages(value or [])
            elif isinstance(value, str):
                value = value.strip()
            setattr(service, name, value)
    if groups is not None:
        chosen = set(groups)
        unknown = chosen - set(HelpGroup.values)
        if unknown:
            raise ValidationError(_("Ukjent gruppe på hjelpesiden: %(groups)s.") % {"groups": ", ".join(unknown)})
        for group, field in GROUP_FIELDS.items():
            setattr(service, field, group in chosen)
    if not service.is_national and not service.groups:
        raise ValidationError(_("Velg minst én gruppe på hjelpesiden, ellers vises ikke tjenesten der."))
    if service.is_national and not (service.source_url and service.last_verified):
        raise ValidationError(_("Nasjonale tjenester må ha kilde og dato for når de sist ble kontrollert."))
    service.full_clean()


# The text residents read on the help pages. Contact roles, hours and addresses say nothing about suicide.
CHECKED_FIELDS = ("name", "description", "target_group")


def _check_safe_messaging(obj: Service | ServiceTranslation, before: dict[str, str], *, confirmed: bool) -> None:
    """Raise FlaggedText for flagged public text that is not confirmed; note a confirmed one in the history.

    Only new or changed text is checked: a text confirmed once is not asked about again when, say, the phone
    number changes.
    """
    texts = {name: getattr(obj, name) for name in CHECKED_FIELDS if getattr(obj, name) != before.get(name, "")}
    if require_confirmation(texts, confirmed=confirmed):
        obj._change_reason = CONFIRMED_REASON  # type: ignore[union-attr]


def _texts(obj: Service | ServiceTranslation) -> dict[str, str]:
    return {name: getattr(obj, name) for name in CHECKED_FIELDS}


def _save(obj: Service | ServiceTranslation | DisplayMessage, by: User | None) -> None:
    obj._history_user = by  # type: ignore[union-attr]
    obj.save()


# --- Services -------------------------------------------------------------------------------------------------


@transaction.atomic
def service_create(
    *,
    organisation: Organisation | None,
    by: User | None,
    groups: Iterable[str] = (),
    key: str = "",
    confirm_flagged: bool = False,
    **fields: Any,
) -> Service:
    """A local service of a municipality, or with organisation None an entry of the national registry."""
    _check_organisation(organisation)
    if key and Service.objects.filter(key=key).exists():
        raise ValidationError(_("Det finnes allerede en tjeneste med denne nøkkelen."))
    service = Service(organisation=organisation, key=key)
    _prepare(service, fields, groups)
    _check_safe_messaging(service, {}, confirmed=confirm_flagged)
    _save(service, by)
    _pages_changed(service.organisation_id)
    return service


@transaction.atomic
def service_update(
    *,
    service: Service,
    expected_version: int | None,
    by: User | None,
    groups: Iterable[str] | None = None,
    confirm_flagged: bool = False,
    **fields: Any,
) -> Service:
    locked = Service.objects.select_for_update().get(pk=service.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    before = _texts(locked)
    _prepare(locked, fields, groups)
    _check_safe_messaging(locked, before, confirmed=confirm_flagged)
    locked.version += 1
    _save(locked, by)
    _pages_changed(locked.organisation_id)
    return locked


@transaction.atomic
def service_delete(*, service: Service, by: User | None) -> None:
    organisation_id = service.organisation_id
    for translation in service.translations.all():
        translation._history_user = by  # type: ignore[attr-defined]
        translation.delete()
    service._history_user = by  # type: ignore[attr-defined]
    service.delete()
    _pages_changed(organisation_id)


@transaction.atomic
def service_mark_verified(*, service: Service, by: User | None, today: datetime.date) -> Service:
    """The facts were checked today and still hold."""
    locked = Service.objects.select_for_update().get(pk=service.pk)
    locked.last_verified = today
    locked.version += 1
    locked._change_reason = "Kontrollert"  # type: ignore[attr-defined]
    _save(locked, by)
    _pages_changed(locked.organisation_id)
    return locked


# --- Translations ---------------------------------------------------------------------------------------------


def service_language(service: Service) -> str:
    """The language the service's own text is written in: the municipality's, or bokmål for the registry."""
    return service.organisation.written_language if service.organisation is not None else NATIONAL_LANGUAGE


def _prepare_translation(translation: ServiceTranslation, texts: dict[str, Any]) -> None:
    for name in TRANSLATED_FIELDS:
        if name in texts:
            setattr(translation, name, (texts[name] or "").strip())
    if not any(getattr(translation, name) for name in TRANSLATED_FIELDS):
        raise ValidationError(_("Oversettelsen er tom. Fyll ut minst ett felt."))
    translation.full_clean(exclude=["service"])


@transaction.atomic
def translation_create(
    *, service: Service, language: str, by: User | None, confirm_flagged: bool = False, **texts: Any
) -> ServiceTranslation:
    if language not in LANGUAGES:
        raise ValidationError(_("Ukjent språkkode: %(codes)s. Velg språk fra listen.") % {"codes": language})
    if language == service_language(service):
        raise ValidationError(
            _("Tjenesten er allerede skrevet på %(language)s. Velg et annet språk.")
            % {"language": _language_name(language)}
        )
    if service.translations.filter(language=language).exists():
        raise ValidationError(
            _("Tjenesten har allerede en oversettelse til %(language)s. Rediger den i stedet.")
            % {"language": _language_name(language)}
        )
    translation = ServiceTranslation(service=service, language=language)
    _prepare_translation(translation, texts)
    _check_safe_messaging(translation, {}, confirmed=confirm_flagged)
    _save(translation, by)
    _pages_changed(service.organisation_id)
    return translation


@transaction.atomic
def translation_update(
    *, translation: ServiceTranslation, by: User | None, confirm_flagged: bool = False, **texts: Any
) -> ServiceTranslation:
    locked = ServiceTranslation.objects.select_for_update().get(pk=translation.pk)
    before = _texts(locked)
    _prepare_translation(locked, texts)
    _check_safe_messaging(locked, before, confirmed=confirm_flagged)
    _save(locked, by)
    _pages_changed(translation.service.organisation_id)
    return locked


@transaction.atomic
def translation_delete(*, translation: ServiceTranslation, by: User | None) -> None:
    organisation_id = translation.service.organisation_id
    translation._history_user = by  # type: ignore[attr-defined]
    translation.delete()
    _pages_changed(organisation_id)


# --- Messages on the slide and the poster ---------------------------------------------------------------------
# They are not on the help pages, so no stored copy needs rendering again; the slide and poster are rendered on
# each request (the poster's PDF cached by its content, so a change shows at once).


def _prepare_message(message: DisplayMessage, text: str, *, confirmed: bool) -> None:
    message.text = " ".join((text or "").split())
    if not message.text:
        raise ValidationError(_("Skriv en melding."))
    message.full_clean(exclude=["organisation", "key", "order"])
    if require_confirmation({"text": message.text}, confirmed=confirmed):
        message._change_reason = CONFIRMED_REASON  # type: ignore[attr-defined]


@transaction.atomic
def display_message_create(
    *,
    organisation: Organisation | None,
    text: str,
    by: User | None,
    confirm_flagged: bool = False,
    key: str = "",
    order: int | None = None,
) -> DisplayMessage:
    """A message of a municipality's slide and poster, or with organisation None a national default; last by
    default."""
    _check_organisation(organisation)
    if key and DisplayMessage.objects.filter(key=key).exists():
        raise ValidationError(_("Det finnes allerede en melding med denne nøkkelen."))
    message = DisplayMessage(organisation=organisation, key=key)
    _prepare_message(message, text, confirmed=confirm_flagged)
    if order is None:
        siblings = _siblings(organisation.pk if organisation is not None else None)
        last = siblings.order_by("-order").values_list("order", flat=True).first()
        order = 0 if last is None else last + 1
    message.order = order
    _save(message, by)
    return message


@transaction.atomic
def display_message_update(
    *, message: DisplayMessage, text: str, by: User | None, confirm_flagged: bool = False
) -> DisplayMessage:
    locked = DisplayMessage.objects.select_for_update().get(pk=message.pk)
    _prepare_message(locked, text, confirmed=confirm_flagged)
    _save(locked, by)
    return locked


@transaction.atomic
def display_message_delete(*, message: DisplayMessage, by: User | None) -> None:
    message._history_user = by  # type: ignore[attr-defined]
    message.delete()


def _siblings(organisation_id: int | None) -> DisplayMessageQuerySet:
    if organisation_id is None:
        return DisplayMessage.objects.national()
    return DisplayMessage.objects.local_to(organisation_id)


@transaction.atomic
def display_message_move(*, message: DisplayMessage, direction: Literal["up", "down"], by: User | None) -> None:
    """One place up or down among the messages of the same municipality; at either end nothing changes."""
    siblings = list(_siblings(message.organisation_id).select_for_update().order_by("order", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == message.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Numbered afresh, so messages that shared an order (loaded, or added at the same time) move too.
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            _save(sibling, by)
