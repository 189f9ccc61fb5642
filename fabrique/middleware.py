"""Sends coordinators without two-factor authentication to TOTP enrolment when it is required."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.roles import Role

# Pages a coordinator may still open before enrolling: enrolment itself, logout and static health.
ALLOWED_PREFIXES = ("/comptes/2fa/", "/comptes/logout/", "/comptes/reauthenticate/", "/health", "/static/")


class RequireCoordinatorMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            messages.warning(
                request,
                _("L’authentification à deux facteurs est obligatoire pour les coordinateur·rices : activez-la."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_enrol(self, request):
        if not settings.MFA_REQUIRED_FOR_COORDINATORS:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.role != Role.COORDINATOR:
            return False
        if request.path.startswith(ALLOWED_PREFIXES):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
