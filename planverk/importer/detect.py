"""Structure detection: clean plan text in, a proposed plan out.

Rules follow how Norwegian plans are written in general, not one municipality's wording: goal headings ("Mål 1 –",
"Mål 4:"), numbered sections that group measures ("3.2 Nyttig for noen"), measure headings ("Tiltak 1.",
"TILTAK 3", "Tiltak 2 – …"), measure tables (a header row naming "Tiltak", numbered rows, rows that lost their
number), labelled fields (HVA, HVORFOR, NÅR, ANSVARLIG, RESULTATMÅL, EFFEKTMÅL, "Ansvarlig departement: …") and
responsibility and deadlines written in prose. Whatever a rule is unsure of is marked uncertain for the review.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from planverk.importer.clean import LOWER, UPPER, join_wrapped, normalise
from planverk.importer.dates import parse_timeframe
from planverk.importer.errors import ImportRefused
from planverk.importer.metadata import MARKDOWN_HEADING, OVERALL_GOAL, read_metadata
from planverk.importer.proposal import (
    Proposal,
    ProposedGoal,
    ProposedLink,
    ProposedMeasure,
    ProposedObjective,
    ProposedResponsible,
)
from planverk.organisations.models import Organisation, OrganisationKind, Unit
from planverk.plans.models import Plan, PlanLevel, PlanStatus

MAX_LINES = 60_000
_NATIONAL_KINDS = (OrganisationKind.MINISTRY, OrganisationKind.DIRECTORATE)


# Goal headings: "Mål 1 – …", "Mål 4: …", "Delmål 2.1 …", "Innsatsområde 3: …".
_GOAL = re.compile(
    rf"^(?:#+\s*)?(?:Mål|MÅL|Delmål|Hovedmål|Målområde|Innsatsområde|INNSATSOMRÅDE|Satsingsområde|Satsningsområde|"
    rf"Fokusområde|Strategi)\s+(\d{{1,2}}(?:\.\d{{1,2}})?)\s*(?:[:.–—-]\s*(.*)|\s+([{UPPER}«\"].*))?$"
)
# Measure headings: "Tiltak 1.", "TILTAK 3 Opplæring …", "Tiltak 2 – …", "Tiltak 1.2: …".
_MEASURE = re.compile(
    rf"^(?:#+\s*)?(Tiltak|TILTAK)\s+(\d{{1,3}}(?:\.\d{{1,2}})?)(?:\s*[.:–—-]\s*(.*)|\s+([{UPPER}«\"(].*))?$"
)
_NUMBERED_HEADING = re.compile(rf"^(\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})\.?\s+([{UPPER}].{{1,100}})$")
_CHAPTER = re.compile(r"^(?:Kapittel|KAPITTEL|Kap\.|Del|DEL)\s+(\d{1,2})\s*[-–—:.]\s*(.+)$")
_TOC_ENTRY = re.compile(r"(?:\t\s*\d{1,3}|\.{4,}\s*\d{1,3}|\s{3,}\d{1,3})\s*$")
_TABLE_ROW_NUMBER = re.compile(r"^(\d{1,3})[.)]?(?:\t|\s+)(.*)$")
_SECTION_LABEL = re.compile(rf"^[{UPPER}][{LOWER}A-Za-zÆØÅæøå /-]{{2,40}}:\s*$")
_SENTENCE_END = re.compile(r"[.!?:;»\")]\s*$")

# Labelled fields of a measure. Upper-case labels stand alone; others need a colon.
_FIELDS: dict[str, tuple[str, ...]] = {
    "what": ("HVA", "KVA", "BESKRIVELSE", "Hva", "Kva", "Beskrivelse", "Skildring", "Innhold", "Tiltaksbeskrivelse"),
    "why": (
        "HVORFOR",
        "KVIFOR",
        "BEGRUNNELSE",
        "GRUNNGJEVING",
        "Hvorfor",
        "Kvifor",
        "Begrunnelse",
        "Grunngjeving",
        "Bakgrunn",
    ),
    "timeframe": (
        "NÅR",
        "TIDSRAMME",
        "FRIST",
        "Når",
        "Tidsramme",
        "Tidsplan",
        "Tidsperiode",
        "Frist",
        "Periode",
        "Gjennomføring",
    ),
    "responsible": (
        "ANSVARLIG",
        "ANSVARLEG",
        "ANSVAR",
        "Ansvarlig departement",
        "Ansvarlige departement",
        "Ansvarlig byrådsområde",
        "Ansvarlig enhet",
        "Ansvarlig tjeneste",
        "Ansvarlig sektor",
        "Ansvarlige",
        "Ansvarlig",
        "Ansvarleg",
        "Hovedansvar",
        "Ansvar",
    ),
    "partners": ("SAMARBEIDSPARTNERE", "Samarbeidspartnere", "Samarbeidspartner", "Samarbeid med", "Medansvarlig"),
    "cost": ("KOSTNAD", "ØKONOMI", "Kostnad", "Kostnader", "Økonomi", "Finansiering", "Ressursbehov", "Budsjett"),
    "result": ("RESULTATMÅL", "Resultatmål", "Resultatmål og indikatorer"),
    "effect": ("EFFEKTMÅL", "Effektmål"),
}
_LABELS = sorted(((label, name) for name, labels in _FIELDS.items() for label in labels), key=lambda x: -len(x[0]))
_LABEL_RE = [
    (
        name,
        re.compile(rf"^{re.escape(label)}(?:\s*:\s*|\s+|$)(.*)$")
        if label.isupper()
        else re.compile(rf"^{re.escape(label)}\s*:\s*(.*)$"),
    )
    for label, name in _LABELS
]

_PROSE_RESPONSIBLE = [
    re.compile(
        rf"([{UPPER}][^.;:\n]{{1,90}}?)\s+(?:er|blir|har|vert)\s+(?:hoved)?ansvarl(?:i|e)g(?:e)?\s+for\s+"
        r"(?:gjennomføring|gjennomføringa|oppfølging|oppfølginga|iverksetting|tiltaket)"
    ),
    re.compile(r"[Aa]nsvaret\s+(?:for\s+[^.]{1,60}?\s+)?ligger\s+(?:hos|i)\s+([^.;\n]{2,90})"),
    re.compile(r"[Aa]nsvarlig\s+for\s+gjennomføring(?:en)?(?:\s+av\s+tiltaket)?\s*(?:er|:)\s*([^.;\n]{2,90})"),
]
_PROSE_DEADLINE = re.compile(
    r"((?:[Ss]enest\s+)?[Ii]nnen\s+(?:utgangen\s+av\s+)?(?:\d{1,2}\.\s?\d{1,2}\.\s?)?\d{4}"
    r"|[Ii] løpet av\s+(?:\d{4}|våren\s+\d{4}|høsten\s+\d{4})"
    r"|[Ff]rist:?\s+\d{1,2}\.\s?\d{1,2}\.\s?\d{4})"
)

_PREVENTION_WORDS = (
    ("universal", re.compile(r"universel|for alle\b|befolkningsrettet|hele befolkningen", re.I)),
    ("selective", re.compile(r"selektiv|for noen\b|utsatte grupper|risikogrupper", re.I)),
    ("indicated", re.compile(r"indikert|indikativ|for enkelte\b|enkeltpersoner", re.I)),
)
_MINISTRY_SPLIT = re.compile(r"\s*(?:,|;|/|\bog\b|\bsamt\b|&)\s*")
# Not " og ": unit names often hold it ("Helse og omsorg", "Psykisk helse og rus").
_UNIT_SPLIT = re.compile(r"\s*(?:,|;|\bsamt\b|\bi samarbeid med\b|\bi samarbeid mellom\b)\s*")
_CONNECTOR_END = re.compile(
    r"(?:\b(?:og|eller|for|i|av|til|med|om|på|mot|fra|ved|mellom|samt|etter|under)|[,(/–-])$", re.I
)
_FILLER = re.compile(
    r"^(?:et|en)?\s*(?:samarbeid\s+mellom|samarbeid\s+med|i\s+samarbeid\s+med|ledere\s+i|leder\s+for|alle|"
    r"andre\s+relevante\s+\w+(?:\s+i)?|relevante)\s+",
    re.I,
)


@dataclass
class _Block:
    """A measure while it is being read: its lines, and table cells when it came from a table row."""

    number: str
    header: str
    start: int
    goal_key: str | None
    heading_key: str | None
    from_table: bool = False
    number_lost: bool = False
    lines: list[tuple[int, str]] = field(default_factory=list)
    cells: dict[str, list[str]] = field(default_factory=dict)
    end: int = 0


@dataclass
class _Heading:
    key: str
    number: str
    title: str
    line: int
    description: list[str] = field(default_factory=list)


def propose(text: str, organisation: Organisation) -> Proposal:
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise ImportRefused(_("Dokumentet er for langt til å leses som én plan."))
    reader = _Reader(lines)
    reader.read()
    proposal = Proposal()
    read_metadata(lines, proposal, national=organisation.kind in _NATIONAL_KINDS)
    goals = reader.goals_for_proposal()
    proposal.goals = goals
    known = {g.key for g in goals}
    units = _Units(organisation)
    national = _NationalPlan.find(organisation)
    for block in reader.blocks:
        measure = _measure(block, units, proposal.status_report)
        measure.goal_key = block.goal_key if reader.explicit_goals else block.heading_key
        if measure.goal_key not in known:
            measure.goal_key = None
        proposal.measures.append(measure)
    if not proposal.measures:
        raise ImportRefused(
            _(
                "Fant ingen tiltak i dokumentet. Planverk ser etter overskrifter som «Tiltak 1» eller en tabell "
                "med kolonnen «Tiltak». Sjekk at dette er handlingsplanen, eller legg inn tiltakene selv."
            )
        )
    for goal in goals:
        heading = reader.heading_for(goal.key)
        if goal.kind == "category" and not goal.prevention_level:
            goal.prevention_level = _prevention_level(goal.title)
        if national and heading is not None:
            goal.links = national.goal_links(
                " ".join([goal.title, *heading.description, *reader.section_text(goal.key)])
            )
    for measure in proposal.measures:
        parent = proposal.goal(measure.goal_key)
        if parent and parent.prevention_level and not measure.prevention_level:
            measure.prevention_level = parent.prevention_level
        if national:
            measure.links = national.measure_links(" ".join([measure.title, measure.what]))
    if reader.explicit_goals and any(m.goal_key is None for m in proposal.measures):
        for measure in proposal.measures:
            if measure.goal_key is None:
                measure.uncertain.append("goal")
    _check_numbers(proposal.measures)
    return proposal


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[_Block] = []
        self.goals: list[_Heading] = []
        self.headings: list[_Heading] = []
        self.explicit_goals = False
        self.overall_goal = ""
        self._goal: _Heading | None = None
        self._heading: _Heading | None = None
        self._block: _Block | None = None
        self._table: list[str] | None = None  # column names of the measure table being read
        self._seen: set[tuple[str | None, str]] = set()
        self._last_number: dict[str | None, float] = {}
        self._in_description: _Heading | None = None
        self._last_section: tuple[int, ...] = ()

    # --- pass over the lines ---

    def read(self) -> None:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            stripped = line.strip()
            if not stripped:
                self._add_line(i, "")
                i += 1
                continue
            goal = _GOAL.match(stripped)
            if goal and self._accept_goal(goal.group(1)):
                title = (goal.group(2) or goal.group(3) or "").strip()
                i = self._start_goal(i, goal.group(1), title)
                continue
            heading = self._heading_at(stripped, line)
            if heading is not None:
                self._start_heading(i, *heading)
                i += 1
                continue
            measure = _MEASURE.match(stripped)
            if measure and self._accept_measure(i, measure):
                i = self._start_measure(i, measure.group(2), (measure.group(3) or measure.group(4) or "").strip())
                continue
            if self._table_header_at(i):
                i = self._start_table(i)
                continue
            if self._table is not None and self._table_row(i, line):
                i += 1
                continue
            self._add_line(i, line)
            i += 1
        self._close_block(n)

    def _accept_goal(self, number: str) -> bool:
        # A goal number seen before is a mention ("mål 6 i regjeringens handlingsplan"), not a heading.
        return ("goal", number) not in self._seen

    def _start_goal(self, i: int, number: str, title: str) -> int:
        self._close_block(i)
        self._table = None
        self._seen.add(("goal", number))
        start = i
        i += 1
        if not title:
            while i < len(self.lines) and not self.lines[i].strip():
                i += 1
            if i < len(self.lines):
                title = self.lines[i].strip()
                i += 1
        # A heading may run over a line or two: "Mål 1 – Systematikk og helhet i det / selvmordsforebyggende arbeidet"
        for _step in range(2):
            # A PDF may put an empty line inside a heading that wraps.
            j = i + 1 if i + 1 < len(self.lines) and not self.lines[i].strip() else i
            if j < len(self.lines) and _continues_heading(title, self.lines[j]):
                title = join_wrapped(title, self.lines[j])
                i = j + 1
        goal = _Heading(key=f"g{len(self.goals) + 1}", number=number, title=normalise(title), line=start + 1)
        self.goals.append(goal)
        self.explicit_goals = True
        self._goal = goal
        self._in_description = goal
        return i

    def _heading_at(self, stripped: str, line: str) -> tuple[str, str] | None:
        if "\t" in line or _TOC_ENTRY.search(line):
            return None
        markdown = MARKDOWN_HEADING.match(stripped)
        if markdown:
            title = markdown.group(2).strip()
            numbered = _NUMBERED_HEADING.match(title)
            if numbered:
                return numbered.group(1), numbered.group(2).strip()
            chapter = _CHAPTER.match(title)
            if chapter:
                return chapter.group(1), chapter.group(2).strip()
            return "", title
        chapter = _CHAPTER.match(stripped)
        if chapter:
            return chapter.group(1), chapter.group(2).strip()
        numbered = _NUMBERED_HEADING.match(stripped)
        # Table rows carry single numbers; "3.2 Nyttig for noen" after a table is the next section.
        in_table = self._table is not None and "." not in (numbered.group(1) if numbered else "")
        if numbered and not in_table and not _SENTENCE_END.search(stripped.rstrip(".")):
            title = numbered.group(2).strip()
            key = _section_key(numbered.group(1))
            # Inside a measure, a numbered line is a heading only if it carries the section numbering on;
            # a smaller number is an item of a list ("RESULTATMÅL 1. …, 2. …").
            inside = self._block is not None and not self._block.from_table
            if len(title.split()) <= 12 and not title.endswith(",") and (not inside or key > self._last_section):
                self._last_section = key
                return numbered.group(1), title
        return None

    def _start_heading(self, i: int, number: str, title: str) -> None:
        self._close_block(i)
        self._table = None
        heading = _Heading(key=f"h{len(self.headings) + 1}", number=number, title=normalise(title), line=i + 1)
        self.headings.append(heading)
        self._heading = heading
        self._in_description = heading
        # A new chapter after the goals ends the last goal's reach.
        if self._goal is not None and number.count(".") == 0 and number:
            self._goal = None

    def _accept_measure(self, i: int, match: re.Match[str]) -> bool:
        number = match.group(2)
        scope = self._scope()
        if (scope, number) in self._seen:
            return False
        title = match.group(3) or match.group(4) or ""
        previous = self.lines[i - 1].strip() if i > 0 else ""
        # "… som besvarer / Tiltak 14." is a sentence running on, not a heading.
        running_on = previous[-1:].isalpha() and previous[-1:].islower() and " " in previous
        if not title and running_on and match.group(1) == "Tiltak":
            return False
        last = self._last_number.get(scope)
        value = _number_value(number)
        return not (last is not None and value is not None and value < last and value != 1)

    def _scope(self) -> str | None:
        if self._goal is not None:
            return self._goal.key
        return self._heading.key if self._heading is not None else None

    def _start_measure(self, i: int, number: str, title: str) -> int:
        self._close_block(i)
        self._table = None
        scope = self._scope()
        self._seen.add((scope, number))
        value = _number_value(number)
        if value is not None:
            self._last_number[scope] = value
        self._block = _Block(
            number=number,
            header=title,
            start=i,
            goal_key=self._goal.key if self._goal else None,
            heading_key=self._heading.key if self._heading else None,
        )
        self._in_description = None
        return i + 1

    # --- tables ---

    def _table_header_at(self, i: int) -> bool:
        line = self.lines[i].strip()
        cells = [c.strip() for c in re.split(r"\t|\s{3,}", line) if c.strip()]
        words = line.replace("\t", " ").split()
        if not words or len(line) > 100:
            return False
        if cells and cells[0] in ("Nr.", "Nr", "#") and len(cells) == 1:
            # "Nr." alone: the other column names follow on the next lines.
            ahead = [self.lines[j].strip() for j in range(i + 1, min(i + 6, len(self.lines))) if self.lines[j].strip()]
            return bool(ahead) and ahead[0] == "Tiltak"
        has_measure = any(re.fullmatch(r"Tiltak(?:et)?|TILTAK|Tiltak\s*/\s*aktivitet", c) for c in cells) or (
            words[:2] in (["Nr.", "Tiltak"], ["Nr", "Tiltak"]) or (words[:1] == ["Tiltak"] and len(words) <= 6)
        )
        other = re.search(r"Beskrivelse|Ansvar|Frist|Tidsplan|Tidsramme|Når|Nr\.?|Status|Målgruppe|Hvem", line)
        return bool(has_measure and (other or "\t" in self.lines[i]))

    def _start_table(self, i: int) -> int:
        self._close_block(i)
        header = self.lines[i].strip()
        j = i + 1
        if header in ("Nr.", "Nr", "#"):
            # Column names one per line: read them until the first numbered row.
            columns = ["Nr."]
            while j < len(self.lines) and not _TABLE_ROW_NUMBER.match(self.lines[j].strip()):
                if self.lines[j].strip():
                    columns.append(self.lines[j].strip())
                j += 1
        else:
            columns = [c.strip() for c in re.split(r"\t|\s{3,}", header) if c.strip()]
            if len(columns) == 1:
                columns = header.split()
        self._table = [c for c in columns if c not in ("Nr.", "Nr", "#")]
        self._in_description = None
        return j

    def _table_row(self, i: int, line: str) -> bool:
        stripped = line.strip()
        if _SECTION_LABEL.match(stripped):
            # "Relevant planverk:" and the like end the table.
            self._close_block(i)
            self._table = None
            return False
        numbered = _TABLE_ROW_NUMBER.match(line.lstrip(" "))
        cells = line.split("\t")
        if numbered and self._accept_row_number(numbered.group(1)):
            self._close_block(i)
            rest = line.lstrip(" ")[numbered.end(1) :].lstrip(".) \t")
            self._open_row(i, numbered.group(1), rest.split("\t") if "\t" in rest else [rest])
            return True
        block = self._block
        if line.startswith("\t") and block is not None and block.from_table:
            row = [c.strip() for c in cells[1:]]
            text = row[0] if row else ""
            if (
                text[:1].isupper()
                and _SENTENCE_END.search(" ".join(block.cells.get("title", [])))
                and len(row) > 1
                and row[-1]
            ):
                # A row that lost its number: it starts a sentence of its own and names who is responsible.
                self._close_block(i)
                self._open_row(i, "", row, number_lost=True)
                return True
            self._extend_row(i, row, cells_known=True)
            return True
        if block is not None and block.from_table and block.cells.get("title") and stripped and "\t" not in line:
            title = block.cells["title"]
            if not _SENTENCE_END.search(title[-1]):
                # A wrapped line of a row whose cells were found (a table copied out of a PDF).
                title.append(stripped)
                return True
        return False

    def _accept_row_number(self, number: str) -> bool:
        scope = self._scope()
        value = int(number)
        last = self._last_number.get(scope)
        if (scope, number) in self._seen:
            return False
        if last is None:
            # Numbering may run on from an earlier goal (Drammen: 1–11 across five goals).
            previous = max(self._last_number.values(), default=0)
            return value in (1, int(previous) + 1)
        return int(last) < value <= int(last) + 3

    def _open_row(self, i: int, number: str, cells: list[str], number_lost: bool = False) -> None:
        scope = self._scope()
        if number:
            self._seen.add((scope, number))
            self._last_number[scope] = float(number)
        block = _Block(
            number=number,
            header="",
            start=i,
            goal_key=self._goal.key if self._goal else None,
            heading_key=self._heading.key if self._heading else None,
            from_table=True,
            number_lost=number_lost,
        )
        self._block = block
        self._extend_row(i, cells)

    def _extend_row(self, i: int, cells: list[str], cells_known: bool = False) -> None:
        block = self._block
        assert block is not None
        columns = self._table or ["Tiltak"]
        if len(cells) == 1 and not cells_known:
            title = block.cells.get("title")
            if title and not _SENTENCE_END.search(title[-1]):
                # A wrapped line of a row whose cells were found: it continues the measure's text.
                title.append(cells[0].strip())
                return
            # Text without cells: the description below a row whose columns were flattened.
            block.lines.append((i, cells[0]))
            return
        names = _column_names(columns, len(cells))
        for name, cell in zip(names, cells, strict=False):
            if cell.strip():
                block.cells.setdefault(name, []).append(cell.strip())
        block.lines.append((i, "\t".join(cells)))

    # --- lines that belong to what came before ---

    def _add_line(self, i: int, line: str) -> None:
        if self._block is not None:
            self._block.lines.append((i, line))
            return
        overall = OVERALL_GOAL.match(line.strip())
        if overall and not self.overall_goal:
            self.overall_goal = overall.group(1).strip()
        if self._in_description is not None:
            self._in_description.description.append(line)

    def _close_block(self, i: int) -> None:
        if self._block is not None:
            self._block.end = i
            self.blocks.append(self._block)
            self._block = None

    # --- results ---

    def goals_for_proposal(self) -> list[ProposedGoal]:
        if self.explicit_goals:
            return [
                ProposedGoal(
                    key=g.key,
                    number=g.number,
                    title=g.title,
                    kind="goal",
                    description=_description(g.description),
                    source_line=g.line,
                )
                for g in self.goals
            ]
        used = [h for h in self.headings if any(b.heading_key == h.key for b in self.blocks)]
        if len(used) < 2:
            return []
        return [
            ProposedGoal(
                key=h.key,
                number=h.number,
                title=h.title,
                kind="category",
                description=_description(h.description),
                source_line=h.line,
            )
            for h in used
        ]

    def heading_for(self, key: str) -> _Heading | None:
        return next((h for h in [*self.goals, *self.headings] if h.key == key), None)

    def section_text(self, key: str) -> list[str]:
        """The text of a goal's section after its measures (where plans name the national goal they serve)."""
        blocks = [b for b in self.blocks if (b.goal_key if self.explicit_goals else b.heading_key) == key]
        if not blocks:
            return []
        last = blocks[-1]
        following = [g.line - 1 for g in [*self.goals, *self.headings] if g.line - 1 > last.start]
        end = min(following, default=len(self.lines))
        return [line for _, line in last.lines] + self.lines[last.end : end]


