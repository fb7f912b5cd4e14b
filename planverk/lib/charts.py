"""Geometry of horizontal bar charts drawn as inline SVG: no JavaScript, and every chart is followed by a
table with the same numbers. Coordinates are whole numbers in the SVG's own units (the viewBox scales them).
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 360
LABEL_HEIGHT = 20  # a line of label text above each bar
BAR_HEIGHT = 18
GAP = 12
VALUE_SPACE = 36  # room after the longest bar for its number


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: int
    x: int
    width: int


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    label_y: int
    y: int
    value_x: int
    value_y: int
    segments: list[Segment]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bar_height: int
    bars: list[Bar]


def bar_chart(rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[tuple[str, str]]) -> BarChart:
    """One bar per row, stacked from the row's values in the order of `series` (key, label).

    Zero values draw nothing; a bar of zero is an empty line with its number, so no row disappears.
    """
    longest = max((sum(values) for _, values in rows), default=0)
    scale = (WIDTH - VALUE_SPACE) / longest if longest else 0
    bars = []
    top = 0
    for label, values in rows:
        label_y = top + LABEL_HEIGHT - 6
        y = top + LABEL_HEIGHT
        segments: list[Segment] = []
        x = 0
        for (key, series_label), value in zip(series, values, strict=True):
            if not value:
                continue
            # Rounded at both ends, so that stacked segments meet without gaps or overlaps.
            end = round((sum(s.value for s in segments) + value) * scale)
            segments.append(Segment(key=key, label=series_label, value=value, x=x, width=max(end - x, 1)))
            x = end
        bars.append(
            Bar(
                label=label,
                total=sum(values),
                label_y=label_y,
                y=y,
                value_x=x + 6,
                value_y=y + BAR_HEIGHT - 4,
                segments=segments,
            )
        )
        top = y + BAR_HEIGHT + GAP
    return BarChart(width=WIDTH, height=max(top - GAP, 1), bar_height=BAR_HEIGHT, bars=bars)


@dataclass(frozen=True)
class IntervalBar:
    label: str
    text: str
    label_y: int
    y: int
    width: int
    low_x: int | None
    high_x: int | None
    middle_y: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class IntervalChart:
    width: int
    height: int
    bar_height: int
    bars: list[IntervalBar]


def interval_chart(rows: Sequence[tuple[str, float | None, float | None, float | None, str]]) -> IntervalChart:
    """One bar per row (label, value, low, high, text) with a line across its confidence interval, the bar's text
    after both. A row without a value draws no bar, only its text (say why in the text), so no row disappears.

    Every bar starts at zero: a chart of rates that starts higher makes small differences look large.
    """
    longest = max(
        (max(v for v in (value, high) if v is not None) for _, value, _, high, _ in rows if value is not None),
        default=0.0,
    )
    scale = (WIDTH - VALUE_SPACE) / longest if longest else 0.0
    bars = []
    top = 0
    for label, value, low, high, text in rows:
        y = top + LABEL_HEIGHT
        width = round(value * scale) if value is not None else 0
        low_x = round(low * scale) if value is not None and low is not None else None
        high_x = round(high * scale) if value is not None and high is not None else None
        bars.append(
            IntervalBar(
                label=label,
                text=text,
                label_y=top + LABEL_HEIGHT - 6,
                y=y,
                width=max(width, 1) if value else 0,
                low_x=low_x,
                high_x=high_x,
                middle_y=y + BAR_HEIGHT // 2,
                value_x=max(width, high_x or 0) + 6 if value is not None else 0,
                value_y=y + BAR_HEIGHT - 4,
            )
        )
        top = y + BAR_HEIGHT + GAP
    return IntervalChart(width=WIDTH, height=max(top - GAP, 1), bar_height=BAR_HEIGHT, bars=bars)
