"""Form of an animation event: its territory limited to the ones the user may edit, needs of that territory."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.dates import FrenchDateField
from core.form_styles import CheckboxList, StyledFormMixin
from core.versioning import VersionedFormMixin

from ..models import Actor, AnimationEvent, EngagedTerritory, Need
from .needs import NeedChoiceField

TERRITORY_REFUSED = _("Vous ne pouvez pas enregistrer d’action d’animation sur ce territoire.")
NEED_UNAVAILABLE = _("Ce besoin n’est pas disponible : choisissez un besoin d’un territoire que vous suivez.")
NEED_OTHER_TERRITORY = _("Le besoin « %(need)s » relève d’un autre territoire que celui de l’action.")


class AnimationEventForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    needs = NeedChoiceField(
        label=_("Besoins issus de l’action"),
        queryset=Need.objects.none(),
        required=False,
        widget=CheckboxList(filterable=True),
        error_messages={"invalid_choice": NEED_UNAVAILABLE},
        help_text=_("Seulement des besoins du territoire de l’action."),
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
            "summary": forms.Textarea(attrs={"rows": 6}),
            "partners_present": CheckboxList(filterable=True),
        }
        field_classes = {"date": FrenchDateField}
        error_messages = {"territory": {"invalid_choice": TERRITORY_REFUSED}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = EngagedTerritory.objects.editable_by(user).order_by("name")
        self.fields["territory"].queryset = editable
        self.fields["territory"].empty_label = _("Choisissez un territoire")
        self.fields["partners_present"].queryset = self._partners_choosable()
        self.fields["partners_present"].help_text = _(
            "Cochez les acteurs présents. Ceux qui agissent sur le territoire de l’action viennent en premier."
        )
        self.fields["needs"].queryset = (
            Need.objects.filter(territory__in=editable).select_related("territory").order_by("territory__name", "title")
        )

    def _partners_choosable(self):
        """Every actor (partners come from anywhere), those working in the event's territory first."""
        actors = Actor.objects.only("id", "name")
        territory_id = self.instance.territory_id or self.initial.get("territory")
        if isinstance(territory_id, EngagedTerritory):
            territory_id = territory_id.pk
        if not territory_id:
            return actors.order_by("name")
        local = Exists(
            Actor.territories.through.objects.filter(actor_id=OuterRef("pk"), engagedterritory_id=territory_id)
        )
        return actors.annotate(local=local).order_by("-local", "name")

    def clean(self):
        cleaned = super().clean()
        territory = cleaned.get("territory")
        for need in cleaned.get("needs") or ():
            if territory is not None and need.territory_id != territory.pk:
                self.add_error("needs", NEED_OTHER_TERRITORY % {"need": need.title})
                break
        return cleaned