def _column_names(columns: list[str], count: int) -> list[str]:
    names = []
    for column in columns:
        lowered = column.lower()
        if lowered.startswith("ansvar") or lowered.startswith("hvem"):
            names.append("responsible")
        elif lowered.startswith(("frist", "tid", "når", "periode")):
            names.append("timeframe")
        elif lowered.startswith(("beskrivelse", "hva", "innhold")):
            names.append("what")
        elif lowered.startswith("tiltak"):
            names.append("title")
        elif lowered.startswith("status"):
            names.append("status")
        else:
            names.append("other")
    if count > len(names):
        names += ["other"] * (count - len(names))
    if 1 < count < len(names) and "responsible" in names:
        # Cells missing from a row are the middle ones; the responsible column keeps to the right.
        names = [*names[: count - 1], "responsible"]
    return names[:count]


# --- one measure ---


def _measure(block: _Block, units: "_Units", status_report: bool) -> ProposedMeasure:
    measure = ProposedMeasure(
        key=f"m{block.start + 1}", number=block.number, source_line=block.start + 1, source_end=block.end
    )
    if block.number_lost:
        measure.uncertain.append("number")
    values: dict[str, list[str]] = {}
    current = "body"
    colon_label = False
    body: list[str] = []
    title_lines: list[str] = [block.header] if block.header else []
    title_open = bool(block.header) or not block.from_table
    title_gap = False
    if block.from_table:
        title_lines = [*block.cells.get("title", [])]
        title_open = not block.cells
    for _i, line in block.lines:
        stripped = line.strip()
        if "\t" in line and block.from_table:
            continue
        label = _label(stripped)
        if label:
            current, rest = label
            colon_label = not stripped.split()[0].isupper()
            values.setdefault(current, [])
            if rest:
                values[current].append(rest)
            title_open = False
            continue
        if title_open:
            if not stripped:
                if title_lines:
                    title_gap = True
                continue
            ends = title_lines[-1] if title_lines else ""
            # A title runs on over lines that continue it: lower case, or after "og", "for", a comma …
            runs_on = not ends or stripped[:1].islower() or bool(_CONNECTOR_END.search(ends))
            if (title_gap and (stripped[:1].isupper() or _SENTENCE_END.search(ends))) or (block.header and not runs_on):
                title_open = False
            else:
                title_gap = False
                title_lines.append(stripped)
                continue
        if current == "body":
            body.append(line)
        else:
            if colon_label and not stripped and current in ("responsible", "timeframe"):
                current = "body"
                continue
            values[current].append(line)
    if block.from_table:
        for name in ("what", "responsible", "timeframe"):
            if block.cells.get(name):
                values.setdefault(name, []).extend(block.cells[name])
    measure.title = normalise(_join_all(title_lines)).rstrip(" :")
    if not measure.title:
        # A heading without a title: the first paragraph of the text is the title ("Regjeringen vil …").
        paragraphs = _paragraphs(body)
        if paragraphs:
            measure.title = paragraphs.pop(0)
            body = "\n\n".join(paragraphs).split("\n")
    what = _text(values.get("what", []))
    rest = _text(body)
    measure.what = "\n\n".join(p for p in (what, rest) if p)
    if status_report and not values.get("what") and rest:
        # In a status report the text under each measure is its status, kept where the coordinator can move it.
        measure.uncertain.append("what")
    measure.why = _text(values.get("why", []))
    measure.partners = _text(values.get("partners", []))
    measure.cost = _text(values.get("cost", []))
    timeframe = "\n".join(re.sub(r"^- ", "", line) for line in _text(values.get("timeframe", [])).split("\n"))
    if not timeframe and not status_report:
        found = _PROSE_DEADLINE.search(" ".join([measure.title, what]))
        if found:
            timeframe = found.group(1)[:1].upper() + found.group(1)[1:]
            measure.uncertain.append("timeframe")
    measure.timeframe = timeframe
    measure.start_year, measure.due_year, measure.due_date = parse_timeframe(timeframe)
    responsible_text = normalise(" ".join(_text(values.get("responsible", [])).split()))
    if not responsible_text:
        responsible_text = _prose_responsible(
            " ".join([measure.title, what] if status_report else [measure.title, measure.what])
        )
        if responsible_text:
            measure.uncertain.append("responsible")
    measure.responsible_text = responsible_text
    if responsible_text:
        measure.responsible, unsure = units.match(responsible_text, table_cell=block.from_table)
        if unsure and "responsible" not in measure.uncertain:
            measure.uncertain.append("responsible")
    measure.objectives = _objectives("result", values.get("result", [])) + _objectives(
        "effect", values.get("effect", [])
    )
    if len(measure.title) > 300 or len(measure.title) < 4:
        measure.uncertain.append("title")
    return measure


