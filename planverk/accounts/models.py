from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who works in Planverk. Residents never need an account."""

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisasjonsadministrator")
    COORDINATOR = "coordinator", _("Plankoordinator")
    OWNER = "owner", _("Tiltakseier")
    VIEWER = "viewer", _("Leser")


# Roles that may write plans, goals and measures of their organisation.
PLAN_EDITOR_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisasjon"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    # A measure owner reports on the measures of these units.
    units = models.ManyToManyField(
        "organisations.Unit", blank=True, related_name="memberships", verbose_name=_("enheter")
    )
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
