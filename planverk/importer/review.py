"""What the coordinator does to a proposal on the review screen, as pure functions: proposal in, new proposal out.

None of them changes the proposal it is given, so a refused step leaves nothing half done. The measures of a
proposal are kept in the order the review shows them: goal by goal, measures without a goal last (as the plan
page shows them once the plan is saved).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from planverk.importer.forms import GoalReviewForm, MeasureReviewForm, PlanReviewForm
from planverk.importer.proposal import Proposal, ProposedGoal, ProposedMeasure


class ReviewError(Exception):
    """A step that cannot be done to this proposal; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def copy(proposal: Proposal) -> Proposal:
    return Proposal.from_json(proposal.to_json())


def ordered(proposal: Proposal) -> list[ProposedMeasure]:
    """The measures in the order the review shows them."""
    rank = {goal.key: i for i, goal in enumerate(proposal.goals)}
    last = len(proposal.goals)
    return sorted(proposal.measures, key=lambda m: rank.get(m.goal_key or "", last))


def sections(proposal: Proposal) -> list[tuple[ProposedGoal | None, list[ProposedMeasure]]]:
    """Each goal with its measures, then the measures without a goal (when there are any, or no goals at all)."""
    by_goal: dict[str | None, list[ProposedMeasure]] = {goal.key: [] for goal in proposal.goals}
    loose: list[ProposedMeasure] = []
    for measure in proposal.measures:
        by_goal.get(measure.goal_key, loose).append(measure)
    result: list[tuple[ProposedGoal | None, list[ProposedMeasure]]] = [(g, by_goal[g.key]) for g in proposal.goals]
    if loose or not proposal.goals:
        result.append((None, loose))
    return result


def _find(proposal: Proposal, key: str) -> int:
    for i, measure in enumerate(proposal.measures):
        if measure.key == key:
            return i
    raise ReviewError(_("Fant ikke tiltaket. Last inn siden på nytt og prøv igjen."))


def _join(*texts: str, sep: str = "\n\n") -> str:
    parts: list[str] = []
    for text in texts:
        text = text.strip()
        if text and text not in parts:
            parts.append(text)
    return sep.join(parts)


def merge_with_next(proposal: Proposal, key: str) -> Proposal:
    """The measure and the one after it under the same goal become one; nothing of either is lost.

    The second measure's title goes into the text: it was most likely a line of the first that the importer
    took for a new measure.
    """
    result = copy(proposal)
    result.measures = ordered(result)
    i = _find(result, key)
    first = result.measures[i]
    if i + 1 >= len(result.measures) or result.measures[i + 1].goal_key != first.goal_key:
        raise ReviewError(
            _("Tiltaket er det siste under dette målet, så det er ikke noe neste tiltak å slå sammen med.")
        )
    second = result.measures.pop(i + 1)
    first.number = first.number or second.number
    first.what = _join(first.what, "" if second.title == first.title else second.title, second.what)
    first.why = _join(first.why, second.why)
    first.timeframe = _join(first.timeframe, second.timeframe, sep="; ")
    first.start_year = min((y for y in (first.start_year, second.start_year) if y), default=None)
    first.due_year = max((y for y in (first.due_year, second.due_year) if y), default=None)
    first.due_date = max((d for d in (first.due_date, second.due_date) if d), default=None)
    first.responsible_text = _join(first.responsible_text, second.responsible_text, sep="; ")
    present = {(r.unit_id, r.name.casefold() if r.unit_id is None else "") for r in first.responsible}
    for responsible in second.responsible:
        identity = (responsible.unit_id, responsible.name.casefold() if responsible.unit_id is None else "")
        if identity not in present:
            present.add(identity)
            first.responsible.append(responsible)
    first.partners = _join(first.partners, second.partners)
    first.cost = _join(first.cost, second.cost)
    first.prevention_level = first.prevention_level or second.prevention_level
    first.objectives += second.objectives
    targets = {(link.target, link.target_id) for link in first.links}
    first.links += [link for link in second.links if (link.target, link.target_id) not in targets]
    first.uncertain += [name for name in second.uncertain if name not in first.uncertain]
    lines = [n for n in (first.source_line, second.source_line) if n]
    first.source_line = min(lines, default=0)
    first.source_end = max(first.source_end, second.source_end)
    return result


