"""Where this app holds a person's data: user accounts, with their invitations and the emails sent to them."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Notification, SentEmail
from core.personal_data import (
    ANONYMISED_NAME,
    UNDELIVERABLE_DOMAIN,
    Match,
    PersonalDataSource,
    as_json_value,
    undeliverable_address,
)

from ..models import Invitation, User


class UserSource(PersonalDataSource):
    key = "fabrique.user"
    fields = (
        "fabrique.User.first_name",
        "fabrique.User.last_name",
        "fabrique.User.email",
        "fabrique.User.email_refused_reason",
        "fabrique.Invitation.email",
        "core.Notification.to",
        "core.SentEmail.to",
    )
    email_fields = ("email",)
    name_fields = ("first_name", "last_name")
    search_history = False
    label = gettext_lazy("Compte de la plateforme")
    kept = gettext_lazy(
        "le nom, l’adresse e-mail, l’organisation et le rôle, le mot de passe sous forme chiffrée et irréversible, "
        "les clés de double authentification si vous l’activez, les courriels envoyés par la plateforme, ainsi que "
        "l’auteur et la date des modifications faites sur les fiches"
    )
    purpose = gettext_lazy(
        "donner à chacun·e l’accès qui correspond à son rôle, sécuriser la connexion, prévenir des convocations, "
        "décisions et échéances, et savoir qui a modifié quoi, ce sur quoi s’appuient les comités de pilotage"
    )

    def retention(self):
        return _(
            "tant que le compte est actif ; une invitation non utilisée expire au bout de quelques jours ; un compte "
            "anonymisé est désactivé, et les fiches qu’il a modifiées gardent sa trace sans son nom"
        )

    def _queryset(self):
        return User.objects.select_related("organisation").exclude(email__iendswith=f"@{UNDELIVERABLE_DOMAIN}")

    def _match(self, user):
        name = user.get_full_name()
        person = f"{name} — {user.email}" if name else user.email
        record = _("Compte n° %(pk)s (%(role)s)") % {"pk": user.pk, "role": user.get_role_display()}
        if user.organisation_id:
            record = _("%(record)s de l’organisation « %(organisation)s »") % {
                "record": record,
                "organisation": user.organisation.name,
            }
        return Match(source=self.key, pk=user.pk, person=person, record=record, instance=user)

    def describe(self, match):
        return _("Compte n° %(pk)s") % {"pk": match.pk}

    def export(self, match):
        user = match.instance
        invitations = Invitation.objects.filter(models.Q(user=user) | models.Q(email__iexact=user.email))
        notifications = Notification.objects.filter(models.Q(user=user) | models.Q(to__iexact=user.email))
        return {
            "adresse e-mail": user.email,
            "prénom": user.first_name,
            "nom": user.last_name,
            "organisation": user.organisation.name if user.organisation_id else "",
            "rôle": str(user.get_role_display()),
            "compte actif": user.is_active,
            "créé le": as_json_value(user.date_joined),
            "dernière connexion": as_json_value(user.last_login),
            "invitations": [
                {
                    "adresse e-mail": invitation.email,
                    "envoyée le": as_json_value(invitation.created_at),
                    "état": str(invitation.get_status_display()),
                }
                for invitation in invitations.order_by("created_at", "pk")
            ],
            "courriels": [
                {
                    "adresse": notification.to,
                    "objet": notification.subject,
                    "créé le": as_json_value(notification.created_at),
                    "envoyé le": as_json_value(notification.sent_at),
                    "état": str(notification.get_status_display()),
                }
                for notification in notifications.order_by("created_at", "pk")
            ],
        }

    def erase(self, match, *, by):
        user = match.instance
        address = user.email
        marker = undeliverable_address("compte", user.pk)
        with transaction.atomic():
            # The account stays (what it authored keeps pointing to it) but no one can sign in with it again:
            # an unusable password also ends its open sessions.
            user.first_name, user.last_name, user.email = "", ANONYMISED_NAME, marker
            user.is_active = False
            user.set_unusable_password()
            fields = ["first_name", "last_name", "email", "is_active", "password"]
            if hasattr(user, "email_refused_reason"):
                # A mail server's refusal may quote the address.
                user.email_refused_reason = ""
                fields.append("email_refused_reason")
            user.save(update_fields=fields)
            EmailAddress.objects.filter(user=user).delete()
            # The two-factor keys are the person's secrets.
            Authenticator.objects.filter(user=user).delete()
            Invitation.objects.filter(models.Q(user=user) | models.Q(email__iexact=address)).update(email=marker)
            Notification.objects.filter(models.Q(user=user) | models.Q(to__iexact=address)).update(
                to=marker, text="", html="", attachments=[]
            )
            SentEmail.objects.filter(to__iexact=address).update(to=marker)
        return _("Compte n° %(pk)s anonymisé et désactivé (nom, adresse e-mail, invitations, courriels).") % {
            "pk": user.pk
        }
