"""Importing statistics: JSON-stat 2.0 as FHI's API gives it and CSV; a bad file is refused with a clear Norwegian
error naming the line or cell, and changes nothing; a series imported again replaces the stored one."""

import copy
import datetime
import json
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from planverk.organisations.models import Organisation
from planverk.stats.models import ImportRun, Observation, PublishedCell, Series
from planverk.stats.services import StatisticsImportError, statistics_import

NOW = timezone.make_aware(datetime.datetime(2026, 3, 1, 12, 0))
DEMO = Path(__file__).resolve().parents[2] / "planverk" / "stats" / "demo"


def import_text(text: str, *, name: str = "tall.csv", source: str = "Test", note: str = "") -> ImportRun:
    return statistics_import(content=text.encode(), file_name=name, source=source, note=note, by=None, now=NOW)


def snapshot() -> tuple[object, ...]:
    return (
        sorted(Series.objects.values_list("geo", "sex", "age", "source", "note")),
        sorted(Observation.objects.values_list("series__geo", "year", "series__sex", "count", "population")),
        sorted(PublishedCell.objects.values_list("geo", "first_year", "last_year", "sex", "count", "reason")),
        ImportRun.objects.count(),
    )


def refused(text: str | bytes) -> list[str]:
    """Import a bad file: it must be refused, change nothing, and say why."""
    before = snapshot()
    content = text.encode() if isinstance(text, str) else text
    with pytest.raises(StatisticsImportError) as caught:
        statistics_import(content=content, file_name="feil", source="", note="", by=None, now=NOW)
    assert snapshot() == before
    return caught.value.messages


def jsonstat() -> dict:
    return json.loads((DEMO / "norge.json").read_text(encoding="utf-8"))


# --- what goes in -----------------------------------------------------------------------------------------------


def test_demo_data_is_loaded_with_its_provenance(db):
    norway = Series.objects.get(geo="0", sex="total", age="total")
    assert norway.import_run.file_format == "json-stat"
    assert "Kildedokument" in norway.source
    assert "demoverdier, ikke offisielle" in norway.note
    drammen = Series.objects.get(geo="3301")
    assert list(drammen.observations.order_by("year").values_list("count", flat=True)) == [
        10, 11, 14, 7, 13, 16, 11, 11, 15, 11, 8,
    ]  # fmt: skip
    counts = dict(Observation.objects.filter(series=norway).values_list("year", "count"))
    assert [counts[y] for y in range(2012, 2025)] == [520, 555, 551, 596, 617, 595, 674, 652, 643, 658, 610, 710, 727]


def test_csv_with_semicolons_decimal_commas_and_grouped_thousands(db):
    run = import_text(
        "geo;year;sex;age;count;population\n"
        "3407;2020;total;total;9;30 975\n"
        "3407;2021;total;total;12,0;31.002\n"
        '3407;2022;total;total;"8";31\u00a0050\n'
    )
    assert run.summary["rows"] == 3
    assert run.file_format == "csv"
    observations = Observation.objects.filter(series__geo="3407").order_by("year")
    assert list(observations.values_list("count", "population")) == [(9, 30975), (12, 31002), (8, 31050)]


def test_csv_with_commas_and_lost_leading_zeros(db):
    import_text("geo,year,sex,age,count,population\n301,2020,total,total,60,700000\n3,2020,total,total,61,700001\n")
    assert set(Series.objects.filter(geo__in=["0301", "03"]).values_list("geo", flat=True)) == {"0301", "03"}


def test_jsonstat_from_fhi_with_a_source_suppressed_cell_that_stays_hidden(db):
    data = jsonstat()
    data["dimension"]["GEO"]["category"] = {"index": ["3407"], "label": {"3407": "Gjøvik"}}
    data["status"] = {"4": ":"}  # the count of the third year (position 4: year 3 × 2 measures)
    data["value"][4] = None
    run = import_text(json.dumps(data), name="gjovik.json")
    assert run.summary["hidden_at_source"] == 1
    assert Observation.objects.get(series__geo="3407", year=2014).count is None
    hidden = PublishedCell.objects.get(geo="3407", first_year=2014, last_year=2014)
    assert hidden.reason == "source"
    assert hidden.count is None


