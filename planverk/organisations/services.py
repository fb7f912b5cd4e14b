"""Writes to organisations and their units. Each records who made the change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planverk.accounts.models import User
from planverk.organisations.models import Organisation, Unit, UnitKind


@transaction.atomic
def unit_create(
    *,
    organisation: Organisation,
    name: str,
    by: User | None,
    short_name: str = "",
    kind: str = UnitKind.OTHER,
    parent: Unit | None = None,
) -> Unit:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError(_("Overordnet enhet må høre til samme organisasjon."))
    unit = Unit(organisation=organisation, name=name, short_name=short_name, kind=kind, parent=parent)
    unit.full_clean()  # also checks that the name is unique within the organisation
    unit._history_user = by  # type: ignore[attr-defined]
    unit.save()
    return unit
