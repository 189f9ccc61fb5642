"""The upload form of the projects import (core.views.import_upload)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin


class ProjectImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fichier (XLSX ou CSV)"),
        help_text=_("2 Mo et 5 000 lignes au plus ; la première ligne donne les noms des colonnes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
