"""Reading statistics files: JSON-stat 2.0 as FHI's open statistics API returns it, and CSV with the header
geo,year,sex,age,count,population. Both become the same rows; every problem is reported in Norwegian with the
line or cell it is in, and nothing is written anywhere here.

Deaths by method are refused outright, whatever the file calls the dimension: domain rule 4 (safe messaging)
forbids publishing them at any level, so Planverk never holds them either.
"""

import csv
import dataclasses
import io
import json
import math
import re
from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from itertools import product
from typing import Any

from django.utils.translation import gettext as _

MAX_ERRORS = 20
CSV_COLUMNS = ("geo", "year", "sex", "age", "count", "population")
SUPPRESSED = ":"

METHOD_WORDS = (
    "metode",
    "method",
    "fremgangsmåte",
    "fremgangsmate",
    "dødsmåte",
    "dodsmate",
    "skademekanisme",
    "mechanism",
)
# One ICD-10 code for intentional self-harm (X60–X84) is one method; the whole range is the cause of death.
METHOD_CODE = re.compile(r"^x(6\d|7\d|8[0-4])(\.\d+)?$", re.IGNORECASE)

GEO_NAMES = {"geo", "geografi", "region", "kommune", "fylke", "kommunenr", "kommunenummer"}
YEAR_NAMES = {"aar", "år", "ar", "tid", "year", "time", "periode"}
SEX_NAMES = {"kjonn", "kjønn", "kjoenn", "sex", "kj"}
AGE_NAMES = {"alder", "age", "aldersgruppe"}
MEASURE_NAMES = {"measure_type", "contentscode", "statistikkvariabel", "maltall", "måltall", "measure"}
COUNT_MEASURES = {"teller", "antall", "count", "antall_dode", "dode", "døde"}
POPULATION_MEASURES = {"nevner", "befolkning", "folketall", "population", "folkemengde", "personar", "personer"}

SEX_VALUES = {
    "total": "total",
    "alle": "total",
    "begge": "total",
    "begge kjønn": "total",
    "kjønn samlet": "total",
    "0": "total",
    "male": "male",
    "menn": "male",
    "mann": "male",
    "1": "male",
    "female": "female",
    "kvinner": "female",
    "kvinne": "female",
    "2": "female",
}
AGE_TOTALS = {"total", "alle", "alle aldre", "0", "0_120", "0-120", "0+"}
AGE_RANGE = re.compile(r"^(\d{1,3})\s*[-_–]\s*(\d{1,3})(\s*år)?$")
AGE_OPEN = re.compile(r"^(\d{1,3})\s*\+(\s*år)?$")


