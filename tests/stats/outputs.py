"""Read the three outputs of a geography's statistics back into comparable cells: the page, the CSV file, the API."""

import csv
import io
import re
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

Key = tuple[int, int, str, str]  # first year, last year, sex, age


def _number(text: str) -> Decimal | None:
    text = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    return Decimal(text) if text and text not in {"–", "-"} else None


def _cell(count: Any, population: Any, rate: Any, low: Any, high: Any, reason: str) -> dict[str, Any]:
    def number(value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        return Decimal(str(value))

    return {
        "count": number(count),
        "population": number(population),
        "rate": number(rate),
        "ci_low": number(low),
        "ci_high": number(high),
        "reason": reason,
    }


def api_cells(client: Client, number: str) -> dict[Key, dict[str, Any]]:
    data = client.get(reverse("stats_api:statistics", args=[number])).json()
    return {
        (c["first_year"], c["last_year"], c["sex"], c["age"]): _cell(
            c["count"],
            c["population"],
            c["rate"],
            c["ci_low"],
            c["ci_high"],
            c["reason"]["code"] if c["reason"] else "",
        )
        for c in data["series"]
    }


def csv_cells(client: Client, key: str) -> dict[Key, dict[str, Any]]:
    content = client.get(reverse("stats:table_csv", args=[key])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    return {
        (int(r["fra_aar"]), int(r["til_aar"]), r["kjonn"], r["alder"]): _cell(
            _number(r["antall"]),
            _number(r["folketall"]),
            _number(r["per_100000"]),
            _number(r["ki_nedre"]),
            _number(r["ki_ovre"]),
            r["grunn"],
        )
        for r in rows
    }


ROW = re.compile(r'<tr[^>]*data-period="(\d+)-(\d+)" data-sex="(\w+)" data-age="([\w+-]+)">(.*?)</tr>', re.DOTALL)
VALUE = re.compile(r'data-value="(\w+)">([^<]*)</td>')
REASON = re.compile(r'data-reason="(\w+)"')


def page_cells(client: Client, key: str) -> dict[Key, dict[str, Any]]:
    page = client.get(reverse("stats:geography", args=[key])).content.decode()
    cells = {}
    for first, last, sex, age, body in ROW.findall(page):
        values = dict(VALUE.findall(body))
        low, _dash, high = values.get("interval", "").partition("–")
        reason = REASON.search(body)
        cells[(int(first), int(last), sex, age)] = _cell(
            _number(values.get("count", "")),
            _number(values.get("population", "")),
            _number(values.get("rate", "")),
            _number(low),
            _number(high),
            reason.group(1) if reason else "",
        )
    return cells
