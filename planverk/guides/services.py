"""Writes to action guides and their steps. Each runs in one transaction and records who made the change
(django-simple-history); bad input raises ValidationError and changes nothing.

Safe messaging: a draft is checked when it is published, over the guide's text and every step's. Once a guide is
public, a change to its text is public at once, so new or changed text is checked on save as well. Flagged text is
saved only when the coordinator confirms it, and the history notes that it was confirmed.

Who may call them is decided by the access helpers in access.py; these check the data.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planverk.accounts.models import PLAN_EDITOR_ROLES, Membership, User
from planverk.guides.models import Guide, GuideStatus, GuideStep, LegalDuty, Phase
from planverk.help.models import Service
from planverk.lib.safe_messaging import CONFIRMED_REASON, require_confirmation
from planverk.organisations.models import Organisation, OrganisationKind, Unit
from planverk.plans.models import Measure, Plan


class ConcurrentEditError(Exception):
    """Someone else saved the same guide or step after this user opened it."""


GUIDE_FIELDS = ("title", "audience", "introduction", "owner", "owner_unit", "review_date", "measure")
STEP_FIELDS = ("phase", "title", "text", "legal_duties", "legal_note")
# The text a reader of the public page sees; names of units and services are checked where they are written.
GUIDE_TEXT_FIELDS = ("title", "audience", "introduction")
STEP_TEXT_FIELDS = ("title", "text", "legal_note")


def _save(obj: Guide | GuideStep, by: User | None, reason: str = "") -> None:
    obj._history_user = by  # type: ignore[union-attr]
    if reason:
        obj._change_reason = reason  # type: ignore[union-attr]
    obj.save()


def _set_contacts(step: GuideStep, chosen: list[Service]) -> None:
    # Without history: simple-history would write a row per add and remove. The step's own save records them.
    step.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        step.contacts.set(chosen)
    finally:
        del step.skip_history_when_saving  # type: ignore[attr-defined]


def _touch(guide: Guide, now: datetime.datetime) -> None:
    # An update, not a save: a step's change is in the step's history, not a second entry for the guide.
    Guide.objects.filter(pk=guide.pk).update(changed_at=now)


# --- Checks ---------------------------------------------------------------------------------------------------


def _check_guide_fields(organisation: Organisation, fields: dict[str, Any]) -> None:
    """Owner, unit and measure must belong to the guide's municipality."""
    owner: User | None = fields.get("owner")
    if (
        owner is not None
        and not Membership.objects.filter(user=owner, organisation=organisation, role__in=PLAN_EDITOR_ROLES).exists()
    ):
        raise ValidationError(
            _("Eieren må være koordinator eller administrator i %(name)s.") % {"name": organisation.name}
        )
    unit: Unit | None = fields.get("owner_unit")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("Den ansvarlige enheten må høre til %(name)s.") % {"name": organisation.name})
    measure: Measure | None = fields.get("measure")
    if measure is not None and not Plan.objects.owned_by_any({organisation.pk}).filter(pk=measure.plan_id).exists():
        raise ValidationError(
            _("Tiltaket må høre til en av handlingsplanene til %(name)s.") % {"name": organisation.name}
        )


def _check_contacts(organisation_id: int, contacts: Iterable[Service]) -> list[Service]:
    """Contacts come from the municipality's own directory or the national registry, nowhere else."""
    chosen = list(dict.fromkeys(contacts))
    foreign = [s for s in chosen if s.organisation_id is not None and s.organisation_id != organisation_id]
    if foreign:
        raise ValidationError(
            _(
                "%(names)s hører ikke til kommunens tjenesteoversikt eller de nasjonale hjelpetjenestene. "
                "Velg tjenester fra listen."
            )
            % {"names": ", ".join(f"«{s.name}»" for s in foreign)}
        )
    return chosen


def _check_duties(duties: Iterable[str]) -> list[str]:
    chosen = set(duties)
    unknown = chosen - set(LegalDuty.values)
    if unknown:
        raise ValidationError(_("Ukjent plikt: %(duties)s.") % {"duties": ", ".join(sorted(unknown))})
    return [duty for duty in LegalDuty.values if duty in chosen]


def _changed_texts(obj: Guide | GuideStep, names: Iterable[str], before: dict[str, str]) -> dict[str, str]:
    return {name: getattr(obj, name) for name in names if getattr(obj, name) != before.get(name, "")}


