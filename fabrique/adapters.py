"""django-allauth adapter: accounts only from invitations; login limits per real client; locks say how long."""

import logging
import math

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_rates
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from core.client import client_address

logger = logging.getLogger(__name__)


def login_lock_minutes():
    """The longest a login lock lasts, in whole minutes, read from ACCOUNT_RATE_LIMITS["login_failed"]."""
    rates = get_rates(app="allauth.account", action="login_failed")
    return max(1, math.ceil(max((rate.duration for rate in rates), default=60) / 60))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def validation_error(self, code, *args):
        if code == "too_many_login_attempts":
            # allauth's message ("try again later") leaves a locked-out user guessing. The limits are
            # sliding windows, so a lock never lasts longer than the longest window.
            minutes = login_lock_minutes()
            message = ngettext(
                "Trop de tentatives de connexion infructueuses. Par sécurité, réessayez dans %(count)d minute.",
                "Trop de tentatives de connexion infructueuses. Par sécurité, réessayez dans %(count)d minutes.",
                minutes,
            ) % {"count": minutes}
            return ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def get_client_ip(self, request):
        # Behind the proxy every visitor shares its address: the per-address login limits would then lock
        # everyone out at once. Read the address as the rest of the platform does (TRUSTED_PROXIES).
        return client_address(request) or super().get_client_ip(request)

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Someone may be keeping an account locked on purpose: leave a trace operators can act on.
            logger.warning("Login refused after too many failures for %s", credentials.get("email", "?"))
            raise
