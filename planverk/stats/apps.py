from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "planverk.stats"
    label = "stats"
    verbose_name = "Statistikk"

    def ready(self) -> None:
        from planverk.stats import checks  # noqa: F401 (registers the system check)
