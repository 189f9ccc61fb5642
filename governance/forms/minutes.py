"""Forms of minutes: their text, the confirmation of a draft written from the agenda, and their approval."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin
from core.versioning import MISSING_VERSION_MESSAGE, VersionedFormMixin

from ..models import Meeting

MARKDOWN_HELP = _(
    "Mise en forme Markdown : « ## » pour un titre, « - » pour une liste, **gras**, *italique*, "
    "[lien](https://…). Le HTML n’est pas interprété."
)


class MinutesForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 24, "class": "font-monospace"})}
        help_texts = {"minutes": MARKDOWN_HELP}


class MeetingVersionForm(StyledFormMixin, forms.Form):
    """A confirmation posted on a meeting: carries the version it was shown with."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("version", meeting.version)
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is None:
            raise forms.ValidationError(MISSING_VERSION_MESSAGE, code="missing_version")
        return cleaned

    @property
    def expected_version(self):
        return self.cleaned_data.get("version")

    def service_data(self) -> dict[str, Any]:
        return {}


class MinutesDraftForm(MeetingVersionForm):
    replace = forms.BooleanField(
        label=_("Remplacer le texte actuel du compte rendu par le brouillon"),
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        if not meeting.minutes.strip():
            # Nothing to replace: no box to tick.
            del self.fields["replace"]

    def service_data(self) -> dict[str, Any]:
        return {"replace": bool(self.cleaned_data.get("replace"))}
