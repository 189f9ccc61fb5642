"""The forms of the personal-data pages: the search of a person, and the confirmed erasure of their records."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import QueryFormMixin
from core.form_styles import CheckboxList, StyledFormMixin
from core.personal_data import MIN_QUERY_LENGTH


class PersonSearchForm(QueryFormMixin, StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Adresse e-mail ou nom de la personne"),
        max_length=254,
        help_text=_("Une adresse e-mail est cherchée telle quelle (majuscules ou non) ; un nom, mot par mot."),
        error_messages={"required": _("Saisissez l’adresse e-mail ou le nom de la personne à chercher.")},
    )

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) < MIN_QUERY_LENGTH:
            raise forms.ValidationError(
                _("Saisissez au moins %(count)s caractères : un nom ou une adresse e-mail complète."),
                params={"count": MIN_QUERY_LENGTH},
            )
        return query


class ErasureForm(StyledFormMixin, forms.Form):
    q = forms.CharField(widget=forms.HiddenInput, max_length=254)
    records = forms.MultipleChoiceField(
        label=_("Enregistrements à anonymiser"),
        widget=CheckboxList,
        error_messages={
            "required": _("Cochez au moins un enregistrement à anonymiser."),
            "invalid_choice": _("Un enregistrement coché n’existe plus ou a déjà été anonymisé : cherchez à nouveau."),
        },
    )
    confirm = forms.BooleanField(
        label=_(
            "Je confirme l’anonymisation : elle est définitive, les données effacées ne pourront pas être retrouvées."
        ),
        error_messages={"required": _("Cochez la case de confirmation pour anonymiser ces enregistrements.")},
    )

    def __init__(self, *args, found=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = {match.value: match for group in found for match in group.matches}
        self.fields["records"].choices = [
            (match.value, f"{group.source.label} — {match.record} — {match.person}")
            for group in found
            for match in group.matches
        ]

    def selected_matches(self):
        return [self.matches[value] for value in self.cleaned_data["records"]]
