from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "planverk.resources"
    verbose_name = _("Ressursbank")
