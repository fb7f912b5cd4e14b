"""May this user change this organisation's units, or create plans for it?"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from planverk.accounts.access import AnyUser, editor_organisation_ids, is_national_superuser
from planverk.organisations.models import Organisation


def organisations_edited_by(user: AnyUser) -> QuerySet[Organisation]:
    """Where this user may create plans and units: where they edit; national superusers anywhere."""
    if is_national_superuser(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=editor_organisation_ids(user))


def get_organisation_for_user(user: AnyUser, organisation_id: int) -> Organisation:
    # Organisations are public reference data, so an existing one answers 403 rather than 404.
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not (is_national_superuser(user) or organisation.pk in editor_organisation_ids(user)):
        raise PermissionDenied
    return organisation
