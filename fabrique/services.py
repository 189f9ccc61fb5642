"""Writes about users and invitations: invite, revoke, accept."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import notifications
from core.roles import Role

from .models import Invitation, User, hash_token


def invitation_create(*, invited_by, email, organisation, role, accept_url_builder):
    """Create an invitation and email its link (a mandatory notification, sent once the request commits);
    returns the invitation.

    A referent may only invite colleagues of their own organisation, as referents.
    """
    if invited_by.role == Role.REFERENT and (organisation.pk != invited_by.organisation_id or role != Role.REFERENT):
        raise PermissionDenied
    if invited_by.role not in (Role.COORDINATOR, Role.REFERENT):
        raise PermissionDenied
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Un compte existe déjà avec cette adresse e-mail.")})
    token = Invitation.new_token()
    now = timezone.now()
    with transaction.atomic():
        # A new invitation replaces any pending one for the same address.
        Invitation.objects.pending().filter(email__iexact=email).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            organisation=organisation,
            role=role,
            invited_by=invited_by,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        _notify_invitation(invitation, notifications.absolute_url(accept_url_builder(token)))
    return invitation


def _notify_invitation(invitation, url):
    with translation.override("fr"):
        _notify_invitation_in_french(invitation, url)


def _notify_invitation_in_french(invitation, url):
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "url": url,
        "days": settings.INVITATION_VALID_DAYS,
        "link": url,
        "link_label": _("Créer mon compte"),
        "reason": _("%(inviter)s vous a invité·e à rejoindre Fabrique") % {"inviter": inviter},
    }
    text, html = notifications.render_email("fabrique/email/invitation", context)
    # The kind erases the body once sent: the link (the token) is not kept in the table.
    notifications.notify(
        kind="invitation",
        to=invitation.email,
        subject=_("Invitation à rejoindre Fabrique"),
        text=text,
        html=html,
        link=url,
        dedup_key=f"invitation:{invitation.pk}",
    )


def invitation_revoke(*, invitation, revoked_by):
    if invitation.status != "pending":
        raise ValidationError(_("Seule une invitation en attente peut être révoquée."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_find_pending(token):
    """The pending invitation for a token, or None (unknown, used, revoked or expired)."""
    return Invitation.objects.pending().filter(token_hash=hash_token(token)).select_related("organisation").first()


def invitation_accept(*, token, first_name, last_name, password):
    """Create the account of an invitation; the link works once."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().pending().filter(token_hash=hash_token(token)).first()
        if invitation is None:
            raise ValidationError(_("Ce lien d’invitation n’est plus valable."))
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("Un compte existe déjà avec cette adresse e-mail."))
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            organisation=invitation.organisation,
            role=invitation.role,
            is_staff=invitation.role == Role.STAFF,
        )
        # The invitation reached this address, so it counts as verified.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
    return user
