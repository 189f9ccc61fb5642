"""Dates typed in French in every form: jj/mm/aaaa in a text box, read leniently, refused in plain French."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

DISPLAY_FORMAT = "%d/%m/%Y"
PLACEHOLDER = "jj/mm/aaaa"

DATE_UNREADABLE = _("Date illisible : écrivez-la jour, mois et année, au format jj/mm/aaaa (par exemple 15/03/2026).")
DATE_IMPOSSIBLE = _("Le %(date)s n’existe pas : vérifiez le jour et le mois (format jj/mm/aaaa).")
DATE_IN_FUTURE = _("Cette date est dans le futur : indiquez une date passée ou celle d’aujourd’hui (%(today)s).")

# Day first as French readers write it (15/03/2026, 15-03-2026, 15.03.2026, 15 03 2026), its digits alone
# (15032026: a date picker of a browser in another language turned this into 03/12/2026), or ISO.
_DAY_FIRST = re.compile(r"(?P<day>\d{1,2})[/.\- ](?P<month>\d{1,2})[/.\- ](?P<year>\d{4})")
_DIGITS = re.compile(r"(?P<day>\d{2})(?P<month>\d{2})(?P<year>\d{4})")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")


def parse_french_date(text: str) -> datetime.date:
    """The date written in `text`; ValidationError in French when it cannot be read or does not exist."""
    text = " ".join(text.split())
    for pattern in (_DAY_FIRST, _DIGITS, _ISO):
        match = pattern.fullmatch(text)
        if match:
            day, month, year = (int(match[part]) for part in ("day", "month", "year"))
            try:
                return datetime.date(year, month, day)
            except ValueError:
                written = f"{day:02d}/{month:02d}/{year:04d}"
                raise ValidationError(DATE_IMPOSSIBLE, code="impossible", params={"date": written}) from None
    raise ValidationError(DATE_UNREADABLE, code="invalid")


def french_date(value: datetime.date) -> str:
    return value.strftime(DISPLAY_FORMAT)


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    """A day as pages write it (`SHORT_DATE_FORMAT`, as the template filter `date:"SHORT_DATE_FORMAT"`): a moment
    on its day in the platform's time zone, nothing for no date."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATE_FORMAT")


def not_in_future(value: datetime.date | None):
    """Validator of a date something already happened on (identified, qualified, signed…)."""
    today = timezone.localdate()
    if value is not None and value > today:
        raise ValidationError(DATE_IN_FUTURE, code="future", params={"today": date_format(today, "d/m/Y")})


class FrenchDateInput(forms.DateInput):
    """A text box (not the browser's picker, whose format follows the browser's language): jj/mm/aaaa."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {"placeholder": PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format=DISPLAY_FORMAT)


class FrenchDateField(forms.DateField):
    """A date typed as 15/03/2026, 15032026, 15-03-2026 or 2026-03-15; shown back as 15/03/2026.

    `past_only=True` refuses a date after today (the date something was done).
    """

    widget = FrenchDateInput

    def __init__(self, *, past_only=False, **kwargs):
        super().__init__(**kwargs)
        if past_only:
            self.validators.append(not_in_future)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_french_date(str(value).strip())


class PastDateField(FrenchDateField):
    """A date something was done on: not after today (for `field_classes` of a model form)."""

    def __init__(self, **kwargs):
        super().__init__(past_only=True, **kwargs)
