"""The stage-change form of a project: where it goes, and why (the checks themselves live in stages.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin

from .. import stages
from ..models import StopReason

TARGET_UNKNOWN = _("Cette étape n’existe pas : choisissez l’une de celles de la liste.")


def target_choices(project):
    """The stages and side states the project may move to, in the order of the stages, side states last."""
    allowed = stages.allowed_targets(project)
    return [(value, label) for value, label in stages.STEP_LABELS.items() if value in allowed]


class StepChoiceField(forms.ChoiceField):
    """Shows the allowed moves, but takes any known step: a move stages.py refuses (a page left open while
    someone else moved the project, a hand-made request) is then refused by check_move, with its reason."""

    def valid_value(self, value):
        return str(value) in stages.STEP_LABELS


class StageChangeForm(StyledFormMixin, forms.Form):
    """Offers only the moves stages.py allows from where the project stands; the service checks them again."""

    to_stage = StepChoiceField(label=_("Nouvelle étape"), widget=forms.RadioSelect)
    stop_reason = forms.ModelChoiceField(
        label=_("Motif de la pause ou de l’abandon"),
        queryset=StopReason.objects.none(),
        required=False,
        empty_label=_("Choisissez un motif"),
        help_text=_("Pour une pause ou un abandon : un motif de la liste, ou le vôtre écrit ci-dessous."),
    )
    reason = forms.CharField(
        label=_("Motif ou commentaire"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoire pour revenir à une étape précédente, et pour ouvrir sans décision du comité de "
            "pilotage l’étude d’opportunité ou la transmission au porteur (changement marqué « sans décision "
            "du comité »)."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, project, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("version", project.version)
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["to_stage"].choices = target_choices(project)
        self.fields["to_stage"].error_messages["invalid_choice"] = TARGET_UNKNOWN
        self.fields["to_stage"].error_messages["required"] = _("Choisissez l’étape où passe le projet.")
        self.fields["stop_reason"].queryset = StopReason.objects.filter(active=True)

    @property
    def offers_committee_stage(self):
        """Whether a stage a committee decision opens is among the choices: the dialog then says that such a stage
        is normally entered by recording the decision at the committee's meeting."""
        choices = self.fields["to_stage"].choices
        return any(stages.enters_committee_stage(self.project, value) for value, _label in choices)

    @property
    def expected_version(self):
        return self.cleaned_data.get("version")

    def service_data(self):
        """What services.project_move_to_stage takes besides the project, its author and the version."""
        return {
            "to_stage": self.cleaned_data["to_stage"],
            "reason": self.cleaned_data.get("reason") or "",
            "stop_reason": self.cleaned_data.get("stop_reason"),
        }
