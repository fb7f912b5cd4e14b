"""The workspace for help pages: a municipality's service directory and the messages of its slide and poster (its
coordinators and admins, national superusers), and the national registry and messages (national superusers).

Every view: access helper (404 when missing, 403 when not allowed) → form → one service call → respond. Bad input
answers 400 with the form and its errors, and changes nothing; a save over someone else's newer save answers 409.
"""

import datetime
from collections.abc import Sequence
from typing import Any, Literal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from planverk.accounts.access import editor_organisation_ids, is_national_superuser
from planverk.help import services
from planverk.help.access import (
    get_directory_for_user,
    get_message_for_user,
    get_service_for_user,
    get_translation_for_user,
    require_registry_editor,
)
from planverk.help.forms import DisplayMessageForm, ServiceForm, TranslationForm
from planverk.help.languages import LANGUAGES
from planverk.help.models import DisplayMessage, Service
from planverk.lib.views import AuthenticatedRequest, add_service_error, conflict, form_page
from planverk.organisations.models import Organisation


def _list_url(organisation_id: int | None) -> str:
    if organisation_id is None:
        return reverse("help_workspace:national_list")
    return reverse("help_workspace:service_list", args=[organisation_id])


def _stale_ids(services_: Sequence[Service]) -> set[int]:
    today = timezone.localdate()
    limit = today - datetime.timedelta(days=settings.HELP_VERIFY_DAYS)
    return {s.pk for s in services_ if s.last_verified is None or s.last_verified < limit}


# --- Overview and lists ---------------------------------------------------------------------------------------


@login_required
@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    superuser = is_national_superuser(user)
    editor_ids = editor_organisation_ids(user)
    if not superuser and not editor_ids:
        raise PermissionDenied
    municipalities = Organisation.objects.municipalities().annotate(service_count=Count("help_services"))
    if superuser:
        chosen = request.GET.get("kommune", "")
        if chosen.isdigit() and municipalities.filter(pk=int(chosen)).exists():
            return redirect("help_workspace:service_list", int(chosen))
        own = municipalities.filter(service_count__gt=0)
    else:
        own = municipalities.filter(pk__in=editor_ids)
    context: dict[str, Any] = {"municipalities": own.order_by("name"), "superuser": superuser}
    if superuser:
        context["all_municipalities"] = Organisation.objects.municipalities().only("name").order_by("name")
        context["stale_count"] = (
            Service.objects.national().stale(timezone.localdate(), settings.HELP_VERIFY_DAYS).count()
        )
    return render(request, "help/workspace/index.html", context)


def _list_page(request: AuthenticatedRequest, organisation: Organisation | None) -> HttpResponse:
    rows = (
        Service.objects.national()
        if organisation is None
        else Service.objects.local_to(organisation.pk).select_related("organisation")
    )
    rows = rows.annotate(translation_count=Count("translations")).order_by("order", "name", "pk")
    listed = list(rows)
    stale = _stale_ids(listed)
    return render(
        request,
        "help/workspace/service_list.html",
        {
            "organisation": organisation,
            "rows": [(service, service.pk in stale) for service in listed],
            "stale": [service for service in listed if service.pk in stale],
            "verify_days": settings.HELP_VERIFY_DAYS,
        },
    )


