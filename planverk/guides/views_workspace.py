"""The workspace for action guides: a municipality's coordinators and admins (and national superusers) write, order,
publish and unpublish them; every member reads them and their history.

Every view: access helper (404 when missing or a draft the user may not know of, 403 when not allowed) → form →
one service call → respond. Bad input answers 400 with the form and its errors and changes nothing; a save over
someone else's newer save answers 409.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from planverk.accounts.access import editor_organisation_ids, is_national_superuser
from planverk.guides import selectors, services
from planverk.guides.access import (
    can_edit_guides,
    get_guide_for_user,
    get_municipality_for_new_guide,
    get_step_for_user,
    guides_listed_for,
    is_member,
)
from planverk.guides.forms import GuideForm, PublishForm, StepForm
from planverk.guides.history import guide_history
from planverk.guides.models import Guide, GuideStep
from planverk.lib.views import AuthenticatedRequest, add_service_error, conflict, form_page
from planverk.organisations.models import Organisation
from planverk.plans.forms import MoveForm

GUIDE_TEMPLATE = "guides/workspace/guide_form.html"
STEP_TEMPLATE = "guides/workspace/step_form.html"


def _guide_url(guide_id: int, anchor: str = "") -> str:
    return reverse("guides_workspace:guide_detail", args=[guide_id]) + (f"#{anchor}" if anchor else "")


@login_required
@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    superuser = is_national_superuser(user)
    if superuser:
        chosen = request.GET.get("kommune", "")
        if chosen.isdigit() and Organisation.objects.municipalities().filter(pk=int(chosen)).exists():
            return redirect("guides_workspace:guide_create", int(chosen))
    guides = guides_listed_for(user).select_related("organisation", "owner", "owner_unit")
    municipalities = Organisation.objects.municipalities().order_by("name")
    context: dict[str, Any] = {
        "guides": guides.order_by("organisation__name", "title", "pk"),
        "creatable": municipalities.filter(pk__in=editor_organisation_ids(user)),
        "superuser": superuser,
        "today": timezone.localdate(),
    }
    if superuser:
        context["all_municipalities"] = municipalities.only("pk", "name")
    return render(request, "guides/workspace/index.html", context)


# --- Guides ---------------------------------------------------------------------------------------------------


@login_required
@form_page
def guide_create(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    organisation = get_municipality_for_new_guide(request.user, organisation_id)
    context: dict[str, Any] = {"organisation": organisation}
    if request.method != "POST":
        form = GuideForm(organisation=organisation, initial={"version": 0, "owner": request.user.pk})
        return render(request, GUIDE_TEMPLATE, {**context, "form": form})
    form = GuideForm(request.POST, organisation=organisation)
    context["form"] = form
    if form.is_valid():
        try:
            guide = services.guide_create(
                organisation=organisation, by=request.user, now=timezone.now(), **form.guide_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Veilederen er opprettet. Legg til stegene."))
            return redirect(_guide_url(guide.pk))
    return render(request, GUIDE_TEMPLATE, context, status=400)


@login_required
@require_safe
def guide_detail(request: AuthenticatedRequest, guide_id: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, guide_id, "view")
    sections = selectors.guide_sections(guide, include_empty=True)
    # A published guide is open to every user; its owner, history and a draft plan's measure are the municipality's.
    member = is_member(request.user, guide.organisation_id)
    return render(
        request,
        "guides/workspace/guide_detail.html",
        {
            "guide": guide,
            "member": member,
            "measure": guide.measure if member else selectors.public_measure(guide),
            "sections": sections,
            "can_edit": can_edit_guides(request.user, guide.organisation_id),
            "today": timezone.localdate(),
        },
    )


@login_required
@form_page
def guide_edit(request: AuthenticatedRequest, guide_id: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, guide_id, "edit")
    organisation = guide.organisation
    context: dict[str, Any] = {"organisation": organisation, "guide": guide}
    if request.method != "POST":
        form = GuideForm(organisation=organisation, initial=GuideForm.initial_for(guide))
        return render(request, GUIDE_TEMPLATE, {**context, "form": form})
    form = GuideForm(request.POST, organisation=organisation)
    context["form"] = form
    if form.is_valid():
        try:
            services.guide_update(
                guide=guide,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                now=timezone.now(),
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.guide_fields(),
            )
        except services.ConcurrentEditError:
            return conflict(request, GUIDE_TEMPLATE, context, Guide.history.filter(id=guide.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Veilederen er lagret."))
            return redirect(_guide_url(guide.pk))
    return render(request, GUIDE_TEMPLATE, context, status=400)


@login_required
@form_page
def guide_publish(request: AuthenticatedRequest, guide_id: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, guide_id, "edit")
    context: dict[str, Any] = {"guide": guide, "organisation": guide.organisation}
    if request.method != "POST":
        return render(request, "guides/workspace/publish.html", {**context, "form": PublishForm()})
    form = PublishForm(request.POST)
    context["form"] = form
    if form.is_valid():
        try:
            services.guide_publish(
                guide=guide,
                by=request.user,
                now=timezone.now(),
                confirm_flagged=form.cleaned_data["confirm_flagged"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Veilederen er publisert."))
            return redirect(_guide_url(guide.pk))
    return render(request, "guides/workspace/publish.html", context, status=400)


@login_required
@require_POST
def guide_unpublish(request: AuthenticatedRequest, guide_id: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, guide_id, "edit")
    services.guide_unpublish(guide=guide, by=request.user)
    messages.success(request, _("Veilederen er avpublisert og vises ikke lenger på de offentlige sidene."))
    return redirect(_guide_url(guide.pk))


@login_required
@require_safe
def guide_history_page(request: AuthenticatedRequest, guide_id: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, guide_id, "history")
    page = Paginator(guide_history(guide), 50).get_page(request.GET.get("side"))
    return render(request, "guides/workspace/history.html", {"guide": guide, "page": page})


# --- Steps ----------------------------------------------------------------------------------------------------


@login_required
@form_page
def step_create(request: AuthenticatedRequest, guide_id: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, guide_id, "edit")
    organisation = guide.organisation
    context: dict[str, Any] = {"guide": guide, "organisation": organisation}
    if request.method != "POST":
        phase = request.GET.get("del", "")
        form = StepForm(organisation=organisation, initial={"version": 0, "phase": phase})
        return render(request, STEP_TEMPLATE, {**context, "form": form})
    form = StepForm(request.POST, organisation=organisation)
    context["form"] = form
    if form.is_valid():
        try:
            step = services.step_create(
                guide=guide,
                by=request.user,
                now=timezone.now(),
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.step_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Steget «%(title)s» er lagt til.") % {"title": step.title})
            return redirect(_guide_url(guide.pk, f"steg-{step.pk}"))
    return render(request, STEP_TEMPLATE, context, status=400)


@login_required
@form_page
def step_edit(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = get_step_for_user(request.user, step_id)
    guide = step.guide
    organisation = guide.organisation
    context: dict[str, Any] = {"guide": guide, "organisation": organisation, "step": step}
    if request.method != "POST":
        form = StepForm(organisation=organisation, initial=StepForm.initial_for(step))
        return render(request, STEP_TEMPLATE, {**context, "form": form})
    form = StepForm(request.POST, organisation=organisation)
    context["form"] = form
    if form.is_valid():
        try:
            services.step_update(
                step=step,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                now=timezone.now(),
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.step_fields(),
            )
        except services.ConcurrentEditError:
            return conflict(request, STEP_TEMPLATE, context, GuideStep.history.filter(id=step.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Steget er lagret."))
            return redirect(_guide_url(guide.pk, f"steg-{step.pk}"))
    return render(request, STEP_TEMPLATE, context, status=400)


@login_required
@form_page
def guide_delete(request: AuthenticatedRequest, guide_id: int) -> HttpResponse:
    guide = get_guide_for_user(request.user, guide_id, "edit")
    context: dict[str, Any] = {"guide": guide, "organisation": guide.organisation}
    if request.method != "POST":
        return render(request, "guides/workspace/guide_delete.html", context)
    try:
        services.guide_delete(guide=guide, by=request.user)
    except ValidationError as error:
        return render(request, "guides/workspace/guide_delete.html", {**context, "error": error.messages}, status=400)
    messages.success(request, _("Veilederen «%(title)s» er slettet.") % {"title": guide.title})
    return redirect("guides_workspace:index")


@login_required
@form_page
def step_delete(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = get_step_for_user(request.user, step_id)
    context: dict[str, Any] = {"guide": step.guide, "step": step}
    if request.method != "POST":
        return render(request, "guides/workspace/step_delete.html", context)
    try:
        services.step_delete(step=step, by=request.user, now=timezone.now())
    except ValidationError as error:
        return render(request, "guides/workspace/step_delete.html", {**context, "error": error.messages}, status=400)
    messages.success(request, _("Steget «%(title)s» er slettet.") % {"title": step.title})
    return redirect(_guide_url(step.guide_id))


@login_required
@require_POST
def step_move(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = get_step_for_user(request.user, step_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["direction"]))
        return redirect(_guide_url(step.guide_id))
    services.step_move(step=step, direction=form.offset, by=request.user, now=timezone.now())
    return redirect(_guide_url(step.guide_id, f"steg-{step.pk}"))
