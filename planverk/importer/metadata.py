"""The plan's own metadata where the document states it: title, period, adoption (organ, date, case number),
hearing draft, overall goal, and which municipality or county the plan is from."""

import re

from django.utils.translation import gettext as _

from planverk.importer.clean import UPPER, normalise
from planverk.importer.dates import parse_date
from planverk.importer.proposal import Proposal
from planverk.organisations.models import Organisation, OrganisationKind

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
OVERALL_GOAL = re.compile(
    r"^(?:#+\s*)?(?:Hovedmål|Overordnet mål|Overordna mål|Visjon|Samfunnsmål|Planens hovedmål)\s*[:.–—-]\s*(.+)$",
    re.IGNORECASE,
)


_TITLE = re.compile(
    r"((?:Kommunal\s+|Regional\s+|Interkommunal\s+)?[Hh]andlingsplan(?:en)?\s+(?:for|mot)\s+[^.\n\t(«»\"]{3,70}?"
    r"(?:\s*\(?(?:19|20)\d\d\s*[–-]\s*(?:19|20)\d\d\)?)?(?:\s+[–-]\s+[A-ZÆØÅ«][^.\n\t,]{2,40})?)"
    r"(?=\s*(?:[.,(»\"”]|$|\n| ble | er | skal | har | inngår ))"
)
_PERIOD = re.compile(r"\b(20\d\d)\s*[-–—]\s*(20\d\d)\b")
_ADOPTED = re.compile(
    r"[Vv]edtatt\s+(?:av\s+|i\s+)?(?:(kommunestyret|bystyret|fylkestinget|bydelsutvalget|formannskapet|"
    r"regjeringen|kommunestyre\w*|Kommunestyret|Bystyret|Fylkestinget)\s+)?(?:den\s+)?"
    r"(\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})|\d{1,2}\.\s+[a-zæøå]+\s+\d{4})"
)
_CASE = re.compile(
    r"\b(?:sak|saksnr\.?|saksnummer|PS|k-sak|KS-sak|arkivsak)\s*(?:nr\.?)?\s*:?\s*(\d{1,6}/\d{2,4})", re.I
)


def read_metadata(lines: list[str], proposal: Proposal, *, national: bool) -> None:
    head = "\n".join(lines[:80])
    first_heading = next(
        (
            m.group(2).strip()
            for line in lines[:80]
            if (m := MARKDOWN_HEADING.match(line.strip())) and "plan" in m.group(2).lower()
        ),
        "",
    )
    title = first_heading
    if not title:
        # The first plan the text names that is not the national one it builds on.
        found = next(
            (
                m
                for m in _TITLE.finditer(head)
                if national
                or not re.search(
                    r"(?:regjeringens|nasjonale?|statens)\s*$", head[max(0, m.start() - 20) : m.start()], re.I
                )
            ),
            None,
        )
        title = found.group(1).strip() if found else ""
        proposal.uncertain.append("title")
    title = normalise(title)
    proposal.title = (title[:1].upper() + title[1:]) if title else _("Handlingsplan for forebygging av selvmord")
    _period(proposal, "\n".join(lines))
    text = "\n".join(lines)
    adopted = _ADOPTED.search(text)
    if adopted:
        proposal.adopted_by = (adopted.group(1) or "").capitalize()
        proposal.adopted_on = parse_date(adopted.group(2))
        case = _CASE.search(text[adopted.start() : adopted.end() + 80])
        if case:
            proposal.case_number = case.group(1)
    lowered = head.casefold()
    proposal.hearing_draft = any(w in lowered for w in ("høringsutkast", "høyringsutkast", "utkast til høring"))
    proposal.status_report = bool(re.search(r"^\s*(?:status\s+pr\.?|statusrapport|årsrapport)", lowered, re.M))
    overall = next((m.group(1).strip() for line in lines if (m := OVERALL_GOAL.match(line.strip()))), "")
    proposal.overall_goal = normalise(overall)
    if proposal.hearing_draft:
        proposal.notes.append(_("Dokumentet er et høringsutkast."))
    if proposal.status_report:
        proposal.notes.append(
            _("Dokumentet ser ut som en statusrapport: teksten under hvert tiltak er lagt i «Hva». Flytt den gjerne.")
        )


_PLAN_PERIOD = re.compile(
    r"(?:planperioden?\s+(?:er\s+|går\s+)?(?:fra\s+)?|planen\s+gjelder\s+(?:for\s+)?(?:perioden\s+)?)"
    r"((?:19|20)\d\d)\s*(?:[-–—]|til)\s*((?:19|20)\d\d)",
    re.I,
)
_VALID_FROM = re.compile(r"(?:gjeldende|gjelder|gjeld|gyldig)\s+fra\s+((?:19|20)\d\d)", re.I)
_REVISED_AFTER = re.compile(r"(?:rulleres|revideres|rullerast|reviderast)\s+etter\s+(\d{1,2})\s+år", re.I)


def _period(proposal: Proposal, text: str) -> None:
    period = _PERIOD.search(proposal.title) or _PLAN_PERIOD.search(text)
    if period:
        proposal.period_start, proposal.period_end = int(period.group(1)), int(period.group(2))
    else:
        valid_from = _VALID_FROM.search(text)
        if valid_from:
            proposal.period_start = int(valid_from.group(1))
            revised = _REVISED_AFTER.search(text)
            if revised:
                proposal.period_end = proposal.period_start + int(revised.group(1)) - 1
    if proposal.period_start and not _PERIOD.search(proposal.title):
        proposal.uncertain.append("period")


def guess_organisation(text: str) -> Organisation | None:
    """The municipality or county a plan names most often as "<navn> kommune"; the ministry for the national plan."""
    counts: dict[str, int] = {}
    for m in re.finditer(rf"\b([{UPPER}][\w-]+(?:\s[{UPPER}][\w-]+)?)\s+(kommunes?|fylkeskommunes?)\b", text, re.I):
        name = m.group(1).casefold()
        counts[name] = counts.get(name, 0) + 1
    by_name = {
        o.name.casefold(): o
        for o in Organisation.objects.filter(kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY])
    }
    for name, _count in sorted(counts.items(), key=lambda x: -x[1]):
        if name in by_name:
            return by_name[name]
    if len(re.findall(r"^Regjeringen vil\b", text, re.M)) >= 3:
        return Organisation.objects.filter(number="HOD").first()
    return None
