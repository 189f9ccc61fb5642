"""Form of an animation event: its territory limited to the ones the user may edit, needs of that territory."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import DateInput, StyledFormMixin
from core.versioning import VersionedFormMixin

from ..models import Actor, AnimationEvent, EngagedTerritory, Need
from .needs import NeedChoiceField

TERRITORY_REFUSED = _("Vous ne pouvez pas enregistrer d'action d'animation sur ce territoire.")
NEED_UNAVAILABLE = _("Ce besoin n'est pas disponible : choisissez un besoin d'un territoire que vous suivez.")
NEED_OTHER_TERRITORY = _("Le besoin « %(need)s » relève d'un autre territoire que celui de l'action.")


class AnimationEventForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    needs = NeedChoiceField(
        label=_("Besoins issus de l'action"),
        queryset=Need.objects.none(),
        required=False,
        error_messages={"invalid_choice": NEED_UNAVAILABLE},
        help_text=_("Seulement des besoins du territoire de l'action."),
    )

    class Meta:
        model = AnimationEvent
        fields = [
            "kind",
            "title",
            "date",
            "territory",
            "participants",
            "partners_present",
            "ideas_produced",
            "needs",
            "summary",
        ]
        widgets = {
            "date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 6}),
            "partners_present": forms.SelectMultiple(attrs={"size": 8}),
        }
        error_messages = {"territory": {"invalid_choice": TERRITORY_REFUSED}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = EngagedTerritory.objects.editable_by(user).order_by("name")
        self.fields["territory"].queryset = editable
        self.fields["territory"].empty_label = _("Choisissez un territoire")
        self.fields["partners_present"].queryset = Actor.objects.only("id", "name").order_by("name")
        self.fields["partners_present"].help_text = _("Les acteurs présents (plusieurs choix possibles).")
        self.fields["needs"].queryset = (
            Need.objects.filter(territory__in=editable).select_related("territory").order_by("territory__name", "title")
        )

    def clean(self):
        cleaned = super().clean()
        territory = cleaned.get("territory")
        for need in cleaned.get("needs") or ():
            if territory is not None and need.territory_id != territory.pk:
                self.add_error("needs", NEED_OTHER_TERRITORY % {"need": need.title})
                break
        return cleaned
