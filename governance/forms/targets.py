"""Form of a yearly target."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin
from core.numbers import FrenchDecimalField
from core.versioning import VersionedFormMixin
from territories.models import EngagedTerritory

from ..models import Target
from ..services.targets import target_check_unique

YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR_OUT_OF_RANGE = _("Saisissez une année entre 2000 et 2100.")
VALUE_ERRORS = {
    "min_value": _("Un objectif ne peut pas être négatif."),
    "max_digits": _("Cet objectif est trop grand : 99\u00a0999\u00a0999\u00a0999,9 au plus."),
    "max_whole_digits": _("Cet objectif est trop grand : 99\u00a0999\u00a0999\u00a0999,9 au plus."),
    "max_decimal_places": _("Un objectif a un chiffre après la virgule au plus."),
    "invalid": _("Saisissez un nombre, par exemple 12 ou 12,5."),
}


class TargetForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    year = forms.IntegerField(
        label=_("Année"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"min_value": YEAR_OUT_OF_RANGE, "max_value": YEAR_OUT_OF_RANGE, "invalid": YEAR_OUT_OF_RANGE},
    )
    value = FrenchDecimalField(
        label=_("Objectif"),
        min_value=0,
        max_digits=12,
        decimal_places=1,
        error_messages=VALUE_ERRORS,
        widget=forms.TextInput,
        help_text=_("Un nombre, en euros pour les financements, en ETP pour les emplois."),
    )

    class Meta:
        model = Target
        fields = ["year", "territory", "indicator", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        territory = self.fields["territory"]
        territory.queryset = EngagedTerritory.objects.only("id", "name").order_by("name")
        territory.empty_label = _("La région (objectif régional)")
        territory.label = _("Périmètre")
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})
        if self.instance.pk is None:
            self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        if not any(name in self.errors for name in ("year", "territory", "indicator")):
            try:
                target_check_unique(
                    year=cleaned.get("year"),
                    territory=cleaned.get("territory"),
                    indicator=cleaned.get("indicator"),
                    target=self.instance,
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
