"""May this user see or change this action guide? Every view asks here.

A guide is changed by its municipality's coordinators and admins and by national superusers. A draft is seen only
by the municipality's members and superusers: anyone else gets 404, since a draft's existence is itself private.
A published guide is public, so someone who may not change it gets 403 on the write pages.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from planverk.accounts.access import AnyUser, editor_organisation_ids, is_national_superuser, member_organisation_ids
from planverk.guides.models import Guide, GuideQuerySet, GuideStep
from planverk.organisations.models import Organisation, OrganisationKind

# view: the workspace page of a guide. history: who changed what, including text from before it was published
# (members only, like a plan's history). edit: change the guide and its steps.
Action = Literal["view", "history", "edit"]


def can_edit_guides(user: AnyUser, organisation_id: int) -> bool:
    return is_national_superuser(user) or organisation_id in editor_organisation_ids(user)


def is_member(user: AnyUser, organisation_id: int) -> bool:
    return is_national_superuser(user) or organisation_id in member_organisation_ids(user)


def guides_listed_for(user: AnyUser) -> GuideQuerySet:
    """The workspace list: the guides of the user's own municipalities, or all of them for a superuser."""
    if is_national_superuser(user):
        return Guide.objects.all()
    return Guide.objects.for_organisations(member_organisation_ids(user))


def get_guide_for_user(user: AnyUser, guide_id: int, action: Action) -> Guide:
    guide = get_object_or_404(
        Guide.objects.select_related("organisation", "owner", "owner_unit", "measure__plan"), pk=guide_id
    )
    member = is_member(user, guide.organisation_id)
    if not guide.is_published and not member:
        raise Http404
    if action == "history" and not member:
        raise PermissionDenied
    if action == "edit" and not can_edit_guides(user, guide.organisation_id):
        raise PermissionDenied
    return guide


def get_step_for_user(user: AnyUser, step_id: int) -> GuideStep:
    """A step to change: the user must be able to edit its guide."""
    step = get_object_or_404(GuideStep, pk=step_id)
    step.guide = get_guide_for_user(user, step.guide_id, "edit")
    return step


def get_public_guide(guide_id: int) -> Guide:
    """The public site shows published guides only, to everyone, logged in or not."""
    return get_object_or_404(
        Guide.objects.published().select_related("organisation", "owner_unit", "measure__plan"), pk=guide_id
    )


def get_municipality_for_new_guide(user: AnyUser, organisation_id: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if organisation.kind != OrganisationKind.MUNICIPALITY:
        raise Http404  # guides belong to municipalities, whose directory their steps point to
    if not can_edit_guides(user, organisation.pk):
        raise PermissionDenied
    return organisation
