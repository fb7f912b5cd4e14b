"""The change history of a guide and its steps, for the workspace's history page: who, when, what changed."""

from typing import Any

from django.apps import apps
from django.db.models import Model
from django.utils.translation import gettext as _

from planverk.accounts.models import User
from planverk.guides.models import Guide, GuideStep, LegalDuty
from planverk.help.models import Service
from planverk.lib.history import Change, HistoryEntry, history_entries, set_change, sets_by_row
from planverk.organisations.models import Unit
from planverk.plans.models import Measure

# Bookkeeping columns that say nothing to a reader of the history.
_NOT_SHOWN = frozenset({"id", "version", "key", "guide", "organisation"})


def _legal_duties(value: Any) -> str:
    labels = dict(LegalDuty.choices)
    return ", ".join(str(labels.get(duty, duty)) for duty in value)


def _entries(
    rows: list[Any], model: type[Model], subject: Any, names: dict[str, dict[int, str]], extra: Any = None
) -> list[HistoryEntry]:
    return history_entries(
        rows,
        model,
        subject,
        names,
        not_shown=_NOT_SHOWN,
        formatters={"legal_duties": _legal_duties},
        extra_changes=extra,
    )


def guide_history(guide: Guide) -> list[HistoryEntry]:
    """Every change to the guide and its steps (also deleted ones), newest first, in a fixed number of queries."""
    guide_rows = list(Guide.history.filter(id=guide.pk).select_related("history_user"))
    step_rows = list(GuideStep.history.filter(guide_id=guide.pk).select_related("history_user"))
    contacts_by_row = sets_by_row(apps.get_model("guides", "HistoricalGuideStep_contacts"), step_rows, "service_id")
    service_ids = {pk for ids in contacts_by_row.values() for pk in ids}
    service_names = dict(Service.objects.filter(pk__in=service_ids).values_list("pk", "name"))
    names: dict[str, dict[int, str]] = {
        "owner": {
            u.pk: u.get_full_name() or u.username
            for u in User.objects.filter(pk__in={r.owner_id for r in guide_rows if r.owner_id})
        },
        "owner_unit": dict(
            Unit.objects.filter(pk__in={r.owner_unit_id for r in guide_rows if r.owner_unit_id}).values_list(
                "pk", "name"
            )
        ),
        "measure": {
            m.pk: f"{m.plan.title} – {m.title}"
            for m in Measure.objects.filter(pk__in={r.measure_id for r in guide_rows if r.measure_id}).select_related(
                "plan"
            )
        },
    }

    def contact_changes(before: Any, row: Any) -> list[Change]:
        old, new = contacts_by_row.get(before.history_id, set()), contacts_by_row.get(row.history_id, set())
        return set_change(_("Hvem du kontakter"), old, new, service_names)

    entries = [
        *_entries(guide_rows, Guide, lambda r: _("Veilederen"), names),
        *_entries(step_rows, GuideStep, lambda r: _("Steg: %(title)s") % {"title": r.title}, names, contact_changes),
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
