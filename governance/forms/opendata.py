"""The filters of the open data's files: `?annee=2025&territoire=beauvaisis&filiere=mobilite`, each optional."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.filters import YEAR_MAX, YEAR_MIN, YEAR_OUT_OF_RANGE, QueryFormMixin

UNKNOWN_TERRITORY = _(
    "Territoire inconnu : donnez l’identifiant d’un territoire (colonne « territoire » des données) ou « ensemble »."
)
UNKNOWN_SECTOR = _(
    "Filière inconnue : donnez l’identifiant d’une filière (colonne « filiere » des données) ou « ensemble »."
)


BAD_PAGE = _("Page inconnue : donnez un numéro de page à partir de 1.")


class IndicatorQueryForm(QueryFormMixin, forms.Form):
    annee = forms.IntegerField(
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": YEAR_OUT_OF_RANGE, "min_value": YEAR_OUT_OF_RANGE, "max_value": YEAR_OUT_OF_RANGE},
    )
    territoire = forms.CharField(required=False, max_length=200, error_messages={"max_length": UNKNOWN_TERRITORY})
    filiere = forms.CharField(required=False, max_length=150, error_messages={"max_length": UNKNOWN_SECTOR})
    # The JSON's pages (the CSV is one file).
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=1_000_000,
        error_messages={"invalid": BAD_PAGE, "min_value": BAD_PAGE, "max_value": BAD_PAGE},
    )

    def __init__(self, *args, territories, sectors, **kwargs):
        """`territories` and `sectors`: the identifiers a filter may name (opendata.known_keys)."""
        super().__init__(*args, **kwargs)
        self.territories, self.sectors = territories, sectors

    def clean_territoire(self):
        value = self.cleaned_data["territoire"]
        if value and value not in self.territories:
            raise ValidationError(UNKNOWN_TERRITORY, code="unknown")
        return value

    def clean_filiere(self):
        value = self.cleaned_data["filiere"]
        if value and value not in self.sectors:
            raise ValidationError(UNKNOWN_SECTOR, code="unknown")
        return value

    def filters(self):
        """The keyword arguments of opendata.csv_content and json_records."""
        data = self.cleaned_data
        return {"year": data["annee"], "territory": data["territoire"], "sector": data["filiere"]}

    def error_messages(self):
        """{field: [French messages]} for the answer to a bad query."""
        return {name: [str(message) for message in messages] for name, messages in self.errors.items()}
