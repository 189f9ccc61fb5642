"""Form of a request for an annual committee pack: the year, the foreword and next year's plan."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin

from ..models import CommitteePack

YEAR_MIN = 2000


class PackRequestForm(StyledFormMixin, forms.ModelForm):
    year = forms.IntegerField(label=_("Année du dossier"))

    class Meta:
        model = CommitteePack
        fields = ["year", "foreword", "next_year_plan"]
        widgets = {"foreword": forms.Textarea(attrs={"rows": 6}), "next_year_plan": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "foreword": _("Le mot d’introduction du dossier, par la présidence du comité ou la coordination."),
            "next_year_plan": _("Les priorités et le calendrier proposés au comité pour l’année suivante."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.this_year = this_year
        year = self.fields["year"]
        year.widget.attrs.update({"inputmode": "numeric"})
        year.help_text = _("L’année écoulée, en général ; l’année en cours donne un dossier provisoire.")
        message = _("Saisissez une année entre %(first)s et %(last)s.") % {"first": YEAR_MIN, "last": this_year}
        year.error_messages.update({"invalid": message, "required": _("Saisissez l’année du dossier.")})
        self.year_message = message

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not YEAR_MIN <= year <= self.this_year:
            raise forms.ValidationError(self.year_message, code="out_of_range")
        return year

    def service_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}
