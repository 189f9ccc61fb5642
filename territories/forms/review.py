"""The review form of a public idea: its text edited, then accepted as a need or declined, with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin
from core.versioning import VersionedFormMixin
from territories.models import Need

from .needs import sector_choices

PERSONAL_DETAILS_HINT = _(
    "Retirez tout ce qui permettrait de reconnaître une personne : nom, adresse, numéro de téléphone, "
    "adresse e-mail, âge ou situation d’un voisin… Acceptée, l’idée sera lue par les partenaires."
)
DECISIONS = [
    (
        Need.ReviewDecision.ACCEPTED,
        _("L’accepter comme besoin identifié : les partenaires la liront, sans les coordonnées de la personne"),
    ),
    (
        Need.ReviewDecision.DECLINED,
        _("Ne pas la retenir : seuls la coordination et les référent·es du territoire la verront"),
    ),
]


class NeedReviewForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez d’accepter l’idée ou de ne pas la retenir.")},
    )

    class Meta:
        model = Need
        fields = ["title", "description", "sector", "priority", "decision", "review_reason"]
        labels = {"review_reason": _("Motif de la décision")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "review_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("Sans nom ni détail qui permettrait de reconnaître une personne."),
            "description": PERSONAL_DETAILS_HINT,
            "sector": _("Facultatif : la filière dont relève le besoin, si vous la connaissez."),
            "review_reason": _(
                "Obligatoire pour ne pas retenir l’idée (par exemple : déjà repérée, hors du champ de "
                "l’économie sociale et solidaire) ; facultatif pour l’accepter. Lu par la coordination et "
                "les référent·es du territoire seulement."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sector_choices(self.instance)
        self.fields["sector"].required = False
        # The reason is checked with the decision, by the service: required to decline, optional to accept.
        self.fields["review_reason"].required = False

    def service_data(self):
        data = super().service_data()
        return {
            **{name: data[name] for name in ("title", "description", "sector", "priority")},
            "decision": self.cleaned_data["decision"],
            "reason": self.cleaned_data.get("review_reason", ""),
        }