def test_a_reimported_series_replaces_the_stored_one_and_leaves_other_series_alone(db):
    import_text("geo,year,sex,age,count,population\n3407,2019,total,total,9,30000\n3407,2020,total,total,9,30000\n")
    run = import_text("geo,year,sex,age,count,population\n3407,2020,total,total,11,30100\n")
    assert run.summary["series_replaced"] == 1
    assert list(Observation.objects.filter(series__geo="3407").values_list("year", "count")) == [(2020, 11)]
    # Drammen's series, from the demo, is untouched.
    assert Observation.objects.filter(series__geo="3301").count() == 11


def test_import_is_published_at_once(db):
    import_text("geo,year,sex,age,count,population\n3407,2020,total,total,2,30000\n3407,2021,total,total,9,30000\n")
    assert PublishedCell.objects.get(geo="3407", first_year=2020, last_year=2020).reason == "privacy"
    assert PublishedCell.objects.get(geo="3407", first_year=2021, last_year=2021).count == 9


# --- what is refused, and nothing changes -----------------------------------------------------------------------


def test_wrong_jsonstat_version_is_refused(db):
    data = jsonstat()
    data["version"] = "1.0"
    assert "JSON-stat-versjon" in refused(json.dumps(data))[0]
    del data["version"]
    assert "JSON-stat 2.0" in refused(json.dumps(data))[0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["size"].__setitem__(1, 12), "«AAR» har 13 kategorier, men «size» sier 12"),
        (lambda d: d["value"].pop(), "«value» har 25 verdier, men «size» gir 26 celler"),
        (lambda d: d["id"].pop(), "«id» har 4 dimensjoner, men «size» har 5"),
    ],
)
def test_jsonstat_with_mismatched_sizes_is_refused(db, change, expected):
    data = jsonstat()
    change(data)
    assert any(expected in message for message in refused(json.dumps(data)))


def test_unknown_geography_codes_are_refused_with_their_line(db):
    messages = refused(
        "geo,year,sex,age,count,population\n3301,2020,total,total,9,1000\n9999,2020,total,total,9,1000\n"
    )
    assert messages == [
        "Linje 3, kolonne «geo»: ukjent geografikode «9999» (bruk kommunenummer, fylkesnummer eller 0 for hele landet)"
    ]


def test_unknown_geography_in_jsonstat_names_the_category(db):
    data = jsonstat()
    data["dimension"]["GEO"]["category"] = {"index": ["7777"], "label": {"7777": "Ukjent"}}
    assert refused(json.dumps(data)) == [
        "Kategorien «7777» i dimensjonen «GEO»: ukjent geografikode «7777» "
        "(bruk kommunenummer, fylkesnummer eller 0 for hele landet)."
    ]


def test_a_bad_jsonstat_cell_is_named_by_its_categories(db):
    data = jsonstat()
    data["value"][2] = "mange"
    assert refused(json.dumps(data)) == [
        "celle 2 (GEO=0, AAR=2013_2013, KJONN=0, ALDER=0, MEASURE_TYPE=TELLER): «mange» er ikke et tall."
    ]


def test_negative_counts_are_refused(db):
    messages = refused("geo,year,sex,age,count,population\n3301,2020,total,total,-3,1000\n")
    assert messages == ["Linje 2, kolonne «count»: tallet kan ikke være negativt (-3)"]
    data = jsonstat()
    data["value"][0] = -1
    assert "tallet kan ikke være negativt (-1)" in refused(json.dumps(data))[0]


def test_a_method_dimension_is_refused_in_jsonstat(db):
    data = jsonstat()
    data["id"].insert(1, "METODE")
    data["size"].insert(1, 1)
    data["dimension"]["METODE"] = {"label": "Metode", "category": {"index": ["0"], "label": {"0": "Alle metoder"}}}
    assert "fordelt på metode" in refused(json.dumps(data))[0]


