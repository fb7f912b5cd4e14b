"""May this user see or work on this import? Every importer view asks here.

An import holds a draft plan's text before anyone has decided to keep it, so it is private to the editors
of its organisation: other organisations do not learn that it exists (404), readers and measure owners of
the same organisation are refused (403). Starting an import takes editing rights in at least one organisation
(`organisations_edited_by`), checked by the upload view.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from planverk.accounts.access import AnyUser, editor_organisation_ids, is_national_superuser, member_organisation_ids
from planverk.importer.models import PlanImport

# Viewing and editing an import take the same rights today; the action says what the caller is about to do.
Action = Literal["view", "edit"]


def get_import_for_user(user: AnyUser, import_id: int, action: Action) -> PlanImport:
    plan_import = PlanImport.objects.select_related("organisation").filter(pk=import_id).first()
    if plan_import is None:
        raise Http404
    if is_national_superuser(user) or plan_import.organisation_id in editor_organisation_ids(user):
        return plan_import
    if plan_import.organisation_id in member_organisation_ids(user):
        raise PermissionDenied
    raise Http404
