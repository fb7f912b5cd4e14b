"""The safe-messaging check: what it flags, what it leaves alone, and that a flagged text needs confirmation."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from planverk.lib.safe_messaging import FlaggedText, check, check_texts, require_confirmation, rules

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Han hengte seg i garasjen.", "method"),
        ("Hun tok en overdose med sovetabletter.", "method"),
        ("Han tok 40 tabletter.", "method"),
        ("Mannen hoppet fra brua natt til søndag.", "method"),
        ("Mannen hoppet fra brua natt til søndag.", "location"),
        ("Kvinnen ble funnet på perrongen.", "location"),
        ("Stedet er et kjent selvmordssted.", "location"),
        ("Kommunen opplever en selvmordsbølge blant unge.", "sensational"),
        ("Et sjokkerende tall for fylket.", "sensational"),
        ("Han begikk selvmord i fjor.", "sensational"),
        ("Et vellykket selvmord.", "sensational"),
        ("Hun så det som eneste utvei.", "framing"),
        ("Han tok livet sitt fordi han mistet jobben.", "framing"),
    ],
)
def test_method_location_and_sensational_wording_is_flagged(text, category):
    findings = check(text, "description")
    assert category in [finding.category for finding in findings]
    for finding in findings:
        assert finding.field == "description"
        assert finding.phrase.lower() in text.lower()
        assert finding.advice


@pytest.mark.parametrize(
    "text",
    [
        "Er det akutt? Ring 113.",
        "Ingen kan gjøre alt, men alle kan gjøre noe.",
        "Det hjelper å snakke om selvmordstanker. Spør direkte: Tenker du på å ta livet ditt?",
        "Tilbud til etterlatte etter selvmord: samtalegrupper og oppfølging de første ukene.",
        "Forebygging av overdose er en del av planen.",
        "Sikring av bruer og høye bygg vurderes når de bygges om.",
        "Dette henger sammen med arbeidet i skolen.",
        "Åpent hver kveld fra klokka 18 til 22.",
        "Vi fant en løsning på ventetiden.",
        "Kurs i VIVAT selvmordsforebygging for ansatte.",
    ],
)
def test_ordinary_help_and_plan_text_is_not_flagged(text):
    assert check(text) == []


def test_the_seed_plans_are_flagged_only_where_a_case_story_names_the_method():
    # The seeds are real plans written with care: the only findings are in Trondheim's case story, which tells
    # how a woman was found after an overdose. Everything else (overdose prevention, bridges being secured) passes.
    findings = {
        path.name: [finding.phrase for finding in check(path.read_text(encoding="utf-8"))]
        for path in sorted(SEEDS.glob("*.txt"))
    }
    assert sum(len(phrases) for phrases in findings.values()) == 2
    assert findings["002_4126167fad2d98c8.txt"] == ["tatt en overdose", "tar overdose"]


def test_each_phrase_is_reported_once_in_text_order():
    findings = check("Sjokkerende! Han begikk selvmord. Sjokkerende.")
    assert [finding.phrase for finding in findings] == ["Sjokkerende", "begikk selvmord"]


def test_findings_name_the_field_they_were_found_in():
    findings = check_texts({"title": "Selvmordsbølge", "text": "Ring 113", "note": None})
    assert [(finding.field, finding.category) for finding in findings] == [("title", "sensational")]


def test_a_flagged_text_is_refused_without_confirmation():
    with pytest.raises(FlaggedText) as raised:
        require_confirmation({"text": "Han begikk selvmord."}, confirmed=False)
    assert isinstance(raised.value, ValidationError)
    assert "«begikk selvmord»" in raised.value.messages[0]
    assert [finding.phrase for finding in raised.value.findings] == ["begikk selvmord"]


def test_a_flagged_text_passes_with_confirmation_and_a_clean_text_without():
    assert len(require_confirmation({"text": "Han begikk selvmord."}, confirmed=True)) == 1
    assert require_confirmation({"text": "Ring 113 hvis det haster."}, confirmed=False) == []


def test_every_rule_has_a_known_category_and_advice():
    assert rules()
    for rule in rules():
        assert rule.category in {"method", "location", "sensational", "framing"}
        assert rule.advice.strip()
