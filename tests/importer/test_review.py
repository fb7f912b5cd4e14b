"""The review's steps on a proposal: merge, split, remove, add, and reading the posted form back with validation.

These are pure functions; none of them touches the database or changes the proposal it was given.
"""

import pytest

from planverk.importer import review
from planverk.importer.proposal import (
    Proposal,
    ProposedGoal,
    ProposedLink,
    ProposedMeasure,
    ProposedObjective,
    ProposedResponsible,
)

UNITS = [("7", "Helse og omsorg"), ("8", "Oppvekst")]


def _proposal() -> Proposal:
    return Proposal(
        title="Handlingsplan for forebygging av selvmord 2025–2028",
        period_start=2025,
        period_end=2028,
        uncertain=["period"],
        goals=[
            ProposedGoal(key="g1", number="1", title="Kompetanse"),
            ProposedGoal(
                key="g2",
                number="2",
                title="Oppfølging",
                links=[ProposedLink(target="goal", target_id=4, label="Ingen å miste, mål 4")],
            ),
        ],
        measures=[
            ProposedMeasure(
                key="m10",
                goal_key="g1",
                number="1",
                title="Kurs i VIVAT",
                what="Alle ansatte i skolehelsetjenesten får kurs.",
                timeframe="2025",
                start_year=2025,
                due_year=2025,
                responsible=[ProposedResponsible(name="Helse og omsorg", unit_id=7)],
                objectives=[ProposedObjective(kind="result", text="Alle har kurs")],
                source_line=10,
                source_end=19,
            ),
            ProposedMeasure(
                key="m20",
                goal_key="g1",
                number="2",
                title="og oppfriskningskurs hvert tredje år",
                what="Kursene gjentas.",
                due_year=2027,
                responsible=[
                    ProposedResponsible(name="Helse og omsorg", unit_id=7),
                    ProposedResponsible(name="Frivilligsentralen", role="collaborator"),
                ],
                objectives=[ProposedObjective(kind="effect", text="Færre selvmordsforsøk")],
                uncertain=["number"],
                source_line=20,
                source_end=24,
            ),
            ProposedMeasure(
                key="m30",
                goal_key="g2",
                number="3",
                title="Oppfølging av etterlatte",
                what="Kontakt innen 24 timer.\n\nEtterlattegruppe to ganger i året.",
                responsible=[ProposedResponsible(name="Oppvekst", unit_id=8)],
                uncertain=["responsible"],
                source_line=30,
                source_end=40,
            ),
        ],
    )


def _posted(proposal: Proposal) -> dict[str, str]:
    """What the review page posts when the user changes nothing."""
    data: dict[str, str] = {
        "plan-title": proposal.title,
        "plan-period_start": str(proposal.period_start or ""),
        "plan-period_end": str(proposal.period_end or ""),
        "plan-adopted_by": proposal.adopted_by,
        "plan-adopted_on": proposal.adopted_on or "",
        "plan-case_number": proposal.case_number,
        "plan-overall_goal": proposal.overall_goal,
        "plan-summary": proposal.summary,
    }
    for goal in proposal.goals:
        prefix = f"g-{goal.key}-"
        data |= {
            prefix + "number": goal.number,
            prefix + "title": goal.title,
            prefix + "kind": goal.kind,
            prefix + "prevention_level": goal.prevention_level,
            prefix + "description": goal.description,
        }
        data |= {f"{prefix}l{i}_keep": "on" for i in range(len(goal.links))}
    for m in proposal.measures:
        prefix = f"m-{m.key}-"
        data |= {
            prefix + "goal": m.goal_key or "",
            prefix + "number": m.number,
            prefix + "title": m.title,
            prefix + "what": m.what,
            prefix + "why": m.why,
            prefix + "timeframe": m.timeframe,
            prefix + "start_year": str(m.start_year or ""),
            prefix + "due_year": str(m.due_year or ""),
            prefix + "due_date": m.due_date or "",
            prefix + "partners": m.partners,
            prefix + "cost": m.cost,
            prefix + "prevention_level": m.prevention_level,
            prefix + "add_unit": "",
            prefix + "add_role": "primary",
        }
        for i, r in enumerate(m.responsible):
            data |= {f"{prefix}r{i}_keep": "on", f"{prefix}r{i}_role": r.role}
            if r.unit_id is None:
                data[f"{prefix}r{i}_name"] = r.name
        for i, o in enumerate([*m.objectives, ProposedObjective(kind="result", text="")]):
            data |= {f"{prefix}o{i}_kind": o.kind, f"{prefix}o{i}_text": o.text, f"{prefix}o{i}_method": ""}
        data |= {f"{prefix}l{i}_keep": "on" for i in range(len(m.links))}
    return data


