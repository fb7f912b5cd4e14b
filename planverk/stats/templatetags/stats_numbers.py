"""Numbers as Norwegians write them: 5 398 000 and 11,3 (in English: 5,398,000 and 11.3)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def whole(value: int | None) -> str:
    return number_format(value, 0, force_grouping=True) if value is not None else "–"


@register.filter
def one_decimal(value: Decimal | float | None) -> str:
    return number_format(value, 1, force_grouping=True) if value is not None else "–"
