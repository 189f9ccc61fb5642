"""Which territory the create pages (need, opportunity, event, cooperation) open with, read through a form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import QueryFormMixin
from core.roles import Role

from ..models import EngagedTerritory


class TerritoryPreselectionForm(QueryFormMixin, forms.Form):
    """`?territoire=<slug>`: a territory the user may add records to."""

    territoire = forms.ModelChoiceField(
        label=_("Territoire"), queryset=EngagedTerritory.objects.none(), to_field_name="slug", required=False
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["territoire"].queryset = EngagedTerritory.objects.editable_by(user)


def preselected_territory(request):
    """The territory a create page opens with, or None (the form then asks for it).

    `?territoire=` names it when the user may add to it; any other value is ignored. Without one, a referent
    who may add to exactly one territory gets that one, so that the buttons of the nav and of the lists need
    no parameter. Coordinators, who may add everywhere, choose.
    """
    form = TerritoryPreselectionForm(request.GET, user=request.user)
    chosen = form.cleaned_data["territoire"] if form.is_valid() else None
    if chosen is not None or request.user.role != Role.REFERENT:
        return chosen
    editable = list(EngagedTerritory.objects.editable_by(request.user)[:2])
    return editable[0] if len(editable) == 1 else None
