"""Pieces every workspace view shares: the form-page methods, service errors on forms, refused concurrent saves."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from planverk.accounts.models import User
from planverk.lib.safe_messaging import FlaggedText


class AuthenticatedRequest(HttpRequest):
    user: User


# Pages with a form: GET shows it, POST saves it.
form_page = require_http_methods(["GET", "HEAD", "POST"])


def add_service_error(form: Form, error: ValidationError) -> None:
    if isinstance(error, FlaggedText):
        # The form shows the findings with their advice and, from now on, the confirmation box.
        form.flagged_findings = error.findings  # type: ignore[attr-defined]
    form.add_error(None, error.messages)


def conflict(request: HttpRequest, template: str, context: dict[str, Any], history: Any) -> HttpResponse:
    """Refuse a save made over someone else's newer save; the form keeps what this user wrote."""
    latest = history.select_related("history_user").order_by("-history_date", "-history_id").first()
    context["conflict"] = {
        "by": latest.history_user if latest is not None else None,
        "when": latest.history_date if latest is not None else None,
        "reload_url": request.path,
    }
    return render(request, template, context, status=409)
