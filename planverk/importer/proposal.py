"""The proposed plan: what the importer read from a document, before anyone saves it.

Plain dataclasses that round-trip through JSON, so a proposal can wait in the database while a coordinator
reviews it, and so `import_plan --format json` prints exactly what the review screen shows.
"""

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class ProposedResponsible:
    name: str  # as the plan will show it: the matched unit's name, or the proposed new unit's
    role: str = "primary"  # primary | collaborator
    unit_id: int | None = None  # an existing unit; None proposes a new unit of the importing organisation


@dataclass
class ProposedObjective:
    kind: str  # result | effect
    text: str
    measurement_method: str = ""


@dataclass
class ProposedLink:
    """A goal or measure of another plan (the national plan) that this one contributes to."""

    target: str  # goal | measure
    target_id: int
    label: str  # what the user sees: "Ingen å miste, mål 4: God hjelp …"


@dataclass
class ProposedGoal:
    key: str
    number: str = ""
    title: str = ""
    kind: str = "goal"  # goal | category
    prevention_level: str = ""
    description: str = ""
    links: list[ProposedLink] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    source_line: int = 0  # first line in the cleaned source text, 1-based


@dataclass
class ProposedMeasure:
    key: str
    goal_key: str | None = None
    number: str = ""
    title: str = ""
    what: str = ""
    why: str = ""
    timeframe: str = ""
    start_year: int | None = None
    due_year: int | None = None
    due_date: str | None = None  # ISO date
    responsible_text: str = ""  # responsibility as written in the document
    responsible: list[ProposedResponsible] = field(default_factory=list)
    partners: str = ""
    cost: str = ""
    prevention_level: str = ""
    objectives: list[ProposedObjective] = field(default_factory=list)
    links: list[ProposedLink] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    source_line: int = 0
    source_end: int = 0


@dataclass
class Proposal:
    title: str = ""
    summary: str = ""
    overall_goal: str = ""
    period_start: int | None = None
    period_end: int | None = None
    adopted_by: str = ""
    adopted_on: str | None = None  # ISO date
    case_number: str = ""
    hearing_draft: bool = False
    status_report: bool = False
    goals: list[ProposedGoal] = field(default_factory=list)
    measures: list[ProposedMeasure] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Proposal":
        proposal = _build(cls, data)
        proposal.goals = [_goal(g) for g in data.get("goals", [])]
        proposal.measures = [_measure(m) for m in data.get("measures", [])]
        return proposal

    def goal(self, key: str | None) -> ProposedGoal | None:
        return next((g for g in self.goals if g.key == key), None)

    def measures_of(self, goal: ProposedGoal | None) -> list[ProposedMeasure]:
        key = goal.key if goal else None
        return [m for m in self.measures if m.goal_key == key]

    def new_unit_names(self) -> list[str]:
        names: list[str] = []
        for measure in self.measures:
            for responsible in measure.responsible:
                if responsible.unit_id is None and responsible.name not in names:
                    names.append(responsible.name)
        return names

    def next_key(self, prefix: str) -> str:
        used = {g.key for g in self.goals} | {m.key for m in self.measures}
        n = len(used) + 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"


def _build(cls: Any, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _links(items: list[dict[str, Any]]) -> list[ProposedLink]:
    return [_build(ProposedLink, link) for link in items]


def _goal(data: dict[str, Any]) -> ProposedGoal:
    goal: ProposedGoal = _build(ProposedGoal, data)
    goal.links = _links(data.get("links", []))
    return goal


def _measure(data: dict[str, Any]) -> ProposedMeasure:
    measure: ProposedMeasure = _build(ProposedMeasure, data)
    measure.responsible = [_build(ProposedResponsible, r) for r in data.get("responsible", [])]
    measure.objectives = [_build(ProposedObjective, o) for o in data.get("objectives", [])]
    measure.links = _links(data.get("links", []))
    return measure
