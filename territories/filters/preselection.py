"""The `?territoire=<slug>` of the create pages (need, opportunity, event, cooperation), read through a form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import QueryFormMixin

from ..models import EngagedTerritory


class TerritoryPreselectionForm(QueryFormMixin, forms.Form):
    """Which territory a create page opens with: one the user may add records to, named by its slug."""

    territoire = forms.ModelChoiceField(
        label=_("Territoire"), queryset=EngagedTerritory.objects.none(), to_field_name="slug", required=False
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["territoire"].queryset = EngagedTerritory.objects.editable_by(user)


def preselected_territory(request):
    """The territory `?territoire=` names when the user may add to it; None for any other value, which a
    create page simply ignores (the form then asks for the territory)."""
    form = TerritoryPreselectionForm(request.GET, user=request.user)
    return form.cleaned_data["territoire"] if form.is_valid() else None