def test_a_single_method_code_is_refused_whatever_the_dimension_is_called(db):
    data = jsonstat()
    data["id"].insert(1, "DODSARSAK")
    data["size"].insert(1, 1)
    data["dimension"]["DODSARSAK"] = {"label": "Dødsårsak", "category": {"index": ["X70"], "label": {"X70": "X70"}}}
    assert "fordelt på metode" in refused(json.dumps(data))[0]


def test_a_method_column_is_refused_in_csv(db):
    assert "fordelt på metode" in refused("geo,year,sex,age,method,count,population\n")[0]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("geo,year,sex,age,count", "kolonnen «population» mangler"),
        ("geo,year,sex,age,antall,population", "ukjent kolonne «antall»"),
        ("kommune;aar;kjonn;alder;antall;folketall", "ukjent kolonne «kommune»"),
        ("geo,year,year,sex,age,count,population", "kolonnen «year» står flere ganger"),
    ],
)
def test_a_bad_csv_header_is_refused(db, header, problem):
    messages = refused(f"{header}\n3301,2020,total,total,9,1000\n")
    assert messages[0].startswith("Overskriftslinjen (linje 1) må være geo,year,sex,age,count,population:")
    assert problem in messages[0]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("3301,2020,total,total,9,x", "Linje 2, kolonne «population»: «x» er ikke et tall"),
        ("3301,2020,total,total,9.5,1000", "Linje 2, kolonne «count»: må være et helt tall, ikke 9.5"),
        ("3301,20,total,total,9,1000", "Linje 2, kolonne «year»: «20» er ikke et årstall"),
        ("3407,2020,kvinne,total,9,1000", None),
        (
            "3301,2020,annet,total,9,1000",
            "Linje 2, kolonne «sex»: ukjent kjønn «annet» (bruk total, male eller female)",
        ),
        (
            "3301,2020,total,unge,9,1000",
            "Linje 2, kolonne «age»: ukjent aldersgruppe «unge» (bruk total, 15-19 eller 75+)",
        ),
        ("3301,2020,total,total,9", "Linje 2 har 5 felt, men overskriftslinjen har 6."),
        ("3301,2020,total,total,90,80", "linje 2: antallet (90) er større enn folketallet (80)."),
        ("3301,2031,total,total,9,1000", "linje 2: årstallet 2031 er ikke mulig."),
    ],
)
def test_bad_cells_are_named_by_line_and_column(db, row, message):
    text = f"geo,year,sex,age,count,population\n{row}\n"
    if message is None:  # Norwegian words are understood
        import_text(text)
        return
    assert message in refused(text)


def test_every_problem_in_a_file_is_reported_at_once(db):
    messages = refused("geo,year,sex,age,count,population\n9999,2020,total,total,9,100\n3301,2020,x,total,-1,100\n")
    assert len(messages) == 3


def test_a_duplicate_row_is_refused(db):
    messages = refused("geo,year,sex,age,count,population\n3407,2020,total,total,9,100\n3407,2020,total,total,9,100\n")
    assert messages == ["linje 3: samme tall står også på linje 2."]


def test_a_sex_split_without_both_sexes_is_refused(db):
    messages = refused("geo,year,sex,age,count,population\n3407,2020,total,total,9,100\n3407,2020,male,total,6,50\n")
    assert "3407, 2020: tall for bare det ene kjønnet" in messages[0]


def test_age_groups_that_leave_a_gap_next_to_the_total_are_refused(db):
    # 75+ would be the total minus the two groups.
    messages = refused(
        "geo,year,sex,age,count,population\n"
        "3407,2020,total,total,9,100\n3407,2020,total,0-44,4,50\n3407,2020,total,45-74,4,40\n"
    )
    assert "aldersgruppene dekker ikke alle aldre (fra 75 år mangler)" in messages[0]


def test_parts_that_do_not_add_up_are_refused(db):
    messages = refused(
        "geo,year,sex,age,count,population\n"
        "5001,2023,total,total,27,212660\n5001,2023,male,total,14,106500\n5001,2023,female,total,12,106160\n"
    )
    assert messages == [
        "5001, 2023: begge kjønn, alle aldre er 27, men menn, alle aldre + kvinner, alle aldre er til sammen 26."
    ]


