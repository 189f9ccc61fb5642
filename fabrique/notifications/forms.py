"""The forms of the notification pages: a user's switches, the coordinators' filters of « Envois »."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import notifications
from core.filters import SEARCH_MAX_LENGTH, QueryFormMixin
from core.form_styles import StyledFormMixin

UNKNOWN_KIND = _("« %(value)s » n’est pas un type de notification que vous pouvez désactiver.")


class NotificationPreferencesForm(StyledFormMixin, forms.Form):
    """One switch per optional kind: ticked, the user receives it."""

    kinds = forms.MultipleChoiceField(
        label=_("Notifications que vous recevez"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": UNKNOWN_KIND},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind.key, kind.label) for kind in notifications.kinds() if kind.optional]


WHEN_CHOICES = [("", _("Passées et à venir")), ("upcoming", _("À venir")), ("past", _("Passées"))]


class SendingsFilterForm(QueryFormMixin, StyledFormMixin, forms.Form):
    """The filters of the « Envois » page (query string): a person, a kind, past or upcoming."""

    person = forms.CharField(label=_("Personne (nom ou adresse)"), required=False, max_length=SEARCH_MAX_LENGTH)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, error_messages={"invalid_choice": _("Ce type de notification n’existe pas.")}
    )
    when = forms.ChoiceField(label=_("Quand"), required=False, choices=WHEN_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tous"))] + [(kind.key, kind.label) for kind in notifications.kinds()]

    def filters(self) -> dict:
        """The valid filters only (an invalid one is shown on its field and left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in ("person", "kind", "when") if name not in self.errors}
