"""Safe messaging: public text about suicide is checked before it is published.

The wording to avoid (method and location detail, sensational words, suicide framed as a solution or with one
cause) is kept in data/safe_messaging.yaml, maintained in one place. A finding does not forbid the text: the
coordinator reads the advice and either changes the text or confirms it explicitly. Every write service that
publishes text calls `require_confirmation`, so a flagged text never reaches a public page unconfirmed.
"""

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RULES_FILE = Path(__file__).resolve().parent / "data" / "safe_messaging.yaml"

CATEGORY_LABELS = {
    "method": _("Metode"),
    "location": _("Sted"),
    "sensational": _("Sensasjonspreget ordbruk"),
    "framing": _("Selvmord fremstilt som løsning eller med én årsak"),
}

# Recorded in the change history when a coordinator publishes a text despite findings.
CONFIRMED_REASON = "Publisert etter bekreftelse av merknader om trygg omtale av selvmord"


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern[str]
    advice: str


@dataclass(frozen=True)
class Finding:
    field: str
    category: str
    phrase: str
    advice: str

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS.get(self.category, self.category))


@functools.cache
def rules() -> tuple[Rule, ...]:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(
        Rule(
            category=entry["category"],
            # \b before the pattern: rules match whole words or word starts, never the middle of a word.
            pattern=re.compile(r"\b(?:" + entry["pattern"] + r")", re.IGNORECASE),
            advice=entry["advice"],
        )
        for entry in data["rules"]
    )


def check(text: str, field: str = "") -> list[Finding]:
    """Every passage of `text` the rules flag, in text order, each phrase once."""
    found: dict[tuple[str, str], tuple[int, Finding]] = {}
    for rule in rules():
        for match in rule.pattern.finditer(text or ""):
            phrase = " ".join(match.group(0).split())
            key = (rule.category, phrase.lower())
            if key not in found:
                found[key] = (match.start(), Finding(field, rule.category, phrase, rule.advice))
    return [finding for _start, finding in sorted(found.values(), key=lambda item: item[0])]


def check_texts(texts: Mapping[str, str | None] | Iterable[tuple[str, str | None]]) -> list[Finding]:
    """Findings over several fields, e.g. {"title": ..., "text": ...}."""
    items = texts.items() if isinstance(texts, Mapping) else texts
    return [finding for field, text in items for finding in check(text or "", field)]


class FlaggedText(ValidationError):
    """The text has findings and was not confirmed. Forms show the findings and ask for confirmation."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        phrases = ", ".join(f"«{finding.phrase}»" for finding in findings)
        super().__init__(
            _(
                "Teksten inneholder ord som frarådes i offentlig omtale av selvmord: %(phrases)s. "
                "Endre teksten, eller bekreft at den skal publiseres slik den er."
            )
            % {"phrases": phrases},
            code="safe_messaging",
        )


def require_confirmation(
    texts: Mapping[str, str | None] | Iterable[tuple[str, str | None]], *, confirmed: bool
) -> list[Finding]:
    """Raise FlaggedText when the texts have findings and the coordinator has not confirmed them.

    Returns the findings (empty when clean), so a service can record that a confirmed text had them.
    """
    findings = check_texts(texts)
    if findings and not confirmed:
        raise FlaggedText(findings)
    return findings