# --- merge ---


def test_merging_keeps_both_texts_responsibilities_and_objectives():
    proposal = _proposal()
    merged = review.merge_with_next(proposal, "m10")
    assert [m.key for m in merged.measures] == ["m10", "m30"]
    measure = merged.measures[0]
    assert measure.title == "Kurs i VIVAT"
    assert "Alle ansatte i skolehelsetjenesten får kurs." in measure.what
    assert "og oppfriskningskurs hvert tredje år" in measure.what
    assert "Kursene gjentas." in measure.what
    assert [o.text for o in measure.objectives] == ["Alle har kurs", "Færre selvmordsforsøk"]
    assert [r.name for r in measure.responsible] == ["Helse og omsorg", "Frivilligsentralen"]
    assert (measure.start_year, measure.due_year) == (2025, 2027)
    assert (measure.source_line, measure.source_end) == (10, 24)
    assert "number" in measure.uncertain


def test_merging_leaves_the_given_proposal_as_it_was():
    proposal = _proposal()
    before = proposal.to_json()
    review.merge_with_next(proposal, "m10")
    assert proposal.to_json() == before


def test_the_last_measure_under_a_goal_has_nothing_to_merge_with():
    with pytest.raises(review.ReviewError, match="siste"):
        review.merge_with_next(_proposal(), "m20")


# --- split ---


def test_split_cuts_at_a_line_with_only_three_dashes():
    proposal = _proposal()
    proposal.measures[0].what = "Kurs for ansatte.\nMed oppfølging.\n---\nKurs for foreldre."
    result = review.split(proposal, "m10")
    first, second = result.measures[0], result.measures[1]
    assert first.what == "Kurs for ansatte.\nMed oppfølging."
    assert second.what == "Kurs for foreldre."
    assert second.title == "(Del 2) Kurs i VIVAT"
    assert second.uncertain == ["title"]
    assert second.goal_key == "g1"
    assert [r.unit_id for r in second.responsible] == [7]
    assert second.key not in {m.key for m in proposal.measures}
    assert [m.key for m in result.measures] == ["m10", second.key, "m20", "m30"]


def test_split_without_dashes_cuts_at_the_last_paragraph_break():
    result = review.split(_proposal(), "m30")
    assert result.measures[2].what == "Kontakt innen 24 timer."
    assert result.measures[3].what == "Etterlattegruppe to ganger i året."
    assert result.measures[3].title == "(Del 2) Oppfølging av etterlatte"


def test_a_text_of_one_paragraph_cannot_be_split():
    with pytest.raises(review.ReviewError, match="---"):
        review.split(_proposal(), "m10")


# --- remove and add ---


def test_remove_takes_out_only_that_measure():
    result = review.remove(_proposal(), "m20")
    assert [m.key for m in result.measures] == ["m10", "m30"]


def test_a_step_on_a_measure_that_is_gone_is_refused():
    with pytest.raises(review.ReviewError):
        review.remove(_proposal(), "m99")


def test_add_after_puts_an_empty_measure_right_after_under_the_same_goal():
    result = review.add_after(_proposal(), "m10")
    new = result.measures[1]
    assert result.measures[0].key == "m10"
    assert (new.goal_key, new.title, new.what) == ("g1", "Nytt tiltak", "")
    assert len({m.key for m in result.measures}) == 4


def test_add_to_goal_puts_the_measure_last_under_that_goal():
    result = review.add_to_goal(_proposal(), "g1")
    assert [m.goal_key for m in result.measures] == ["g1", "g1", "g1", "g2"]
    assert result.measures[2].title == "Nytt tiltak"


# --- apply_form ---


def test_posting_the_form_unchanged_gives_the_same_proposal():
    proposal = _proposal()
    result, errors = review.apply_form(proposal, _posted(proposal), unit_choices=UNITS)
    assert errors == {}
    assert result.to_json() == proposal.to_json()


