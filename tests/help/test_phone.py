"""Norwegian phone numbers: 8 digits, or 3-, 5- and 6-digit short numbers; +47 and spaces allowed."""

import pytest
from django.core.exceptions import ValidationError

from planverk.help.phone import format_phone, normalize_phone, tel_href


@pytest.mark.parametrize(
    ("typed", "digits", "shown", "href"),
    [
        ("113", "113", "113", "tel:113"),
        ("116 117", "116117", "116 117", "tel:116117"),
        ("+47 116 123", "116123", "116 123", "tel:116123"),
        ("22 40 00 40", "22400040", "22 40 00 40", "tel:+4722400040"),
        ("+4722400040", "22400040", "22 40 00 40", "tel:+4722400040"),
        ("800 33 321", "80033321", "800 33 321", "tel:+4780033321"),
        ("412 34 567", "41234567", "412 34 567", "tel:+4741234567"),
        ("02800", "02800", "02800", "tel:02800"),
        ("\u00a022\u00a040 00 40 ", "22400040", "22 40 00 40", "tel:+4722400040"),
    ],
)
def test_numbers_are_stored_as_digits_and_shown_the_norwegian_way(typed, digits, shown, href):
    assert normalize_phone(typed) == digits
    assert format_phone(digits) == shown
    assert tel_href(digits) == href


@pytest.mark.parametrize(
    "typed", ["1234", "1234567", "123456789", "02400040", "12345678", "+46 22400040", "22-40-00-40", "tlf 113", "١١٣"]
)
def test_anything_else_is_refused_with_a_message_saying_what_is_allowed(typed):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert "er ikke et gyldig norsk telefonnummer" in str(error.value)
    assert "116 123" in str(error.value)


def test_an_empty_number_stays_empty():
    assert normalize_phone("  ") == ""
