"""Validators of official identifiers: SIREN and SIRET checked by the Luhn key."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LA_POSTE_SIREN = "356000000"


def luhn_valid(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_identifier(value):
    return "".join(value.split()) if value else ""


def validate_siret_or_siren(value):
    digits = normalise_identifier(value)
    if not digits.isdigit() or len(digits) not in (9, 14):
        raise ValidationError(
            _("Un SIREN compte 9 chiffres et un SIRET 14 chiffres (« %(value)s »).") % {"value": value},
            code="siret_format",
        )
    if luhn_valid(digits):
        return
    # La Poste's establishments share one SIREN and use a different check (sum of digits divisible by 5).
    if len(digits) == 14 and digits.startswith(LA_POSTE_SIREN) and sum(int(c) for c in digits) % 5 == 0:
        return
    raise ValidationError(
        _("Le numéro « %(value)s » n’est pas valide : sa clé de contrôle (Luhn) est fausse.") % {"value": value},
        code="siret_luhn",
    )