class FileError(Exception):
    """The file cannot be imported; `messages` says why, each naming the line or cell."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclasses.dataclass(frozen=True)
class Row:
    geo: str
    year: int
    sex: str
    age: str
    count: int | None  # None: hidden by the source
    population: int | None
    where: str


@dataclasses.dataclass(frozen=True)
class ParsedFile:
    format: str
    rows: list[Row]
    source: str


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.more = 0

    def add(self, message: str) -> None:
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(message)
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.messages:
            if self.more:
                self.messages.append(_("… og %(count)s feil til.") % {"count": self.more})
            raise FileError(self.messages)


def is_method(text: str) -> bool:
    lowered = text.strip().lower()
    return any(word in lowered for word in METHOD_WORDS) or bool(METHOD_CODE.match(lowered))


def method_refused() -> str:
    return _(
        "Filen har tall fordelt på metode. Planverk tar aldri imot eller viser selvmord fordelt på metode, på "
        "noe nivå (trygg formidling); fjern den dimensjonen og velg totalen."
    )


def normalise_geo(value: str) -> str:
    """Leading zeros lost in a spreadsheet come back: 301 -> 0301 (Oslo), 3 -> 03."""
    code = value.strip()
    if code.isdigit() and code != "0":
        if len(code) == 3:
            return code.zfill(4)
        if len(code) == 1:
            return code.zfill(2)
    return code


def parse_sex(value: str) -> str | None:
    return SEX_VALUES.get(value.strip().lower())


def parse_age(value: str) -> str | None:
    text = value.strip().lower()
    if text in AGE_TOTALS or text.startswith("alle"):
        return "total"
    if match := AGE_RANGE.match(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first > last:
            return None
        if last >= 120:
            return "total" if first == 0 else f"{first}+"
        return f"{first}-{last}"
    if match := AGE_OPEN.match(text):
        first = int(match.group(1))
        return "total" if first == 0 else f"{first}+"
    return None


def parse_year(value: str) -> int | None:
    text = value.strip()
    if "_" in text:
        first, _sep, last = text.partition("_")
        if first != last:
            return None
        text = first
    return int(text) if re.fullmatch(r"\d{4}", text) else None


class NumberError(ValueError):
    pass


def parse_whole_number(value: str) -> int:
    """A count or population as people write it: 5425270, 5 425 270, 5.425.270, 102,0 (Norwegian decimal comma)."""
    text = re.sub(r"[\s\u00a0\u202f\u2009]", "", value)
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NumberError(_("«%(value)s» er ikke et tall") % {"value": value.strip()}) from None
    if not number.is_finite():
        raise NumberError(_("«%(value)s» er ikke et tall") % {"value": value.strip()})
    if number < 0:
        raise NumberError(_("tallet kan ikke være negativt (%(value)s)") % {"value": value.strip()})
    if number != number.to_integral_value():
        raise NumberError(_("må være et helt tall, ikke %(value)s") % {"value": value.strip()})
    return int(number)


def parse(content: bytes, *, geographies: Collection[str]) -> ParsedFile:
    """`geographies`: the codes that exist (kommunenummer, fylkesnummer, "0")."""
    text = _decode(content)
    if not text.strip():
        raise FileError([_("Filen er tom.")])
    if text.lstrip().startswith(("{", "[")):
        return parse_jsonstat(text, geographies=geographies)
    return parse_csv(text, geographies=geographies)


def unknown_geography(code: str) -> str:
    return _("ukjent geografikode «%(geo)s» (bruk kommunenummer, fylkesnummer eller 0 for hele landet)") % {"geo": code}


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A CSV saved by Excel in Norway is usually Windows-1252.
        return content.decode("cp1252", errors="replace")


# --- CSV --------------------------------------------------------------------------------------------------------


def parse_csv(text: str, *, geographies: Collection[str]) -> ParsedFile:
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    errors = _Errors()
    rows: list[Row] = []
    try:
        header = [column.strip().lower() for column in next(reader)]
        _check_header(header)
        for record in reader:
            line = reader.line_num
            if not any(field.strip() for field in record):
                continue
            if len(record) != len(header):
                errors.add(
                    _("Linje %(line)s har %(found)s felt, men overskriftslinjen har %(expected)s.")
                    % {"line": line, "found": len(record), "expected": len(header)}
                )
                continue
            row = _csv_row(dict(zip(header, record, strict=True)), line, errors, geographies)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        errors.add(_("Linje %(line)s er ikke gyldig CSV: %(error)s") % {"line": reader.line_num, "error": error})
    errors.raise_if_any()
    if not rows:
        raise FileError([_("Filen har ingen rader med tall under overskriftslinjen.")])
    return ParsedFile(format="csv", rows=rows, source="")


def _check_header(header: list[str]) -> None:
    if any(is_method(column) for column in header):
        raise FileError([method_refused()])
    expected = ",".join(CSV_COLUMNS)
    problems = []
    for column in header:
        if column not in CSV_COLUMNS:
            problems.append(_("ukjent kolonne «%(column)s»") % {"column": column})
    for column in CSV_COLUMNS:
        if header.count(column) > 1:
            problems.append(_("kolonnen «%(column)s» står flere ganger") % {"column": column})
        if column not in header:
            problems.append(_("kolonnen «%(column)s» mangler") % {"column": column})
    if problems:
        raise FileError(
            [
                _("Overskriftslinjen (linje 1) må være %(expected)s: %(problems)s.")
                % {"expected": expected, "problems": "; ".join(problems)}
            ]
        )


def _csv_row(record: dict[str, str], line: int, errors: _Errors, geographies: Collection[str]) -> Row | None:
    def problem(column: str, message: str) -> None:
        errors.add(
            _("Linje %(line)s, kolonne «%(column)s»: %(message)s")
            % {"line": line, "column": column, "message": message}
        )

    ok = True
    geo = normalise_geo(record["geo"])
    if not geo:
        problem("geo", _("mangler kommunenummer, fylkesnummer eller 0 for hele landet"))
        ok = False
    elif geo not in geographies:
        problem("geo", unknown_geography(geo))
        ok = False
    year = parse_year(record["year"])
    if year is None:
        problem("year", _("«%(value)s» er ikke et årstall") % {"value": record["year"].strip()})
        ok = False
    sex = parse_sex(record["sex"])
    if sex is None:
        problem("sex", _("ukjent kjønn «%(value)s» (bruk total, male eller female)") % {"value": record["sex"].strip()})
        ok = False
    age = parse_age(record["age"])
    if age is None:
        problem(
            "age", _("ukjent aldersgruppe «%(value)s» (bruk total, 15-19 eller 75+)") % {"value": record["age"].strip()}
        )
        ok = False
    count: int | None = None
    if record["count"].strip() != SUPPRESSED:
        try:
            count = parse_whole_number(record["count"])
        except NumberError as error:
            problem("count", str(error))
            ok = False
    population: int | None = None
    if record["population"].strip():
        try:
            population = parse_whole_number(record["population"])
        except NumberError as error:
            problem("population", str(error))
            ok = False
    if not ok:
        return None
    assert year is not None and sex is not None and age is not None
    return Row(geo, year, sex, age, count, population, _("linje %(line)s") % {"line": line})


# --- JSON-stat 2.0 ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Dimension:
    id: str
    label: str
    codes: list[str]
    labels: list[str]
    role: str = ""  # geo, year, sex, age, measure, or "" for a dimension of one category that is ignored


def parse_jsonstat(text: str, *, geographies: Collection[str]) -> ParsedFile:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise FileError([_("Filen er ikke gyldig JSON: %(error)s") % {"error": error}]) from None
    if not isinstance(data, dict):
        raise FileError([_("Filen er ikke et JSON-stat-datasett (et JSON-objekt med «class»: «dataset»).")])
    version = data.get("version")
    if version != "2.0":
        found = _("ingen versjon") if version is None else f"«{version}»"
        raise FileError(
            [
                _("Feil JSON-stat-versjon (%(found)s): Planverk leser JSON-stat 2.0, som FHIs åpne API leverer.")
                % {"found": found}
            ]
        )
    if data.get("class") != "dataset":
        raise FileError([_("Filen må være ett JSON-stat-datasett («class»: «dataset»), ikke en samling.")])
    dimensions = _dimensions(data)
    geo = next(d for d in dimensions if d.role == "geo")
    unknown = [code for code in geo.codes if normalise_geo(code) not in geographies]
    if unknown:
        raise FileError(
            [
                _("Kategorien «%(code)s» i dimensjonen «%(id)s»: %(problem)s.")
                % {"code": code, "id": geo.id, "problem": unknown_geography(code)}
                for code in unknown[:MAX_ERRORS]
            ]
        )
    values, statuses = _values(data, dimensions)
    rows = _jsonstat_rows(dimensions, values, statuses)
    if not rows:
        raise FileError([_("Datasettet har ingen tall.")])
    source = data.get("source") or data.get("label") or ""
    return ParsedFile(format="json-stat", rows=rows, source=str(source)[:300])


def _dimensions(data: dict[str, Any]) -> list[_Dimension]:
    ids, sizes, described = data.get("id"), data.get("size"), data.get("dimension")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise FileError([_("«id» må være en liste med navnene på dimensjonene.")])
    if not isinstance(sizes, list) or not all(isinstance(s, int) and s >= 0 for s in sizes):
        raise FileError([_("«size» må være en liste med antall kategorier i hver dimensjon.")])
    if len(ids) != len(sizes):
        raise FileError(
            [_("«id» har %(ids)s dimensjoner, men «size» har %(sizes)s tall.") % {"ids": len(ids), "sizes": len(sizes)}]
        )
    if not isinstance(described, dict):
        raise FileError([_("«dimension» mangler eller er ikke et objekt.")])
    errors = _Errors()
    dimensions = []
    for dimension_id, size in zip(ids, sizes, strict=True):
        dimension = _dimension(dimension_id, size, described.get(dimension_id), errors)
        if dimension is not None:
            dimensions.append(dimension)
    errors.raise_if_any()
    for dimension in dimensions:
        texts = [dimension.id, dimension.label, *dimension.codes, *dimension.labels]
        if any(is_method(text) for text in texts):
            raise FileError([method_refused()])
    for dimension in dimensions:
        name = dimension.id.strip().lower()
        for role, names in (
            ("geo", GEO_NAMES),
            ("year", YEAR_NAMES),
            ("sex", SEX_NAMES),
            ("age", AGE_NAMES),
            ("measure", MEASURE_NAMES),
        ):
            if name in names or dimension.label.strip().lower() in names:
                dimension.role = role
        if not dimension.role and len(dimension.codes) > 1:
            errors.add(
                _(
                    "Dimensjonen «%(id)s» er ukjent og har %(count)s kategorier. Planverk kjenner geografi, år, "
                    "kjønn, alder og måltall; velg én kategori av «%(id)s» før du henter filen."
                )
                % {"id": dimension.id, "count": len(dimension.codes)}
            )
    roles = [d.role for d in dimensions if d.role]
    for role in set(roles):
        if roles.count(role) > 1:
            errors.add(_("Datasettet har flere dimensjoner for %(role)s.") % {"role": role})
    for role, name in (("geo", _("geografi (GEO)")), ("year", _("år (AAR)"))):
        if role not in roles:
            errors.add(_("Datasettet mangler dimensjonen for %(name)s.") % {"name": name})
    errors.raise_if_any()
    return dimensions


def _dimension(dimension_id: str, size: int, described: Any, errors: _Errors) -> _Dimension | None:
    if not isinstance(described, dict) or not isinstance(described.get("category"), dict):
        errors.add(_("Dimensjonen «%(id)s» er ikke beskrevet under «dimension».") % {"id": dimension_id})
        return None
    category = described["category"]
    index, labels = category.get("index"), category.get("label")
    if isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        positions = sorted(index.items(), key=lambda item: item[1] if isinstance(item[1], int) else -1)
        if [p for _code, p in positions] != list(range(len(positions))):
            errors.add(_("Kategoriene i «%(id)s» har ugyldige posisjoner i «index».") % {"id": dimension_id})
            return None
        codes = [str(code) for code, _position in positions]
    elif index is None and isinstance(labels, dict) and len(labels) == 1:
        codes = [str(next(iter(labels)))]
    else:
        errors.add(_("Dimensjonen «%(id)s» mangler «index» for kategoriene.") % {"id": dimension_id})
        return None
    if len(codes) != size:
        errors.add(
            _("Dimensjonen «%(id)s» har %(found)s kategorier, men «size» sier %(size)s.")
            % {"id": dimension_id, "found": len(codes), "size": size}
        )
        return None
    labels = labels if isinstance(labels, dict) else {}
    return _Dimension(
        id=dimension_id,
        label=str(described.get("label") or ""),
        codes=codes,
        labels=[str(labels.get(code, "")) for code in codes],
    )


def _values(data: dict[str, Any], dimensions: list[_Dimension]) -> tuple[dict[int, Any], dict[int, str]]:
    cells = math.prod(len(d.codes) for d in dimensions)
    raw = data.get("value")
    if isinstance(raw, list):
        if len(raw) != cells:
            raise FileError(
                [
                    _("«value» har %(found)s verdier, men «size» gir %(cells)s celler.")
                    % {"found": len(raw), "cells": cells}
                ]
            )
        values = dict(enumerate(raw))
    elif isinstance(raw, dict):
        values = {}
        for key, value in raw.items():
            if not key.isdigit() or int(key) >= cells:
                raise FileError(
                    [_("«value» har cellen «%(key)s», men «size» gir %(cells)s celler.") % {"key": key, "cells": cells}]
                )
            values[int(key)] = value
    else:
        raise FileError([_("«value» mangler eller er verken en liste eller et objekt.")])
    status = data.get("status")
    statuses: dict[int, str] = {}
    if isinstance(status, str):
        statuses = dict.fromkeys(range(cells), status) if status else {}
    elif isinstance(status, list):
        if len(status) != cells:
            raise FileError(
                [
                    _("«status» har %(found)s verdier, men «size» gir %(cells)s celler.")
                    % {"found": len(status), "cells": cells}
                ]
            )
        statuses = {i: str(s) for i, s in enumerate(status) if s}
    elif isinstance(status, dict):
        statuses = {int(k): str(s) for k, s in status.items() if str(k).isdigit() and s}
    elif status is not None:
        raise FileError([_("«status» er verken en tekst, en liste eller et objekt.")])
    return values, statuses


def _jsonstat_rows(dimensions: list[_Dimension], values: dict[int, Any], statuses: dict[int, str]) -> list[Row]:
    errors = _Errors()
    measure = next((d for d in dimensions if d.role == "measure"), None)
    measure_kinds: list[str | None] = []
    if measure is not None:
        for code, label in zip(measure.codes, measure.labels, strict=True):
            kind = None
            if code.lower() in COUNT_MEASURES or label.lower() in COUNT_MEASURES:
                kind = "count"
            elif code.lower() in POPULATION_MEASURES or label.lower() in POPULATION_MEASURES:
                kind = "population"
            measure_kinds.append(kind)
        if "count" not in measure_kinds:
            raise FileError(
                [
                    _(
                        "Måltallet «%(id)s» har ikke antall (TELLER); "
                        "Planverk regner ratene selv ut fra antall og folketall."
                    )
                    % {"id": measure.id}
                ]
            )
    gathered: dict[tuple[str, int, str, str], dict[str, Any]] = {}
    for position, combination in enumerate(product(*(range(len(d.codes)) for d in dimensions))):
        picked = {d.role: (d.codes[i], d.labels[i]) for d, i in zip(dimensions, combination, strict=True)}
        where = _("celle %(position)s (%(categories)s)") % {
            "position": position,
            "categories": ", ".join(f"{d.id}={d.codes[i]}" for d, i in zip(dimensions, combination, strict=True)),
        }
        kind = "count"
        if measure is not None:
            kind = measure_kinds[combination[dimensions.index(measure)]] or ""
            if not kind:
                continue  # a rate or other measure: Planverk computes its own
        geo = normalise_geo(picked["geo"][0])
        year = parse_year(picked["year"][0])
        sex = parse_sex(picked["sex"][0]) or parse_sex(picked["sex"][1]) if "sex" in picked else "total"
        age = parse_age(picked["age"][0]) or parse_age(picked["age"][1]) if "age" in picked else "total"
        if year is None:
            errors.add(
                _(
                    "%(where)s: «%(value)s» er ikke ett årstall; "
                    "importer årlige tall, flerårsperioder regner Planverk ut."
                )
                % {"where": where, "value": picked["year"][0]}
            )
            continue
        if sex is None:
            errors.add(_("%(where)s: ukjent kjønn «%(value)s».") % {"where": where, "value": picked["sex"][0]})
            continue
        if age is None:
            errors.add(_("%(where)s: ukjent aldersgruppe «%(value)s».") % {"where": where, "value": picked["age"][0]})
            continue
        entry = gathered.setdefault((geo, year, sex, age), {"where": where})
        if kind == "count":
            entry["where"] = where
        status = statuses.get(position, "")
        value = values.get(position)
        if status.strip() == SUPPRESSED or value == SUPPRESSED:
            entry[kind] = SUPPRESSED
            continue
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            errors.add(_("%(where)s: verdien %(value)r er ikke et tall.") % {"where": where, "value": value})
            continue
        try:
            entry[kind] = parse_whole_number(str(value))
        except NumberError as error:
            errors.add(f"{where}: {error}.")
    errors.raise_if_any()
    rows = []
    for (geo, year, sex, age), entry in gathered.items():
        if "count" not in entry:
            continue  # no count for this cell (missing in the source): nothing to import
        count = None if entry["count"] == SUPPRESSED else entry["count"]
        population = entry.get("population")
        population = None if population == SUPPRESSED else population
        rows.append(Row(geo, year, sex, age, count, population, entry["where"]))
    return rows
