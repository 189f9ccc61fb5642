"""The public call-for-ideas form: an idea or a need, with a honeypot field against robots."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin

from ..models import Sector

TEXT_MAX_LENGTH = 2000
HONEYPOT_FIELD = "site_web"


class CallForIdeasForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Votre idée ou le besoin que vous constatez"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("2 000 caractères au plus. Le texte est enregistré tel quel, sans mise en forme."),
        error_messages={
            "required": _("Décrivez votre idée ou le besoin que vous constatez."),
            "max_length": _(
                "Votre texte est trop long : %(limit_value)d caractères au plus (il en compte %(show_value)d)."
            ),
        },
    )
    sector = forms.ModelChoiceField(
        label=_("Filière"),
        queryset=Sector.objects.none(),
        required=False,
        empty_label=_("Je ne sais pas"),
        error_messages={"invalid_choice": _("Choisissez une filière de la liste.")},
    )
    name = forms.CharField(
        label=_("Votre nom ou celui de votre organisation (facultatif)"), max_length=150, required=False
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail (facultatif)"),
        required=False,
        max_length=254,
        help_text=_(
            "Pour recevoir l’accusé de réception. Sans votre accord ci-dessous, elle n’est pas conservée "
            "une fois l’accusé envoyé."
        ),
        error_messages={"invalid": _("Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.")},
    )
    consent = forms.BooleanField(
        label=_("J’accepte que l’équipe du territoire me recontacte au sujet de cette idée"),
        required=False,
    )
    # Honeypot: people never see it (visually hidden, out of the tab order); robots fill every field.
    site_web = forms.CharField(
        label=_("Site web — laissez ce champ vide (il sert à repérer les envois automatiques)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(is_active=True).order_by("name")

    def visible_fields(self):
        """The fields people fill; the honeypot is rendered apart, visually hidden."""
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    def is_from_robot(self):
        """True when the honeypot was filled: the caller pretends success and saves nothing."""
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))
