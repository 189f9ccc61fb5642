"""Access policies: every URL of the project declares one, and one test checks them all.

A view is wrapped with `policy(...)` where its URL is declared; URLs that come from Django's admin
or from django-allauth get theirs from `THIRD_PARTY_POLICIES` below. A URL with neither has no policy
and fails the policy test.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import COORDINATOR_ROLES, EDITOR_ROLES, READER_ROLES, Role


@dataclass(frozen=True)
class Policy:
    """Who may open a URL: anyone, any signed-in user, or signed-in users of some roles."""

    name: str
    roles: frozenset = frozenset()
    login_required: bool = True

    def allows(self, user):
        if not self.login_required:
            return True
        if not user.is_authenticated:
            return False
        return not self.roles or user.role in self.roles

    def __str__(self):
        return self.name


PUBLIC = Policy("public", login_required=False)
SIGNED_IN = Policy("signed-in")
# Django's admin checks is_staff itself; its login page sends to the platform's login (fabrique.admin_site).
ADMIN = Policy("admin", roles=frozenset({Role.STAFF}))


def roles(*names):
    names = [str(name) for name in names]
    return Policy("roles:" + ",".join(sorted(names)), roles=frozenset(names))


# The policies most pages use: every role of the platform reads; coordinators and referents edit
# (object rules then decide which objects); some pages are for coordinators alone.
READERS = roles(*READER_ROLES)
EDITORS = roles(*EDITOR_ROLES)
COORDINATORS = roles(*COORDINATOR_ROLES)


def policy(access):
    """Wrap a view so that it enforces `access`, and tag it so the policy test can read it."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not access.allows(request.user):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.access_policy = access
        return guarded

    return decorate


# django-allauth enforces these itself: entrance pages are open, account management needs a login.
ALLAUTH_PUBLIC_PREFIXES = (
    "account_login",
    "account_logout",
    "account_signup",
    "account_reset_password",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_inactive",
    "account_request_login_code",
    "account_confirm_login_code",
    "mfa_authenticate",
    "mfa_trust",
)


def third_party_policy(namespace, url_name):
    """The policy of a URL that comes from Django's admin or django-allauth, or None."""
    if namespace == "admin":
        return ADMIN
    if url_name and (url_name.startswith("account_") or url_name.startswith("mfa_")):
        if url_name.startswith(ALLAUTH_PUBLIC_PREFIXES):
            return PUBLIC
        return SIGNED_IN
    return None
