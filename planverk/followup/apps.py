from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "planverk.followup"
    verbose_name = "Oppfølging"
