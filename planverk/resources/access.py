"""May this user change this resource, or the resources of this municipality? Every workspace view asks here.

Resources are public (they are in the resource bank), so one that exists but is not the user's to change answers
403, like a published plan; a missing one 404. A municipality's resources are changed by its coordinators and
admins and by national superusers; national resources by national superusers only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from planverk.accounts.access import AnyUser, editor_organisation_ids, is_national_superuser
from planverk.organisations.models import Organisation, OrganisationKind
from planverk.resources.models import Resource


def can_edit_resources(user: AnyUser, organisation_id: int | None) -> bool:
    """organisation_id None: the national resources."""
    if is_national_superuser(user):
        return True
    return organisation_id is not None and organisation_id in editor_organisation_ids(user)


def require_resource_editor(user: AnyUser) -> None:
    """Someone who may change the resources of at least one municipality, or the national ones."""
    if not is_national_superuser(user) and not editor_organisation_ids(user):
        raise PermissionDenied


def require_national_editor(user: AnyUser) -> None:
    if not can_edit_resources(user, None):
        raise PermissionDenied


def get_municipality_for_user(user: AnyUser, organisation_id: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if organisation.kind != OrganisationKind.MUNICIPALITY:
        raise Http404  # local resources belong to municipalities only
    if not can_edit_resources(user, organisation.pk):
        raise PermissionDenied
    return organisation


def get_resource_for_user(user: AnyUser, resource_id: int) -> Resource:
    resource = get_object_or_404(Resource.objects.select_related("organisation"), pk=resource_id)
    if not can_edit_resources(user, resource.organisation_id):
        raise PermissionDenied
    return resource
