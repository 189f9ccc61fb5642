"""core.numbers.FrenchDecimalField: amounts typed the French way."""

from decimal import Decimal

import pytest

from core.numbers import FrenchDecimalField


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12 500,50", "12500.50"), ("12\u00a0500,5", "12500.5"), ("12\u202f500", "12500"), ("2.5", "2.5"), ("", None)],
)
def test_spaces_and_commas_are_read(typed, value):
    field = FrenchDecimalField(max_digits=12, decimal_places=2, required=False)
    assert field.clean(typed) == (Decimal(value) if value else None)
    assert field.widget.attrs["inputmode"] == "decimal"
