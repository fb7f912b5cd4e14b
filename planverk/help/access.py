"""May this user change this directory, service, translation or message? Every workspace view asks here.

Services are public (they are on the help pages), so one that exists but is not the user's to change answers
403, like a published plan; a missing one 404. A municipality's directory is changed by its coordinators and
admins and by national superusers; the national registry by national superusers only. The messages of the slide
and poster follow the same rule: a municipality's by its editors, the national ones by national superusers.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from planverk.accounts.access import AnyUser, editor_organisation_ids, is_national_superuser
from planverk.help.models import DisplayMessage, Service, ServiceTranslation
from planverk.organisations.models import Organisation, OrganisationKind


def can_edit_directory(user: AnyUser, organisation_id: int | None) -> bool:
    """organisation_id None: the national registry."""
    if is_national_superuser(user):
        return True
    return organisation_id is not None and organisation_id in editor_organisation_ids(user)


def get_directory_for_user(user: AnyUser, organisation_id: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if organisation.kind != OrganisationKind.MUNICIPALITY:
        raise Http404  # only municipalities have a help page and a directory
    if not can_edit_directory(user, organisation.pk):
        raise PermissionDenied
    return organisation


def require_registry_editor(user: AnyUser) -> None:
    if not can_edit_directory(user, None):
        raise PermissionDenied


def get_service_for_user(user: AnyUser, service_id: int) -> Service:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=service_id)
    if not can_edit_directory(user, service.organisation_id):
        raise PermissionDenied
    return service


def get_translation_for_user(user: AnyUser, translation_id: int) -> ServiceTranslation:
    translation = get_object_or_404(
        ServiceTranslation.objects.select_related("service__organisation"), pk=translation_id
    )
    if not can_edit_directory(user, translation.service.organisation_id):
        raise PermissionDenied
    return translation


def get_message_for_user(user: AnyUser, message_id: int) -> DisplayMessage:
    """A message of the slide and poster. They are public (on the slide), so one not the user's answers 403."""
    message = get_object_or_404(DisplayMessage.objects.select_related("organisation"), pk=message_id)
    if not can_edit_directory(user, message.organisation_id):
        raise PermissionDenied
    return message
