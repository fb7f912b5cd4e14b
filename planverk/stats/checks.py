from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError


# A database check: it runs with `migrate` and `check --database default`, not on every command.
@register(Tags.database)
def published_with_current_rules(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The published cells were computed with the suppression rules now in the settings."""
    from planverk.stats.models import Publication

    try:
        publication = Publication.objects.first()
    except DatabaseError:  # before the first migration
        return []
    if publication is None:
        return []
    stored = (publication.threshold, publication.pooled_years, publication.series_hidden_share)
    current = (settings.STATS_SUPPRESSION_THRESHOLD, settings.STATS_POOLED_YEARS, settings.STATS_SERIES_HIDDEN_SHARE)
    if stored == current:
        return []
    return [
        Warning(
            "The published statistics were computed with other suppression rules than the settings now say.",
            hint="Run `manage.py publish_statistics`.",
            id="stats.W001",
        )
    ]
