"""Change history for the workspace's history pages: django-simple-history rows turned into who, when and what
changed, field by field, in words a coordinator reads. Each app says which rows, how to name their subject and
how to name the objects its foreign keys point to; the comparison is done here, once.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import ForeignKey, Model
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from planverk.accounts.models import User

# Names of the objects foreign keys point to, by field name: {"unit": {3: "Oppvekst"}}.
Names = Mapping[str, Mapping[int, str]]


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: User | None
    action: str
    subject: str
    reason: str = ""  # e.g. that flagged text was published after the coordinator confirmed it
    changes: list[Change] = field(default_factory=list)


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_value(
    model_field: Any, value: Any, names: Names, formatters: Mapping[str, Callable[[Any], str]] | None = None
) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if formatters and model_field.name in formatters:
        return formatters[model_field.name](value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, ForeignKey):
        return names.get(model_field.name, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, datetime.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return shorten(str(value))


def history_entries(
    rows: Iterable[Any],
    model: type[Model],
    subject: Callable[[Any], str],
    names: Names,
    *,
    not_shown: frozenset[str],
    labels: Mapping[str, Any] | None = None,
    formatters: Mapping[str, Callable[[Any], str]] | None = None,
    extra_changes: Callable[[Any, Any], list[Change]] | None = None,
) -> list[HistoryEntry]:
    """Compare each history row with the one before it for the same object. `not_shown` are bookkeeping columns
    that say nothing to a reader; `labels` name fields whose model declares no Norwegian name; `extra_changes`
    adds what the row's own columns do not hold (many-to-many sets, see `set_change`)."""
    fields = [f for f in model._meta.concrete_fields if f.name not in not_shown]
    actions = {"+": _("Opprettet"), "~": _("Endret"), "-": _("Slettet")}
    previous: dict[int, Any] = {}
    entries = []
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(row.id)
        previous[row.id] = row
        changes: list[Change] = []
        if row.history_type == "~" and before is not None:
            changes = [
                Change(
                    str((labels or {}).get(f.name, f.verbose_name)).capitalize(),
                    display_value(f, getattr(before, f.attname), names, formatters),
                    display_value(f, getattr(row, f.attname), names, formatters),
                )
                for f in fields
                if hasattr(row, f.attname) and getattr(before, f.attname) != getattr(row, f.attname)
            ]
            if extra_changes is not None:
                changes += extra_changes(before, row)
            if not changes:
                continue  # a save that changed nothing a reader can see
        entries.append(
            HistoryEntry(
                when=row.history_date,
                user=row.history_user,
                action=actions.get(row.history_type, row.history_type),
                subject=subject(row),
                reason=row.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def sets_by_row(m2m_history: type[Model], rows: Iterable[Any], target: str) -> dict[int, set[int]]:
    """The ids a many-to-many field held at each history row (simple-history keeps them in their own table)."""
    result: dict[int, set[int]] = {}
    pairs = m2m_history._default_manager.filter(history__in=[r.history_id for r in rows]).values_list(
        "history_id", target
    )
    for history_id, target_id in pairs:
        result.setdefault(history_id, set()).add(target_id)
    return result


def set_change(label: str, old: set[int], new: set[int], names: Mapping[int, str]) -> list[Change]:
    """One change line for a many-to-many field, or none when the set is the same."""
    if old == new:
        return []

    def listed(ids: set[int]) -> str:
        return ", ".join(sorted(names.get(i, f"#{i}") for i in ids)) or "–"

    return [Change(label, listed(old), listed(new))]