def _label(line: str) -> tuple[str, str] | None:
    for name, pattern in _LABEL_RE:
        m = pattern.match(line)
        if m:
            return name, m.group(1).strip()
    return None


def _prose_responsible(text: str) -> str:
    for pattern in _PROSE_RESPONSIBLE:
        m = pattern.search(text)
        if m:
            return m.group(1).strip(" ,")
    return ""


def _objectives(kind: str, lines: list[str]) -> list[ProposedObjective]:
    items: list[str] = []
    for paragraph in _paragraphs(lines, keep_items=True):
        for item in re.split(r"\n(?=- |\d+\.\s)", paragraph):
            item = re.sub(r"^(?:- |\d+\.\s+)", "", item.strip())
            if item:
                items.append(" ".join(item.split()))
    objectives = []
    for item in items:
        method = ""
        m = re.search(r",?\s+(?:målt|måles)\s+(?:ved|gjennom|med|i)\s+(.+)$", item)
        if m:
            method = m.group(1).strip().rstrip(".")
            item = item[: m.start()].strip().rstrip(":,")
        objectives.append(ProposedObjective(kind=kind, text=item, measurement_method=method))
    return objectives


# --- text helpers ---


def _join_all(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text = join_wrapped(text, part)
    return text


def _paragraphs(lines: list[str], keep_items: bool = False) -> list[str]:
    """Lines to paragraphs: a blank line ends one, unless a sentence visibly runs on (a PDF page break)."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        stripped = " ".join(line.replace("\t", " ").split())
        if not stripped:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if not current and paragraphs and stripped[:1].islower() and not _SENTENCE_END.search(paragraphs[-1][-1]):
            current = paragraphs.pop()
        current.append(stripped)
    if current:
        paragraphs.append(current)
    out = []
    for paragraph in paragraphs:
        text = ""
        for line in paragraph:
            if line.startswith("- ") or (keep_items and re.match(r"\d+\.\s", line)):
                text += ("\n" if text else "") + line
            else:
                text += (" " if text else "") + line
        out.append(text)
    return out


def _text(lines: list[str]) -> str:
    return "\n\n".join(_paragraphs(lines))


def _description(lines: list[str]) -> str:
    kept = [line for line in lines if not _SECTION_LABEL.match(line.strip())]
    return _text(kept)


def _section_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part)


def _number_value(number: str) -> float | None:
    try:
        return float(number)
    except ValueError:
        return None


def _continues_heading(title: str, line: str) -> bool:
    stripped = line.strip()
    return bool(
        stripped
        and stripped[:1].islower()
        and len(stripped) < 80
        and not _SENTENCE_END.search(title)
        and "\t" not in line
    )


def _prevention_level(title: str) -> str:
    for level, pattern in _PREVENTION_WORDS:
        if pattern.search(title):
            return level
    return ""


def _check_numbers(measures: list[ProposedMeasure]) -> None:
    seen: dict[tuple[str | None, str], ProposedMeasure] = {}
    for measure in measures:
        key = (measure.goal_key, measure.number)
        if measure.number and key in seen:
            measure.uncertain.append("number")
        seen[key] = measure


# --- responsibility ---


class _Units:
    """Responsible names matched to the organisation's units (and ministries by their codes)."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        units = list(organisation.units.all())
        ministries = list(
            Unit.objects.filter(organisation__kind=OrganisationKind.MINISTRY, short_name__gt="").select_related(
                "organisation"
            )
        )
        self.ministries = {u.short_name.upper(): u for u in ministries}
        self.ministry_names = {u.organisation.name.casefold(): u for u in ministries}
        names: list[tuple[str, Unit]] = []
        for unit in units:
            names.append((unit.name, unit))
            if unit.short_name and len(unit.short_name) > 1:
                names.append((unit.short_name, unit))
        names.sort(key=lambda x: -len(x[0]))
        self.patterns = [
            (re.compile(rf"(?<![\w-]){_stem_pattern(name)}(?![\w-])", re.IGNORECASE), unit) for name, unit in names
        ]

    def match(self, text: str, *, table_cell: bool = False) -> tuple[list[ProposedResponsible], bool]:
        ministries = self._ministries(text)
        if ministries:
            return ministries, False
        found: list[tuple[int, Unit]] = []
        claimed: list[tuple[int, int]] = []
        for pattern, unit in self.patterns:
            for m in pattern.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in claimed):
                    continue
                claimed.append((m.start(), m.end()))
                if all(u.pk != unit.pk for _, u in found):
                    found.append((m.start(), unit))
        found.sort(key=lambda x: x[0])
        if found:
            rest = text
            for start, end in sorted(claimed, reverse=True):
                rest = rest[:start] + " " + rest[end:]
            leftover = [w for w in re.findall(rf"[{UPPER}][\w-]+", rest) if len(w) > 2]
            return [
                ProposedResponsible(name=unit.name, role="primary" if index == 0 else "collaborator", unit_id=unit.pk)
                for index, (_, unit) in enumerate(found)
            ], bool(leftover)
        names = _split_names(text, table_cell)
        return [
            ProposedResponsible(name=name, role="primary" if index == 0 else "collaborator")
            for index, name in enumerate(names)
        ], True

    def _ministries(self, text: str) -> list[ProposedResponsible]:
        parts = [p.strip(" .") for p in _MINISTRY_SPLIT.split(text) if p.strip(" .")]
        if not parts:
            return []
        units: list[Unit] = []
        for part in parts:
            unit = self.ministries.get(part.upper()) if part.isupper() else self.ministry_names.get(part.casefold())
            if unit is None:
                return []
            if unit not in units:
                units.append(unit)
        return [
            ProposedResponsible(name=u.short_name, role="primary" if i == 0 else "collaborator", unit_id=u.pk)
            for i, u in enumerate(units)
        ]


