"""The workspace for the resource bank: a municipality's own resources (its coordinators and admins, national
superusers) and the national ones (national superusers).

Every view: access helper (404 when missing, 403 when not allowed) → form → one service call → respond. Bad input
answers 400 with the form and its errors, and changes nothing; a save over someone else's newer save answers 409.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from planverk.accounts.access import editor_organisation_ids, is_national_superuser
from planverk.lib.views import AuthenticatedRequest, add_service_error, conflict, form_page
from planverk.organisations.models import Organisation
from planverk.resources import services
from planverk.resources.access import (
    get_municipality_for_user,
    get_resource_for_user,
    require_national_editor,
    require_resource_editor,
)
from planverk.resources.forms import ResourceForm
from planverk.resources.models import LinkStatus, Resource


def _list_url(organisation_id: int | None) -> str:
    if organisation_id is None:
        return reverse("resources_workspace:national_list")
    return reverse("resources_workspace:resource_list", args=[organisation_id])


# --- Overview and lists ---------------------------------------------------------------------------------------


@login_required
@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require_resource_editor(user)
    superuser = is_national_superuser(user)
    municipalities = Organisation.objects.municipalities().annotate(resource_count=Count("resources"))
    if superuser:
        chosen = request.GET.get("kommune", "")
        if chosen.isdigit() and municipalities.filter(pk=int(chosen)).exists():
            return redirect("resources_workspace:resource_list", int(chosen))
        own = municipalities.filter(resource_count__gt=0)
    else:
        own = municipalities.filter(pk__in=editor_organisation_ids(user))
    context: dict[str, Any] = {"municipalities": own.order_by("name"), "superuser": superuser}
    if superuser:
        context["all_municipalities"] = Organisation.objects.municipalities().only("name").order_by("name")
        context["national_count"] = Resource.objects.national().count()
    return render(request, "resources/workspace/index.html", context)


def _list_page(request: AuthenticatedRequest, organisation: Organisation | None) -> HttpResponse:
    rows = Resource.objects.national() if organisation is None else Resource.objects.local_to(organisation.pk)
    listed = list(rows.order_by(Lower("title"), "pk"))
    return render(
        request,
        "resources/workspace/resource_list.html",
        {
            "organisation": organisation,
            "resources": listed,
            "broken": [resource for resource in listed if resource.link_status == LinkStatus.BROKEN],
        },
    )


@login_required
@require_safe
def resource_list(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    return _list_page(request, get_municipality_for_user(request.user, organisation_id))


@login_required
@require_safe
def national_list(request: AuthenticatedRequest) -> HttpResponse:
    require_national_editor(request.user)
    return _list_page(request, None)


# --- Resources ------------------------------------------------------------------------------------------------

FORM_TEMPLATE = "resources/workspace/resource_form.html"


def _create_page(request: AuthenticatedRequest, organisation: Organisation | None) -> HttpResponse:
    context: dict[str, Any] = {"organisation": organisation}
    if request.method != "POST":
        return render(request, FORM_TEMPLATE, {**context, "form": ResourceForm(initial={"version": 0})})
    form = ResourceForm(request.POST)
    context["form"] = form
    if form.is_valid():
        try:
            resource = services.resource_create(
                organisation=organisation,
                by=request.user,
                audiences=form.cleaned_data["audiences"],
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.resource_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Ressursen «%(title)s» er lagt til.") % {"title": resource.title})
            return redirect(_list_url(resource.organisation_id))
    return render(request, FORM_TEMPLATE, context, status=400)


@login_required
@form_page
def resource_create(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    return _create_page(request, get_municipality_for_user(request.user, organisation_id))


@login_required
@form_page
def national_create(request: AuthenticatedRequest) -> HttpResponse:
    require_national_editor(request.user)
    return _create_page(request, None)


@login_required
@form_page
def resource_edit(request: AuthenticatedRequest, resource_id: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, resource_id)
    context: dict[str, Any] = {"organisation": resource.organisation, "resource": resource}
    if request.method != "POST":
        return render(
            request, FORM_TEMPLATE, {**context, "form": ResourceForm(initial=ResourceForm.initial_for(resource))}
        )
    form = ResourceForm(request.POST)
    context["form"] = form
    if form.is_valid():
        try:
            services.resource_update(
                resource=resource,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                audiences=form.cleaned_data["audiences"],
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.resource_fields(),
            )
        except services.ConcurrentEditError:
            return conflict(request, FORM_TEMPLATE, context, Resource.history.filter(id=resource.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Ressursen «%(title)s» er lagret.") % {"title": form.cleaned_data["title"]})
            return redirect(_list_url(resource.organisation_id))
    return render(request, FORM_TEMPLATE, context, status=400)


@login_required
@form_page
def resource_delete(request: AuthenticatedRequest, resource_id: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, resource_id)
    context = {"resource": resource, "organisation": resource.organisation}
    if request.method != "POST":
        return render(request, "resources/workspace/confirm_delete.html", context)
    services.resource_delete(resource=resource, by=request.user)
    messages.success(request, _("Ressursen «%(title)s» er slettet.") % {"title": resource.title})
    return redirect(_list_url(resource.organisation_id))