def test_apply_form_reads_edits_back_into_the_proposal():
    proposal = _proposal()
    data = _posted(proposal) | {
        "plan-title": "Handlingsplan mot selvmord",
        "plan-adopted_on": "2025-02-13",
        "m-m10-title": "Kurs i VIVAT for alle ansatte",
        "m-m10-due_date": "2025-12-31",
        "m-m20-goal": "g2",
        "m-m20-r1_name": "Frivilligsentralen i byen",
        "m-m20-r0_keep": "",
        "m-m30-add_unit": "7",
        "m-m30-add_role": "collaborator",
        "m-m10-o1_text": "Kurs holdt i alle skoler",
        "m-m10-o1_kind": "result",
        "m-m10-o0_text": "",
        "g-g2-l0_keep": "",
    }
    result, errors = review.apply_form(proposal, data, unit_choices=UNITS)
    assert errors == {}
    assert result.title == "Handlingsplan mot selvmord"
    assert result.adopted_on == "2025-02-13"
    by_key = {m.key: m for m in result.measures}
    assert by_key["m10"].title == "Kurs i VIVAT for alle ansatte"
    assert by_key["m10"].due_date == "2025-12-31"
    assert [o.text for o in by_key["m10"].objectives] == ["Kurs holdt i alle skoler"]
    assert by_key["m20"].goal_key == "g2"
    assert [(r.name, r.unit_id) for r in by_key["m20"].responsible] == [("Frivilligsentralen i byen", None)]
    assert [(r.name, r.role) for r in by_key["m30"].responsible] == [
        ("Oppvekst", "primary"),
        ("Helse og omsorg", "collaborator"),
    ]
    assert result.goals[1].links == []
    # Measures follow their goal: the one moved to goal 2 now comes after goal 1's.
    assert [m.key for m in result.measures] == ["m10", "m20", "m30"]
    # A field the user changed is no longer marked uncertain; the others still are.
    assert "responsible" not in by_key["m30"].uncertain
    assert by_key["m20"].uncertain == ["number"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("m-m10-start_year", "1850", "1900 eller senere"),
        ("m-m10-due_year", "2200", "2100 eller tidligere"),
        ("m-m10-due_year", "tjuetjuefem", "fire sifre"),
        ("m-m10-due_year", "2024", "Fristen kan ikke være før startåret."),
        ("m-m10-due_date", "2025-13-45", "dd.mm.åååå"),
        ("m-m10-title", "  ", "Skriv inn tittelen på tiltaket."),
        ("plan-title", "", "Skriv inn tittelen på planen."),
        ("plan-period_end", "2020", "Sluttåret kan ikke være før startåret."),
        ("plan-adopted_on", "13. februar", "dd.mm.åååå"),
        ("g-g1-title", "", "Skriv inn tittelen på målet."),
        ("m-m20-r1_name", "", "Skriv navnet på den nye enheten"),
        ("m-m10-goal", "g9", "Velg et av målene i planen."),
        ("m-m10-add_unit", "999", "Velg en av enhetene i listen."),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_changed(field, value, message):
    proposal = _proposal()
    before = proposal.to_json()
    data = _posted(proposal) | {"m-m10-title": "Endret tittel", field: value}
    result, errors = review.apply_form(proposal, data, unit_choices=UNITS)
    assert result is proposal
    assert proposal.to_json() == before
    assert message in " ".join(errors[field])


def test_apply_form_keeps_a_measure_where_it_is_when_a_goal_is_removed_from_the_list():
    proposal = _proposal()
    data = _posted(proposal) | {"m-m30-goal": ""}
    result, errors = review.apply_form(proposal, data, unit_choices=UNITS)
    assert errors == {}
    assert [(m.key, m.goal_key) for m in result.measures] == [("m10", "g1"), ("m20", "g1"), ("m30", None)]
    assert [g for g, _measures in review.sections(result)][-1] is None


def test_line_breaks_posted_by_a_browser_are_read_as_plain_line_breaks():
    proposal = _proposal()
    data = _posted(proposal) | {"m-m10-what": "Kurs for ansatte.\r\n---\r\nKurs for foreldre."}
    result, errors = review.apply_form(proposal, data, unit_choices=UNITS)
    assert errors == {}
    assert result.measures[0].what == "Kurs for ansatte.\n---\nKurs for foreldre."
    assert review.split(result, "m10").measures[1].what == "Kurs for foreldre."