def test_a_breakdown_completed_by_stored_series_is_checked_as_a_whole(db):
    # Trondheim's demo has total, men and women for 2023; replacing women alone with a wrong figure is caught.
    messages = refused("geo,year,sex,age,count,population\n5001,2023,female,total,3,106160\n")
    assert "5001, 2023: begge kjønn, alle aldre er 27" in messages[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen er tom."),
        (b"{not json", "Filen er ikke gyldig JSON"),
        (b"[1, 2]", "Filen er ikke et JSON-stat-datasett"),
        (b"geo,year,sex,age,count,population\n", "Filen har ingen rader med tall"),
        (b'geo,year,sex,age,count,population\n3301,"2020,total,total,9,100\n', "er ikke gyldig CSV"),
    ],
)
def test_files_that_are_not_statistics_are_refused(db, content, message):
    assert message in refused(content)[0]


def test_a_file_over_the_size_limit_is_refused(db, settings):
    settings.STATS_IMPORT_MAX_BYTES = 100
    assert (
        "Filen er for stor" in refused("geo,year,sex,age,count,population\n" + "3301,2020,total,total,9,1000\n" * 5)[0]
    )


# --- the command ------------------------------------------------------------------------------------------------


def test_the_command_imports_a_file_and_reports_what_it_did(db, tmp_path):
    path = tmp_path / "gjovik.csv"
    path.write_text("geo,year,sex,age,count,population\n3407,2020,total,total,9,30975\n", encoding="utf-8")
    out = StringIO()
    call_command("import_statistics", str(path), "--source", "FHI", "--note", "Test", stdout=out)
    assert "Importert 1 tall i 1 serier (1 nye, 0 erstattet)" in out.getvalue()
    assert Series.objects.get(geo="3407").source == "FHI"


def test_the_command_fails_with_the_errors_and_changes_nothing(db, tmp_path):
    path = tmp_path / "feil.csv"
    path.write_text("geo,year,sex,age,count,population\n9999,2020,total,total,9,100\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="ukjent geografikode «9999»"):
        call_command("import_statistics", str(path), stdout=StringIO())
    assert snapshot() == before


# --- at national scale ------------------------------------------------------------------------------------------


def test_every_municipality_over_25_years_imports_in_seconds(db):
    Series.objects.all().delete()  # the demo's Trondheim breakdown would not add up with these totals
    municipalities = list(Organisation.objects.municipalities().values_list("number", flat=True))
    assert len(municipalities) == 357
    lines = ["geo;year;sex;age;count;population"]
    for index, number in enumerate(municipalities):
        for year in range(2000, 2025):
            lines.append(f"{number};{year};total;total;{(index * 7 + year) % 23};{5000 + index * 37}")
    started = time.perf_counter()
    run = import_text("\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    assert run.summary["rows"] == 357 * 25
    assert PublishedCell.objects.filter(geo__in=municipalities).count() == 357 * (25 + 16)
    # Seconds, not minutes; the benchmark (bench/stats.py) reports the real figure.
    assert elapsed < 30, elapsed


def test_a_deep_copy_of_the_demo_jsonstat_imports_again_unchanged(db):
    data = copy.deepcopy(jsonstat())
    before = sorted(PublishedCell.objects.filter(geo="0").values_list("first_year", "last_year", "count", "rate"))
    import_text(json.dumps(data), name="norge.json")
    after = sorted(PublishedCell.objects.filter(geo="0").values_list("first_year", "last_year", "count", "rate"))
    assert after == before


def test_a_breakdown_by_sex_and_age_must_cover_every_combination(db):
    messages = refused(
        "geo,year,sex,age,count,population\n"
        "3407,2020,total,total,9,100\n3407,2020,total,0-44,4,50\n3407,2020,total,45+,5,50\n"
        "3407,2020,male,total,6,50\n3407,2020,female,total,3,50\n"
    )
    assert messages == [
        "3407, 2020: tallene må dekke alle kombinasjoner av kjønn og alder; "
        "kvinner, 0–44 år; kvinner, 45+ år; menn, 0–44 år; menn, 45+ år mangler."
    ]
