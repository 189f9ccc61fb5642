"""The Django admin, entered only through the platform's login (allauth: rate limits and two-factor stage)."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    """`admin.site` (see fabrique/admin_apps.py), titled for Fabrique in French (templates/admin/base_site.html
    gives it the platform's look)."""

    site_header = _("Fabrique — administration")
    site_title = _("Fabrique — administration")
    index_title = _("Administration de la plateforme")

    def has_permission(self, request):
        return super().has_permission(request) and second_factor_passed(request)

    def login(self, request, extra_context=None):
        """Django's admin login checks a password alone, with no rate limit: send to the platform's login.

        Nothing posted here is read, so no password can be tried through this page.
        """
        next_url = safe_next_url(request) or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("account_login"))
        if self.has_permission(request):
            return redirect(next_url)
        if user.is_active and user.is_staff:
            # Signed in without the second factor the account has (e.g. enrolled during this session):
            # the code is asked once, then the admin opens.
            return redirect_to_login(next_url, reverse("mfa_reauthenticate"))
        # allauth sends a signed-in user straight back to `next`, so the login page would loop.
        raise PermissionDenied


def safe_next_url(request):
    """The `next` parameter when it is a path on this site, else an empty string."""
    url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return ""


def second_factor_passed(request):
    """False when the user has an authenticator and this session never proved it.

    allauth's login asks for the code before it signs such a user in, and records it in the session;
    checking the record here keeps the admin closed to any other way of signing in.
    """
    from allauth.account.authentication import get_authentication_records
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    user = request.user
    if any(record.get("method") == "mfa" for record in get_authentication_records(request, user)):
        return True
    # The admin asks several times per page: one query per request is enough.
    if not hasattr(request, "_has_second_factor"):
        request._has_second_factor = is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
    return not request._has_second_factor
