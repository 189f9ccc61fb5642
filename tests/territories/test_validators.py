"""SIREN and SIRET validation by the Luhn key, with La Poste’s exception."""

import pytest
from django.core.exceptions import ValidationError

from territories.validators import luhn_valid, normalise_identifier, validate_siret_or_siren

LUHN_MESSAGE = "Le numéro « {} » n’est pas valide : sa clé de contrôle (Luhn) est fausse."
FORMAT_MESSAGE = "Un SIREN compte 9 chiffres et un SIRET 14 chiffres (« {} »)."


def refusal(value):
    with pytest.raises(ValidationError) as caught:
        validate_siret_or_siren(value)
    return caught.value


@pytest.mark.parametrize(
    "value",
    [
        "732829320",  # SIREN
        "73282932000074",  # SIRET of that SIREN
        "732 829 320",  # spaces as people type them
        "732 829 320 00074",
        "356000000",  # La Poste's SIREN itself follows Luhn
        "35600000000048",  # La Poste's head office follows Luhn
        "35600000049837",  # another La Poste establishment: digits sum to a multiple of 5, Luhn fails
    ],
)
def test_valid_identifiers_pass(value):
    assert validate_siret_or_siren(value) is None


@pytest.mark.parametrize("value", ["732829321", "73282932000075", "35600000000049", "35600000000016"])
def test_a_wrong_key_is_refused_with_the_luhn_message(value):
    error = refusal(value)
    assert error.code == "siret_luhn"
    assert error.messages == [LUHN_MESSAGE.format(value)]


@pytest.mark.parametrize("value", ["73282932", "7328293200007", "732829320000741", "1234567890"])
def test_a_wrong_length_is_refused(value):
    error = refusal(value)
    assert error.code == "siret_format"
    assert error.messages == [FORMAT_MESSAGE.format(value)]


@pytest.mark.parametrize("value", ["73282932A", "ABCDEFGHIJKLMN", "732-829-320"])
def test_letters_and_signs_are_refused(value):
    error = refusal(value)
    assert error.code == "siret_format"
    assert error.messages == [FORMAT_MESSAGE.format(value)]


def test_luhn_and_normalisation_helpers():
    assert luhn_valid("732829320") and not luhn_valid("732829321")
    assert normalise_identifier(" 732 829\u00a0320 ") == "732829320"
    assert normalise_identifier(None) == ""
