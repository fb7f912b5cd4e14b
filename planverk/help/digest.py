"""An email to the national superusers about registry entries nobody has verified for a while.

Run by `send_help_digest` (e.g. every Monday). Each superuser gets their own email, so addresses are not shared.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from planverk.accounts.models import User
from planverk.help.models import Service
from planverk.help.selectors import stale_services


def stale_registry_digest(*, today: datetime.date) -> tuple[list[Service], list[EmailMessage]]:
    """The stale entries and the emails about them (none when nothing is stale or nobody has an address)."""
    stale = stale_services(today, settings.HELP_VERIFY_DAYS, organisation_id=None)
    if not stale:
        return stale, []
    recipients = (
        User.objects.filter(is_superuser=True, is_active=True).exclude(email="").order_by("pk").values_list("email")
    )
    # National superusers work in bokmål, the language of the registry.
    with translation.override("nb"):
        subject = _("Planverk: %(count)d nasjonale hjelpetjenester må kontrolleres") % {"count": len(stale)}
        body = render_to_string(
            "help/email/stale_digest.txt",
            {
                "services": stale,
                "days": settings.HELP_VERIFY_DAYS,
                "url": settings.SITE_URL.rstrip("/") + reverse("help_workspace:national_list"),
            },
        )
    return stale, [EmailMessage(subject, body, to=[email]) for (email,) in recipients]


def send_stale_registry_digest(*, today: datetime.date) -> int:
    _stale, messages = stale_registry_digest(today=today)
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
