"""Norwegian phone numbers as the help pages take, store and show them.

Stored as digits only. Accepted: 8 digits (not starting with 0 or 1), or the short numbers of 3, 5 or 6 digits
(113, 02800, 116 123); spaces and a leading +47 are allowed when typing.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DIGITS = re.compile(r"[2-9][0-9]{7}|[0-9]{3}|[0-9]{5,6}")
_TYPED = re.compile(r"(?:\+47)?([0-9 ]+)")

INVALID_MESSAGE = _(
    "«%(value)s» er ikke et gyldig norsk telefonnummer. Skriv 8 sifre (for eksempel 22 40 00 40) "
    "eller et kort nummer som 113 eller 116 123."
)


def normalize_phone(value: str) -> str:
    """The digits of a typed number; an empty value stays empty."""
    typed = value.replace("\u00a0", " ").strip()
    if not typed:
        return ""
    match = _TYPED.fullmatch(typed.replace("+47 ", "+47", 1))
    digits = match.group(1).replace(" ", "") if match else ""
    if not _DIGITS.fullmatch(digits):
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone", params={"value": value})
    return digits


def validate_phone_digits(value: str) -> None:
    """The stored form: digits only, one of the accepted lengths."""
    if value and not _DIGITS.fullmatch(value):
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone", params={"value": value})


def format_phone(digits: str) -> str:
    """As Norwegians write it: 22 40 00 40, 412 34 567 (mobile), 800 33 321, 116 123, 113."""
    if len(digits) == 8:
        if digits[0] in "489":
            return f"{digits[:3]} {digits[3:5]} {digits[5:]}"
        return " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    if len(digits) == 6:
        return f"{digits[:3]} {digits[3:]}"
    return digits


def tel_href(digits: str) -> str:
    # Short numbers only work without the country code.
    return f"tel:+47{digits}" if len(digits) == 8 else f"tel:{digits}"