@login_required
@require_safe
def service_list(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    return _list_page(request, get_directory_for_user(request.user, organisation_id))


@login_required
@require_safe
def national_list(request: AuthenticatedRequest) -> HttpResponse:
    require_registry_editor(request.user)
    return _list_page(request, None)


# --- Services -------------------------------------------------------------------------------------------------

SERVICE_TEMPLATE = "help/workspace/service_form.html"


def _create_page(request: AuthenticatedRequest, organisation: Organisation | None) -> HttpResponse:
    national = organisation is None
    context: dict[str, Any] = {"organisation": organisation, "national": national}
    if request.method != "POST":
        initial = {"version": 0, "last_verified": timezone.localdate()}
        return render(request, SERVICE_TEMPLATE, {**context, "form": ServiceForm(national=national, initial=initial)})
    form = ServiceForm(request.POST, national=national)
    context["form"] = form
    if form.is_valid():
        try:
            service = services.service_create(
                organisation=organisation,
                by=request.user,
                groups=form.cleaned_data["groups"],
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Tjenesten «%(name)s» er lagt til.") % {"name": service.name})
            return redirect(_list_url(service.organisation_id))
    return render(request, SERVICE_TEMPLATE, context, status=400)


@login_required
@form_page
def service_create(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    return _create_page(request, get_directory_for_user(request.user, organisation_id))


@login_required
@form_page
def national_create(request: AuthenticatedRequest) -> HttpResponse:
    require_registry_editor(request.user)
    return _create_page(request, None)


@login_required
@form_page
def service_edit(request: AuthenticatedRequest, service_id: int) -> HttpResponse:
    service = get_service_for_user(request.user, service_id)
    national = service.is_national
    context: dict[str, Any] = {
        "organisation": service.organisation,
        "national": national,
        "service": service,
        "translations": service.translations.order_by("language"),
    }
    if request.method != "POST":
        form = ServiceForm(national=national, initial=ServiceForm.initial_for(service))
        return render(request, SERVICE_TEMPLATE, {**context, "form": form})
    form = ServiceForm(request.POST, national=national)
    context["form"] = form
    if form.is_valid():
        try:
            services.service_update(
                service=service,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                groups=form.cleaned_data["groups"],
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.service_fields(),
            )
        except services.ConcurrentEditError:
            return conflict(request, SERVICE_TEMPLATE, context, Service.history.filter(id=service.pk))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Tjenesten «%(name)s» er lagret.") % {"name": form.cleaned_data["name"]})
            return redirect(_list_url(service.organisation_id))
    return render(request, SERVICE_TEMPLATE, context, status=400)


@login_required
@form_page
def service_delete(request: AuthenticatedRequest, service_id: int) -> HttpResponse:
    service = get_service_for_user(request.user, service_id)
    context = {
        "object": service,
        "title": _("Slett tjeneste"),
        "organisation": service.organisation,
        "cancel_url": _list_url(service.organisation_id),
    }
    if request.method != "POST":
        return render(request, "help/workspace/confirm_delete.html", context)
    services.service_delete(service=service, by=request.user)
    messages.success(request, _("Tjenesten «%(name)s» er slettet.") % {"name": service.name})
    return redirect(_list_url(service.organisation_id))


@login_required
@require_POST
def service_verify(request: AuthenticatedRequest, service_id: int) -> HttpResponse:
    service = get_service_for_user(request.user, service_id)
    services.service_mark_verified(service=service, by=request.user, today=timezone.localdate())
    messages.success(request, _("«%(name)s» er merket som kontrollert i dag.") % {"name": service.name})
    return redirect(_list_url(service.organisation_id))


# --- Translations ---------------------------------------------------------------------------------------------

TRANSLATION_TEMPLATE = "help/workspace/translation_form.html"


@login_required
@form_page
def translation_create(request: AuthenticatedRequest, service_id: int) -> HttpResponse:
    service = get_service_for_user(request.user, service_id)
    taken = {services.service_language(service), *service.translations.values_list("language", flat=True)}
    context: dict[str, Any] = {"service": service, "organisation": service.organisation}
    if request.method != "POST":
        form = TranslationForm(exclude_languages=taken)
        return render(request, TRANSLATION_TEMPLATE, {**context, "form": form})
    form = TranslationForm(request.POST, exclude_languages=taken)
    context["form"] = form
    if form.is_valid():
        try:
            translation = services.translation_create(
                service=service,
                language=form.cleaned_data["language"],
                by=request.user,
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.texts(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            name = LANGUAGES[translation.language].name
            messages.success(request, _("Oversettelsen til %(language)s er lagt til.") % {"language": name})
            return redirect("help_workspace:service_edit", service.pk)
    return render(request, TRANSLATION_TEMPLATE, context, status=400)


@login_required
@form_page
def translation_edit(request: AuthenticatedRequest, translation_id: int) -> HttpResponse:
    translation = get_translation_for_user(request.user, translation_id)
    service = translation.service
    context: dict[str, Any] = {"service": service, "organisation": service.organisation, "translation": translation}
    if request.method != "POST":
        form = TranslationForm(
            exclude_languages=set(),
            fixed_language=translation.language,
            initial=TranslationForm.initial_for(translation),
        )
        return render(request, TRANSLATION_TEMPLATE, {**context, "form": form})
    form = TranslationForm(request.POST, exclude_languages=set(), fixed_language=translation.language)
    context["form"] = form
    if form.is_valid():
        try:
            services.translation_update(
                translation=translation,
                by=request.user,
                confirm_flagged=form.cleaned_data["confirm_flagged"],
                **form.texts(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Oversettelsen er lagret."))
            return redirect("help_workspace:service_edit", service.pk)
    return render(request, TRANSLATION_TEMPLATE, context, status=400)


@login_required
@form_page
def translation_delete(request: AuthenticatedRequest, translation_id: int) -> HttpResponse:
    translation = get_translation_for_user(request.user, translation_id)
    service = translation.service
    context = {
        "object": f"{service.name} – {LANGUAGES[translation.language].name}",
        "title": _("Slett oversettelse"),
        "organisation": service.organisation,
        "cancel_url": reverse("help_workspace:service_edit", args=[service.pk]),
    }
    if request.method != "POST":
        return render(request, "help/workspace/confirm_delete.html", context)
    services.translation_delete(translation=translation, by=request.user)
    messages.success(request, _("Oversettelsen er slettet."))
    return redirect("help_workspace:service_edit", service.pk)


# --- Messages on the slide and the poster ---------------------------------------------------------------------

MESSAGE_LIST_TEMPLATE = "help/workspace/message_list.html"
MESSAGE_FORM_TEMPLATE = "help/workspace/message_form.html"
MOVE_DIRECTIONS: dict[str, Literal["up", "down"]] = {"opp": "up", "ned": "down"}


def _messages_url(organisation_id: int | None) -> str:
    if organisation_id is None:
        return reverse("help_workspace:national_messages")
    return reverse("help_workspace:message_list", args=[organisation_id])


def _message_list_page(
    request: AuthenticatedRequest, organisation: Organisation | None, *, error: str = ""
) -> HttpResponse:
    organisation_id = organisation.pk if organisation is not None else None
    form = DisplayMessageForm(request.POST if request.method == "POST" and not error else None)
    if form.is_valid():
        try:
            services.display_message_create(
                organisation=organisation,
                text=form.cleaned_data["text"],
                by=request.user,
                confirm_flagged=form.cleaned_data["confirm_flagged"],
            )
        except ValidationError as refused:
            add_service_error(form, refused)
        else:
            messages.success(request, _("Meldingen er lagt til."))
            return redirect(_messages_url(organisation_id))
    rows = list(DisplayMessage.objects.for_display(organisation_id).order_by("order", "pk"))
    own = [message for message in rows if message.organisation_id == organisation_id]
    context = {
        "organisation": organisation,
        "own": own,
        # What the slide shows while the municipality has no messages of its own.
        "national": [message for message in rows if message.organisation_id is None] if organisation else [],
        "form": form,
        "error": error,
    }
    return render(request, MESSAGE_LIST_TEMPLATE, context, status=400 if form.is_bound or error else 200)


@login_required
@form_page
def message_list(request: AuthenticatedRequest, organisation_id: int) -> HttpResponse:
    return _message_list_page(request, get_directory_for_user(request.user, organisation_id))


@login_required
@form_page
def national_messages(request: AuthenticatedRequest) -> HttpResponse:
    require_registry_editor(request.user)
    return _message_list_page(request, None)


@login_required
@form_page
def message_edit(request: AuthenticatedRequest, message_id: int) -> HttpResponse:
    message = get_message_for_user(request.user, message_id)
    context: dict[str, Any] = {"organisation": message.organisation, "message": message}
    if request.method != "POST":
        form = DisplayMessageForm(initial={"text": message.text})
        return render(request, MESSAGE_FORM_TEMPLATE, {**context, "form": form})
    form = DisplayMessageForm(request.POST)
    context["form"] = form
    if form.is_valid():
        try:
            services.display_message_update(
                message=message,
                text=form.cleaned_data["text"],
                by=request.user,
                confirm_flagged=form.cleaned_data["confirm_flagged"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Meldingen er lagret."))
            return redirect(_messages_url(message.organisation_id))
    return render(request, MESSAGE_FORM_TEMPLATE, context, status=400)


@login_required
@form_page
def message_delete(request: AuthenticatedRequest, message_id: int) -> HttpResponse:
    message = get_message_for_user(request.user, message_id)
    context = {
        "object": message.text,
        "title": _("Slett melding"),
        "organisation": message.organisation,
        "cancel_url": _messages_url(message.organisation_id),
        "message_page": True,
    }
    if request.method != "POST":
        return render(request, "help/workspace/confirm_delete.html", context)
    services.display_message_delete(message=message, by=request.user)
    messages.success(request, _("Meldingen er slettet."))
    return redirect(_messages_url(message.organisation_id))


@login_required
@require_POST
def message_move(request: AuthenticatedRequest, message_id: int) -> HttpResponse:
    message = get_message_for_user(request.user, message_id)
    direction = MOVE_DIRECTIONS.get(request.POST.get("direction", ""))
    if direction is None:
        return _message_list_page(
            request, message.organisation, error=_("Velg om meldingen skal flyttes opp eller ned.")
        )
    services.display_message_move(message=message, direction=direction, by=request.user)
    return redirect(_messages_url(message.organisation_id))