def _check_published_text(obj: Guide | GuideStep, texts: dict[str, str], *, published: bool, confirmed: bool) -> None:
    if published and require_confirmation(texts, confirmed=confirmed):
        obj._change_reason = CONFIRMED_REASON  # type: ignore[union-attr]


def _strip(fields: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {
        name: (value.strip() if isinstance(value, str) else value) for name, value in fields.items() if name in names
    }


# --- Guides ---------------------------------------------------------------------------------------------------


@transaction.atomic
def guide_create(
    *, organisation: Organisation, by: User | None, now: datetime.datetime, key: str = "", **fields: Any
) -> Guide:
    """A new guide, as a draft: nobody outside the municipality sees it until it is published."""
    if organisation.kind != OrganisationKind.MUNICIPALITY:
        raise ValidationError(_("Handlingsveiledere hører til en kommune."))
    if key and Guide.objects.filter(key=key).exists():
        raise ValidationError(_("Det finnes allerede en veileder med denne nøkkelen."))
    values = _strip(fields, GUIDE_FIELDS)
    _check_guide_fields(organisation, values)
    guide = Guide(organisation=organisation, key=key, status=GuideStatus.DRAFT, changed_at=now, **values)
    guide.full_clean()
    _save(guide, by, "Opprettet")
    return guide


@transaction.atomic
def guide_update(
    *,
    guide: Guide,
    expected_version: int | None,
    by: User | None,
    now: datetime.datetime,
    confirm_flagged: bool = False,
    **fields: Any,
) -> Guide:
    locked = Guide.objects.select_for_update().select_related("organisation").get(pk=guide.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    values = _strip(fields, GUIDE_FIELDS)
    _check_guide_fields(locked.organisation, values)
    before = {name: getattr(locked, name) for name in GUIDE_TEXT_FIELDS}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    texts = _changed_texts(locked, GUIDE_TEXT_FIELDS, before)
    _check_published_text(locked, texts, published=locked.is_published, confirmed=confirm_flagged)
    locked.version += 1
    locked.changed_at = now
    _save(locked, by)
    return locked


def guide_texts(guide: Guide) -> list[tuple[str, str]]:
    """Every text of the guide a reader sees, labelled for the findings table."""
    texts: list[tuple[str, str]] = [(name, getattr(guide, name)) for name in GUIDE_TEXT_FIELDS]
    for step in guide.steps.order_by("order", "pk"):
        texts += [(f"{step.title} – {name}", getattr(step, name)) for name in STEP_TEXT_FIELDS]
    return texts


@transaction.atomic
def guide_publish(*, guide: Guide, by: User | None, now: datetime.datetime, confirm_flagged: bool = False) -> Guide:
    """Publish the guide after the safe-messaging check over its text and all its steps."""
    locked = Guide.objects.select_for_update().get(pk=guide.pk)
    if locked.is_published:
        return locked
    if not locked.steps.exists():
        raise ValidationError(_("Veilederen har ingen steg ennå. Legg til minst ett steg før du publiserer."))
    reason = "Publisert"
    if require_confirmation(guide_texts(locked), confirmed=confirm_flagged):
        reason = CONFIRMED_REASON
    locked.status = GuideStatus.PUBLISHED
    locked.published_at = now
    locked.changed_at = now
    locked.version += 1
    _save(locked, by, reason)
    return locked


@transaction.atomic
def guide_unpublish(*, guide: Guide, by: User | None) -> Guide:
    """Back to draft: gone from the public pages at once; published_at is cleared with the status."""
    locked = Guide.objects.select_for_update().get(pk=guide.pk)
    if not locked.is_published:
        return locked
    locked.status = GuideStatus.DRAFT
    locked.published_at = None
    locked.version += 1
    _save(locked, by, "Avpublisert")
    return locked


@transaction.atomic
def guide_delete(*, guide: Guide, by: User | None) -> None:
    """A draft and its steps; the history keeps them. A published guide is unpublished first, so that no one loses
    a page they rely on by a single click."""
    locked = Guide.objects.select_for_update().get(pk=guide.pk)
    if locked.is_published:
        raise ValidationError(_("Veilederen er publisert. Avpubliser den før du sletter den."))
    for step in locked.steps.all():
        step._history_user = by  # type: ignore[attr-defined]
        step.delete()
    locked._history_user = by  # type: ignore[attr-defined]
    locked.delete()


# --- Steps ----------------------------------------------------------------------------------------------------


def _prepare_step(step: GuideStep, guide: Guide, fields: dict[str, Any]) -> None:
    values = _strip(fields, STEP_FIELDS)
    if "legal_duties" in values:
        values["legal_duties"] = _check_duties(values["legal_duties"] or [])
    for name, value in values.items():
        setattr(step, name, value)
    if step.phase not in Phase.values:
        raise ValidationError(_("Velg hvilken del av veilederen steget hører til."))
    step.full_clean(exclude=["guide"])


def _last_order(guide: Guide, phase: str) -> int:
    last = guide.steps.filter(phase=phase).order_by("-order").values_list("order", flat=True).first()
    return 1 if last is None else last + 1


@transaction.atomic
def step_create(
    *,
    guide: Guide,
    by: User | None,
    now: datetime.datetime,
    contacts: Iterable[Service] = (),
    confirm_flagged: bool = False,
    **fields: Any,
) -> GuideStep:
    """A new step, last in its phase."""
    locked = Guide.objects.select_for_update().get(pk=guide.pk)
    chosen = _check_contacts(locked.organisation_id, contacts)
    step = GuideStep(guide=locked)
    _prepare_step(step, locked, fields)
    texts = _changed_texts(step, STEP_TEXT_FIELDS, {})
    _check_published_text(step, texts, published=locked.is_published, confirmed=confirm_flagged)
    step.order = _last_order(locked, step.phase)
    _save(step, by)
    _set_contacts(step, chosen)
    # The creation row was written before the contacts existed: give it them, so the history starts complete.
    historical_contacts = apps.get_model("guides", "HistoricalGuideStep_contacts")
    created = step.history.order_by("-history_id").first()
    historical_contacts.objects.bulk_create(
        [
            historical_contacts(history=created, id=row.pk, guidestep_id=row.guidestep_id, service_id=row.service_id)
            for row in GuideStep.contacts.through.objects.filter(guidestep=step)
        ]
    )
    _touch(locked, now)
    return step


@transaction.atomic
def step_update(
    *,
    step: GuideStep,
    expected_version: int | None,
    by: User | None,
    now: datetime.datetime,
    contacts: Iterable[Service] | None = None,
    confirm_flagged: bool = False,
    **fields: Any,
) -> GuideStep:
    guide = Guide.objects.select_for_update().get(pk=step.guide_id)
    locked = GuideStep.objects.select_for_update().get(pk=step.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    chosen = _check_contacts(guide.organisation_id, contacts) if contacts is not None else None
    before = {name: getattr(locked, name) for name in STEP_TEXT_FIELDS}
    phase_before = locked.phase
    _prepare_step(locked, guide, fields)
    texts = _changed_texts(locked, STEP_TEXT_FIELDS, before)
    _check_published_text(locked, texts, published=guide.is_published, confirmed=confirm_flagged)
    if locked.phase != phase_before:
        locked.order = _last_order(guide, locked.phase)
    locked.version += 1
    # The contacts first: the history row the save writes then records them as they are after the change.
    if chosen is not None:
        _set_contacts(locked, chosen)
    _save(locked, by)
    _touch(guide, now)
    return locked


@transaction.atomic
def step_delete(*, step: GuideStep, by: User | None, now: datetime.datetime) -> None:
    guide = Guide.objects.select_for_update().get(pk=step.guide_id)
    if guide.is_published and guide.steps.count() == 1:
        raise ValidationError(_("En publisert veileder må ha minst ett steg. Avpubliser veilederen først."))
    step._history_user = by  # type: ignore[attr-defined]
    step.delete()
    _touch(guide, now)


@transaction.atomic
def step_move(*, step: GuideStep, direction: int, by: User | None, now: datetime.datetime) -> None:
    """One place up (-1) or down (1) among the steps of the same phase; at either end nothing changes."""
    guide = Guide.objects.select_for_update().get(pk=step.guide_id)
    siblings = list(guide.steps.filter(phase=step.phase).order_by("order", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == step.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Numbered afresh, so steps that shared an order (loaded, or added at the same time) move too.
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.version += 1
            _save(sibling, by, "Ny rekkefølge")
    _touch(guide, now)
