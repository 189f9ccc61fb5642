"""The forms of the lists coordinators extend: social-innovation criteria and reasons for pausing or abandoning."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin
from core.versioning import VersionedFormMixin

from ..models import SocialInnovationCriterion, StopReason


class _NamedEntryForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    """A new entry of a list, by its name alone (spaces tidied, unique whatever the case)."""

    taken_message = ""

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        # Compared in Python: SQLite's case-insensitive match ignores the case of accented letters only.
        others = self._meta.model.objects.exclude(pk=self.instance.pk).values_list("name", flat=True)
        if any(other.casefold() == name.casefold() for other in others):
            raise forms.ValidationError(self.taken_message, code="unique")
        return name


class CriterionForm(_NamedEntryForm):
    prefix = "critere"
    taken_message = _("Ce critère est déjà dans la grille.")

    class Meta:
        model = SocialInnovationCriterion
        fields = ["name"]
        labels = {"name": _("Nouveau critère")}


class StopReasonForm(_NamedEntryForm):
    prefix = "motif"
    taken_message = _("Ce motif est déjà dans la liste.")

    class Meta:
        model = StopReason
        fields = ["name"]
        labels = {"name": _("Nouveau motif")}
