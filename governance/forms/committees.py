"""Forms of committees and their members."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import FrenchDateField
from core.form_styles import StyledFormMixin
from core.versioning import VersionedFormMixin
from projects.forms.follow_up import funder_choices
from territories.models import Actor, EngagedTerritory

from ..models import Committee, CommitteeMember
from ..selectors.committees import member_users
from ..services.committees import member_check

# The seat's fields that member_check reads.
SEAT_FIELDS = ("user", "actor", "representative_name", "representative_email", "start_on", "end_on")


class CommitteeForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["name", "kind", "purpose", "territory", "is_active"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "purpose": _("Ce que le comité décide ou suit : c’est ce que lit un financeur avant une séance."),
            "is_active": _("Un comité inactif reste consultable, avec ses séances et ses décisions."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        territory = self.fields["territory"]
        territory.queryset = EngagedTerritory.objects.only("id", "name").order_by("name")
        territory.empty_label = _("La région (comité régional)")
        territory.label = _("Périmètre")


class MemberUserField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.email
        return f"{name} — {obj.organisation.name}" if obj.organisation_id else name


class MemberForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    """A seat: a platform user, or a named representative (without an account) of an organisation."""

    user = MemberUserField(
        queryset=member_users(),
        required=False,
        label=_("Utilisateur·rice de la plateforme"),
        help_text=_("Ou bien laissez vide et nommez ci-dessous la personne qui représente une organisation."),
        error_messages={"invalid_choice": _("Choisissez une personne de la liste.")},
    )

    class Meta:
        model = CommitteeMember
        fields = ["user", "representative_name", "representative_email", "actor", "position", "start_on", "end_on"]
        field_classes = {"start_on": FrenchDateField, "end_on": FrenchDateField}
        help_texts = {
            "representative_name": _("Pour une personne sans compte sur la plateforme."),
            "actor": _("Pour un·e utilisateur·rice, son organisation si vous laissez ce champ vide."),
            "end_on": _("Laissez vide pour un mandat en cours ; une date met fin au mandat."),
        }

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        actor = self.fields["actor"]
        actor.error_messages["invalid_choice"] = _("Choisissez une organisation de la liste.")
        if self.instance.pk is None:
            actor.choices = funder_choices()
            self.fields["start_on"].initial = timezone.localdate
        else:
            # A seat stays the same person's: another person takes a new seat.
            users = get_user_model().objects.select_related("organisation")
            self.fields["user"].queryset = users.filter(pk=self.instance.user_id)
            actor.queryset = Actor.objects.filter(pk=self.instance.actor_id).only("id", "name")
            for name in ("user", "actor"):
                self.fields[name].disabled = True
            # Only the fields of the kind of seat it is.
            unused = ("representative_name", "representative_email") if self.instance.user_id else ("user",)
            for name in unused:
                del self.fields[name]
            actor.help_text = _("Une autre personne prend un nouveau mandat : ajoutez un membre.")

    def clean(self):
        cleaned = super().clean()
        # Checked even when another field is wrong, so that every message shows at once (and the model's
        # constraints, checked next on the fields without an error, never speak in their own words).
        values = {name: None if name in self.errors else cleaned.get(name) for name in SEAT_FIELDS}
        if values["user"] is not None and values["actor"] is None:
            values["actor"] = values["user"].organisation
        try:
            member_check(committee=self.committee, values=values, member=self.instance)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field == "user" and field not in self.fields:  # a representative's seat, edited
                    field = "representative_name"
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned
