"""Deadlines and dates as plans write them: "senest innen 2025", "i løpet av 2026", "2025–2027", "Pågående",
"Innen utgangen av 2026", "1.3.2025", "12. mars 2024"."""

import datetime
import re

ONGOING = re.compile(r"^(?:pågående|løpende|kontinuerlig|fortløpende|hele planperioden|i hele planperioden)\b", re.I)


_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b")
_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d|\d\d)\b")
_DUE = re.compile(
    r"(?:innen|senest|i løpet av|utgangen av|ferdig\w*|frist\w*|til og med|tom\.?|t\.o\.m\.?|avsluttes):?\s+"
    r"(?:utgangen\s+av\s+|våren\s+|høsten\s+|(?:\d{1,2}\.\s?\d{1,2}\.\s?))?((?:19|20)\d\d)\b",
    re.I,
)
_START = re.compile(
    r"(?:\bfra|\bfom\.?|f\.o\.m\.?|oppstart|start\w*|\bi)\s+(?:våren\s+|høsten\s+)?((?:19|20)\d\d)\b", re.I
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def parse_timeframe(text: str) -> tuple[int | None, int | None, str | None]:
    """(start year, due year, due date) from a NÅR text such as "Utarbeides 2025, implementeres 2025-2026"."""
    if not text or ONGOING.match(text.strip()):
        return None, None, None
    start: int | None = None
    due: int | None = None
    due_date: str | None = None
    ranges = list(_RANGE.finditer(text))
    for m in ranges:
        first, second = int(m.group(1)), m.group(2)
        end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if end >= first:
            start = min(start or first, first)
            due = max(due or end, end)
    for m in _DUE.finditer(text):
        due = max(due or 0, int(m.group(1)))
        date = _DATE.search(m.group(0))
        if date:
            due_date = iso_date(date)
    for m in _START.finditer(text):
        year = int(m.group(1))
        if not any(r.start() <= m.start(1) < r.end() for r in ranges) and not _DUE.search(m.group(0)):
            start = min(start or year, year)
    if due_date is None and len(dates := list(_DATE.finditer(text))) == 1 and not ranges:
        due_date = iso_date(dates[0])
        if due_date:
            due = int(due_date[:4])
    if start is None and due is None:
        years = [int(y) for y in _YEAR.findall(text)]
        if len(years) == 1:
            due = years[0]
        elif years:
            start, due = min(years), max(years)
    if start is not None and due is not None and due < start:
        start = None
    if due is not None and start == due and not ranges:
        start = None
    return start, due, due_date


def iso_date(m: re.Match[str]) -> str | None:
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 2000
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ]
    )
}


def parse_date(value: str) -> str | None:
    m = _DATE.match(value.strip())
    if m:
        return iso_date(m)
    m = re.match(r"(\d{1,2})\.\s+([a-zæøå]+)\s+(\d{4})", value.strip())
    if m and m.group(2) in MONTHS:
        try:
            return datetime.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))).isoformat()
        except ValueError:
            return None
    return None