_SPLIT_MARK = re.compile(r"^[ \t]*---[ \t]*$", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def split(proposal: Proposal, key: str) -> Proposal:
    """Cut a measure in two at a line with only `---` in its text, or else at the text's last paragraph break.

    The second half becomes a new measure right after the first, under the same goal and with the same
    responsibility and deadline; its title is a guess the user must check.
    """
    result = copy(proposal)
    result.measures = ordered(result)
    i = _find(result, key)
    measure = result.measures[i]
    text = measure.what.replace("\r\n", "\n").strip()
    mark = _SPLIT_MARK.search(text)
    if mark:
        head, tail = text[: mark.start()], text[mark.end() :]
    else:
        breaks = list(_PARAGRAPH_BREAK.finditer(text))
        if not breaks:
            raise ReviewError(
                _(
                    "Fant ikke noe sted å dele tiltaket: teksten i «Hva» har bare ett avsnitt. Skriv en linje med "
                    "bare --- der tiltaket skal deles, og trykk «Del i to» igjen."
                )
            )
        head, tail = text[: breaks[-1].start()], text[breaks[-1].end() :]
    measure.what = head.strip()
    second = ProposedMeasure(
        key=result.next_key("m"),
        goal_key=measure.goal_key,
        title=_("(Del 2) %(title)s") % {"title": measure.title},
        what=tail.strip(),
        timeframe=measure.timeframe,
        start_year=measure.start_year,
        due_year=measure.due_year,
        due_date=measure.due_date,
        responsible_text=measure.responsible_text,
        responsible=[replace(r) for r in measure.responsible],
        prevention_level=measure.prevention_level,
        uncertain=["title"],
        source_line=measure.source_line,
        source_end=measure.source_end,
    )
    result.measures.insert(i + 1, second)
    return result


def remove(proposal: Proposal, key: str) -> Proposal:
    result = copy(proposal)
    result.measures.pop(_find(result, key))
    return result


def add_after(proposal: Proposal, key: str) -> Proposal:
    """An empty measure right after this one, under the same goal."""
    result = copy(proposal)
    result.measures = ordered(result)
    i = _find(result, key)
    result.measures.insert(i + 1, _new_measure(result, result.measures[i].goal_key))
    return result


def add_to_goal(proposal: Proposal, goal_key: str | None) -> Proposal:
    """An empty measure last under this goal (None: last among the measures without a goal)."""
    result = copy(proposal)
    if goal_key is not None and result.goal(goal_key) is None:
        raise ReviewError(_("Fant ikke målet. Last inn siden på nytt og prøv igjen."))
    result.measures.append(_new_measure(result, goal_key))
    result.measures = ordered(result)
    return result


def _new_measure(proposal: Proposal, goal_key: str | None) -> ProposedMeasure:
    return ProposedMeasure(key=proposal.next_key("m"), goal_key=goal_key, title=_("Nytt tiltak"))


# --- The review form ---------------------------------------------------------------------------


class ProposalReview:
    """The review screen's forms for one proposal: the plan, each goal and each measure, bound to what was posted."""

    def __init__(
        self, proposal: Proposal, data: Mapping[str, Any] | None = None, *, unit_choices: Sequence[tuple[str, str]]
    ) -> None:
        self.original = proposal
        goal_choices = [(goal.key, goal_label(goal)) for goal in proposal.goals]
        self.plan = PlanReviewForm.build(proposal, data)
        self.goals = {goal.key: GoalReviewForm.build(goal, data) for goal in proposal.goals}
        self.measures = {
            measure.key: MeasureReviewForm.build(measure, data, goal_choices=goal_choices, unit_choices=unit_choices)
            for measure in proposal.measures
        }
        self._valid: bool | None = None

    def forms(self) -> list[PlanReviewForm | GoalReviewForm | MeasureReviewForm]:
        return [self.plan, *self.goals.values(), *self.measures.values()]

    def is_valid(self) -> bool:
        if self._valid is None:
            self._valid = all([form.is_valid() for form in self.forms()])  # every form, so all show their errors
        return self._valid

    def sections(self) -> list[tuple[GoalReviewForm | None, list[MeasureReviewForm]]]:
        return [
            (self.goals[goal.key] if goal else None, [self.measures[m.key] for m in measures])
            for goal, measures in sections(self.original)
        ]

    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, where, message) of every error, in the order of the page."""
        found = []
        for form in self.forms():
            where = _where(form)
            for name, errors in form.errors.items():
                field_id = form[name].auto_id if name in form.fields else ""
                label = str(form.fields[name].label) if name in form.fields else ""
                for error in errors:
                    found.append((field_id, f"{where} – {label}" if label else where, str(error)))
        return found

    def errors(self) -> dict[str, list[str]]:
        """Errors by the posted field name ("m-m3-title"), or by the form's prefix for errors of a whole form."""
        found: dict[str, list[str]] = {}
        for form in self.forms():
            for name, errors in form.errors.items():
                key = form.add_prefix(name) if name in form.fields else form.prefix or ""
                found.setdefault(key, []).extend(str(e) for e in errors)
        return found

    def proposal(self) -> Proposal:
        """The proposal with everything the forms say; call only when they are valid."""
        assert self.is_valid()
        result = copy(self.original)
        self.plan.apply(result)
        result.goals = [self.goals[goal.key].to_goal() for goal in self.original.goals]
        result.measures = [self.measures[m.key].to_measure() for m in self.original.measures]
        result.measures = ordered(result)
        return result


def goal_label(goal: ProposedGoal) -> str:
    title = goal.title if len(goal.title) <= 70 else goal.title[:69] + "…"
    return f"{goal.number}. {title}" if goal.number else title


def _where(form: PlanReviewForm | GoalReviewForm | MeasureReviewForm) -> str:
    if isinstance(form, MeasureReviewForm):
        measure = form.measure
        return (
            _("Tiltak %(number)s") % {"number": measure.number}
            if measure.number
            else _("Tiltak «%(title)s»") % {"title": measure.title[:60]}
        )
    if isinstance(form, GoalReviewForm):
        return (
            _("Mål %(number)s") % {"number": form.goal.number}
            if form.goal.number
            else _("Mål «%(title)s»") % {"title": form.goal.title[:60]}
        )
    return _("Planen")


def apply_form(
    proposal: Proposal, data: Mapping[str, Any], *, unit_choices: Sequence[tuple[str, str]] = ()
) -> tuple[Proposal, dict[str, list[str]]]:
    """Read the posted review form back into the proposal: the new proposal and no errors, or the proposal as it
    was and the errors by field name."""
    review = ProposalReview(proposal, data, unit_choices=unit_choices)
    if not review.is_valid():
        return proposal, review.errors()
    return review.proposal(), {}