def _stem_pattern(name: str) -> str:
    """A unit name in any of its bokmål and nynorsk forms: "Kommunikasjonsavdelingen" also as "…avdelinga"."""
    stem = name
    for ending in ("ene", "ane", "en", "et", "er", "ar", "a"):
        if name.endswith(ending) and len(name) - len(ending) >= 5 and not name.isupper():
            stem = name[: -len(ending)]
            break
    return re.escape(stem) + r"(?:ene|ane|en|et|er|ar|a|e|s)?"


def _split_names(text: str, table_cell: bool) -> list[str]:
    parts = [p for p in _UNIT_SPLIT.split(text) if p.strip()]
    if table_cell and len(parts) == 1:
        # A table cell lists names without separators: "Oppvekst og utdanning Sosiale tjenester".
        parts = re.split(rf"(?<=[{LOWER}])\s+(?=[{UPPER}])", text)
    names = []
    for part in parts:
        part = _FILLER.sub("", part.strip(" .")).strip(" .")
        if part and len(part) <= 120:
            name = part[:1].upper() + part[1:]
            if name not in names:
                names.append(name)
    return names


# --- links to the national plan ---


class _NationalPlan:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.goals = list(plan.goals.all())
        self.measures = {m.number: m for m in plan.measures.all()}

    @classmethod
    def find(cls, organisation: Organisation) -> "_NationalPlan | None":
        if organisation.kind in _NATIONAL_KINDS:
            return None
        plan = (
            Plan.objects.filter(level=PlanLevel.NATIONAL, status__in=[PlanStatus.ADOPTED, PlanStatus.EXTENDED])
            .order_by("-period_start", "-pk")
            .first()
        )
        return cls(plan) if plan else None

    def goal_links(self, text: str) -> list[ProposedLink]:
        flat = _comparable(text)
        links = []
        for goal in self.goals:
            title = _comparable(goal.title)
            # A national goal named in full, or by its first words when the plan shortens it.
            if len(title) > 12 and (title in flat or _prefix_named(title, flat)):
                links.append(
                    ProposedLink(
                        target="goal",
                        target_id=goal.pk,
                        label=_("%(plan)s, mål %(number)s: %(title)s")
                        % {"plan": self.plan.title, "number": goal.number, "title": goal.title},
                    )
                )
        return links

    def measure_links(self, text: str) -> list[ProposedLink]:
        links: list[ProposedLink] = []
        pattern = r"[Tt]iltak\s+(\d{1,3})\s+i\s+(?:regjeringens|den\s+nasjonale|nasjonal)\s+handlingsplan"
        for number in re.findall(pattern, text):
            measure = self.measures.get(number)
            if measure is not None and all(link.target_id != measure.pk for link in links):
                links.append(
                    ProposedLink(
                        target="measure",
                        target_id=measure.pk,
                        label=_("%(plan)s, tiltak %(number)s") % {"plan": self.plan.title, "number": number},
                    )
                )
        return links


def _comparable(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _prefix_named(title: str, flat: str) -> bool:
    words = title.split()
    if len(words) < 6:
        return False
    return " ".join(words[:5]) in flat and "handlingsplan" in flat
