"""Compare an importer proposal with the reviewed demo fixture of the same seed document."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planverk.importer.proposal import Proposal
from planverk.plans.models import Goal, Measure, Unit

FIXTURES = Path(__file__).resolve().parents[2] / "planverk" / "plans" / "demo"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FIXTURES = {
    "000_be5f89339faa531a.txt": ("gjovik.yaml", "3407"),
    "001_99039e1f6bc1f612.txt": ("drammen.yaml", "3301"),
    "002_4126167fad2d98c8.txt": ("trondheim.yaml", "5001"),
    "003_bea49cd7e0580b0c.txt": ("national.yaml", "HOD"),
}


def normalise(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass
class Expected:
    number: str
    title: str
    goal: tuple[str, str] | None  # (number, title)
    responsible: list[str]
    timeframe: tuple[str, int | None, int | None] | None
    links: list[str]


def expected_measures(fixture: str) -> tuple[dict[str, Any], list[Expected]]:
    data = yaml.safe_load((FIXTURES / fixture).read_text(encoding="utf-8"))
    out = []

    def add(items: list[dict[str, Any]], goal: dict[str, Any] | None) -> None:
        for m in items:
            timeframe = None
            if m.get("timeframe") or m.get("due_year") or m.get("start_year"):
                timeframe = (normalise(m.get("timeframe")), m.get("start_year"), m.get("due_year"))
            out.append(
                Expected(
                    number=str(m["number"]) if m.get("number") is not None else "",
                    title=normalise(m["title"]),
                    goal=(str(goal["number"]), normalise(goal["title"])) if goal else None,
                    responsible=[r["unit"] for r in m.get("responsible") or []],
                    timeframe=timeframe,
                    links=[
                        f"{link['plan']}:{link.get('goal') or link.get('measure')}" for link in m.get("links") or []
                    ],
                )
            )

    for goal in data.get("goals") or []:
        add(goal.get("measures") or [], goal)
    add(data.get("measures") or [], None)
    return data, out


@dataclass
class Report:
    expected: int
    found: int
    titles_matched: int
    goals_matched: int
    responsible_total: int = 0
    responsible_right: int = 0
    timeframe_total: int = 0
    timeframe_right: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def responsible_share(self) -> float:
        return self.responsible_right / self.responsible_total if self.responsible_total else 1.0

    @property
    def timeframe_share(self) -> float:
        return self.timeframe_right / self.timeframe_total if self.timeframe_total else 1.0


def compare(proposal: Proposal, fixture: str) -> Report:
    _, expected = expected_measures(fixture)
    found = proposal.measures
    report = Report(expected=len(expected), found=len(found), titles_matched=0, goals_matched=0)
    units = {
        u.pk: u for u in Unit.objects.filter(pk__in={r.unit_id for m in found for r in m.responsible if r.unit_id})
    }
    for i, exp in enumerate(expected):
        got = found[i] if i < len(found) else None
        if got is None:
            report.problems.append(f"missing measure {exp.number} {exp.title[:50]}")
            continue
        if normalise(got.title) == exp.title and got.number == exp.number:
            report.titles_matched += 1
        else:
            report.problems.append(
                f"title {exp.number!r}: {got.number!r} {normalise(got.title)[:90]!r} != {exp.title[:90]!r}"
            )
        goal = proposal.goal(got.goal_key)
        got_goal = (goal.number, normalise(goal.title)) if goal else None
        if got_goal == exp.goal:
            report.goals_matched += 1
        else:
            report.problems.append(f"goal of {exp.number}: {got_goal} != {exp.goal}")
        if exp.responsible:
            report.responsible_total += 1
            names = [
                (units[r.unit_id].short_name if units[r.unit_id].kind == "ministry" else units[r.unit_id].name)
                if r.unit_id
                else r.name
                for r in got.responsible
            ]
            if names == exp.responsible:
                report.responsible_right += 1
            else:
                report.problems.append(
                    f"responsible of {exp.number}: {names} != {exp.responsible} ({got.responsible_text!r})"
                )
        if exp.timeframe:
            report.timeframe_total += 1
            got_tf = (normalise(got.timeframe), got.start_year, got.due_year)
            if got_tf == exp.timeframe:
                report.timeframe_right += 1
            else:
                report.problems.append(f"timeframe of {exp.number}: {got_tf} != {exp.timeframe}")
    return report


def goal_links(proposal: Proposal) -> dict[str, list[str]]:
    """Goal number → numbers of the national goals it links to."""
    out = {}
    for goal in proposal.goals:
        targets = Goal.objects.filter(pk__in=[link.target_id for link in goal.links if link.target == "goal"])
        out[goal.number] = sorted(g.number for g in targets)
    return out


def measure_links(proposal: Proposal) -> dict[str, list[str]]:
    out = {}
    for measure in proposal.measures:
        ids = [link.target_id for link in measure.links if link.target == "measure"]
        if ids:
            out[measure.number] = sorted(m.number for m in Measure.objects.filter(pk__in=ids))
    return out
