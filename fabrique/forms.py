"""Forms for invitations and accepting them, and allauth's login and password reset forms in the platform's style."""

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin
from core.roles import Role
from territories.models import Actor

from .models import Invitation, User


class InvitationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "organisation", "role"]

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        if inviter.role == Role.REFERENT:
            self.fields["organisation"].queryset = Actor.objects.filter(pk=inviter.organisation_id)
            self.fields["organisation"].initial = inviter.organisation_id
            self.fields["role"].choices = [(Role.REFERENT, Role.REFERENT.label)]
        else:
            self.fields["organisation"].queryset = Actor.objects.order_by("name")


class InvitationAcceptForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1,
                    User(
                        email=self.email,
                        first_name=cleaned.get("first_name", ""),
                        last_name=cleaned.get("last_name", ""),
                    ),
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


COURRIEL = _("Courriel")


def _courriel(field):
    field.label = COURRIEL
    field.widget.attrs["placeholder"] = COURRIEL


class LoginForm(StyledFormMixin, allauth_forms.LoginForm):
    """allauth's login (settings.ACCOUNT_FORMS) with Bootstrap fields, the error summary and « Courriel »."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _courriel(self.fields["login"])


class ResetPasswordForm(StyledFormMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _courriel(self.fields["email"])


class ResetPasswordKeyForm(StyledFormMixin, allauth_forms.ResetPasswordKeyForm):
    pass
