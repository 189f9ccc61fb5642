"""No way into the admin around allauth's login and its two-factor stage; a login lock is short and says so."""

import re
import time
from types import SimpleNamespace

import pytest
from allauth.core.internal import ratelimit
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.urls import reverse

from core.roles import Role

from .factories import PASSWORD, UserFactory

ADMIN_URLS = [
    "/admin/",
    "/admin/fabrique/user/",
    "/admin/fabrique/user/add/",
    "/admin/password_change/",
]


def current_code(secret, now=None):
    """The TOTP code an authenticator app would show at `now`, computed as allauth checks it."""
    return format_hotp_value(hotp_value(secret, int(now or time.time()) // 30))


@pytest.fixture
def staff_with_totp(db):
    user = UserFactory(role=Role.STAFF)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def password_login(client, user, password=PASSWORD, next_url=None, address="203.0.113.1"):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": password}, REMOTE_ADDR=address)


def assert_no_admin_page(client):
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
        # The admin's login page itself only forwards to the platform's login.
        forwarded = client.get(response["Location"])
        assert forwarded.status_code == 302
        assert forwarded["Location"].startswith(reverse("account_login")), url


class TestAdminLoginPage:
    def test_a_password_posted_to_the_admin_login_is_not_read(self, client, staff_with_totp):
        user, _secret = staff_with_totp
        response = client.post(
            "/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD, "next": "/admin/"}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("account_login") + "?next=/admin/"
        assert "_auth_user_id" not in client.session
        assert_no_admin_page(client)

    def test_the_same_holds_for_staff_without_totp(self, client, staff):
        client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert_no_admin_page(client)

    def test_twenty_wrong_passwords_never_reach_a_password_check(self, client, staff):
        for _attempt in range(20):
            response = client.post("/admin/login/", {"username": staff.email, "password": "faux"})
            assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))

    def test_a_local_next_is_kept(self, client, db):
        response = client.get("/admin/login/?next=/admin/fabrique/user/%3Fq%3Dx")
        assert response["Location"] == reverse("account_login") + "?next=/admin/fabrique/user/%3Fq%3Dx"

    @pytest.mark.parametrize(
        "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "admin/"]
    )
    def test_a_foreign_next_is_replaced_by_the_admin_index(self, client, db, next_url):
        response = client.get("/admin/login/", {"next": next_url})
        assert response["Location"] == reverse("account_login") + "?next=/admin/"

    def test_a_signed_in_user_of_another_role_is_refused_without_a_loop(self, client, referent):
        client.force_login(referent)
        response = client.get("/admin/login/?next=/admin/")
        assert response.status_code == 403

    def test_signed_in_staff_go_on_to_next(self, client, staff):
        client.force_login(staff)
        response = client.get("/admin/login/?next=/admin/fabrique/user/")
        assert response.status_code == 302 and response["Location"] == "/admin/fabrique/user/"


class TestAllauthLoginWithTOTP:
    def test_the_password_leads_to_the_code_not_to_the_admin(self, client, staff_with_totp):
        user, _secret = staff_with_totp
        response = password_login(client, user, next_url="/admin/")
        assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session
        assert_no_admin_page(client)

    def test_a_wrong_code_keeps_the_admin_closed(self, client, staff_with_totp):
        user, secret = staff_with_totp
        password_login(client, user, next_url="/admin/")
        wrong = "000000" if current_code(secret) != "000000" else "111111"
        response = client.post(reverse("mfa_authenticate"), {"code": wrong})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert_no_admin_page(client)

    def test_the_right_code_opens_the_admin(self, client, staff_with_totp):
        user, secret = staff_with_totp
        password_login(client, user, next_url="/admin/")
        response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
        assert response.status_code == 302 and response["Location"] == "/admin/"
        for url in ADMIN_URLS:
            assert client.get(url).status_code == 200, url

    def test_a_session_signed_in_without_the_code_is_asked_for_it(self, client, staff_with_totp):
        # Any way of signing in other than allauth's login (a future view, a script) is modelled by
        # force_login: the admin still wants the code, once.
        user, secret = staff_with_totp
        client.force_login(user)
        response = client.get("/admin/", follow=True)
        assert response.redirect_chain[-1][0] == reverse("mfa_reauthenticate") + "?next=/admin/"
        assert client.get("/admin/fabrique/user/").status_code == 302
        response = client.post(reverse("mfa_reauthenticate") + "?next=/admin/", {"code": current_code(secret)})
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert client.get("/admin/fabrique/user/").status_code == 200

    @pytest.mark.parametrize("login_on_reset", [False, True])
    def test_a_password_reset_does_not_skip_the_code(self, client, settings, staff_with_totp, login_on_reset):
        settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = login_on_reset
        user, _secret = staff_with_totp
        client.post(reverse("account_reset_password"), {"email": user.email})
        link = re.search(r"https?://[^/\s]+(/comptes/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
        form_url = client.get(link)["Location"]
        new_password = "Un-autre-mot-de-passe-2026"
        client.post(form_url, {"password1": new_password, "password2": new_password})
        user.refresh_from_db()
        assert user.check_password(new_password)
        assert "_auth_user_id" not in client.session
        assert_no_admin_page(client)

    def test_login_by_code_is_off(self, client, db):
        # Login by emailed code would be one more door; it stays closed.
        assert client.get("/comptes/login/code/").status_code == 404


def test_staff_without_totp_still_enter_through_allauth(client, staff):
    response = password_login(client, staff, next_url="/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/fabrique/user/").status_code == 200


class TestLoginLock:
    """Five failures on an account from one address: the account is locked, for one minute, and told so."""

    LOCK_MESSAGE = "Trop de tentatives de connexion infructueuses. Par sécurité, réessayez dans 1 minute."

    @pytest.fixture
    def clock(self, monkeypatch):
        """allauth's clocks (rate limits and TOTP), moved forward without waiting."""

        clock = SimpleNamespace(offset=0.0, monotonic=time.monotonic, sleep=time.sleep)
        clock.time = lambda: time.time() + clock.offset
        monkeypatch.setattr(ratelimit, "time", clock)
        monkeypatch.setattr(totp_auth, "time", clock)
        return clock

    def fail_five_times(self, client, user):
        for _attempt in range(5):
            response = password_login(client, user, password="faux", address="198.51.100.7")
            assert "incorrects" in response.content.decode()

    def test_the_right_password_from_elsewhere_is_refused_during_the_lock_with_the_wait(
        self, client, coordinator, clock
    ):
        self.fail_five_times(client, coordinator)
        clock.offset = 30
        response = password_login(client, coordinator, address="192.0.2.50")
        assert response.status_code == 200
        assert self.LOCK_MESSAGE in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_wrong_password_during_the_lock_gets_the_same_answer(self, client, coordinator, clock):
        self.fail_five_times(client, coordinator)
        right = password_login(client, coordinator, address="192.0.2.50").content.decode()
        wrong = password_login(client, coordinator, password="encore-faux", address="192.0.2.50").content.decode()
        assert self.LOCK_MESSAGE in right and self.LOCK_MESSAGE in wrong
        assert "incorrects" not in right and "incorrects" not in wrong

    def test_the_right_password_works_once_the_minute_is_over(self, client, coordinator, clock):
        self.fail_five_times(client, coordinator)
        clock.offset = 61
        response = password_login(client, coordinator, address="192.0.2.50")
        assert response.status_code == 302
        assert client.get(reverse("home")).context["user"] == coordinator

    def test_four_failures_do_not_lock(self, client, coordinator, clock):
        for _attempt in range(4):
            password_login(client, coordinator, password="faux", address="198.51.100.7")
        assert password_login(client, coordinator, address="192.0.2.50").status_code == 302

    def test_a_lock_is_logged(self, client, coordinator, clock, caplog):
        self.fail_five_times(client, coordinator)
        with caplog.at_level("WARNING", logger="fabrique.adapters"):
            password_login(client, coordinator, address="192.0.2.50")
        assert coordinator.email in caplog.text

    def test_the_second_factor_is_locked_likewise(self, client, staff_with_totp, clock):
        # Codes are rate-limited under the same rule, with the same honest message.
        user, secret = staff_with_totp
        password_login(client, user)
        wrong = "000000" if current_code(secret) != "000000" else "111111"
        for _attempt in range(5):
            client.post(reverse("mfa_authenticate"), {"code": wrong})
        response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
        assert self.LOCK_MESSAGE in response.content.decode()
        assert "_auth_user_id" not in client.session
        clock.offset = 61
        response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret, clock.time())})
        assert response.status_code == 302
        assert "_auth_user_id" in client.session


class TestLoginLimitsBehindTheProxy:
    """The per-address limit counts each visitor, not the proxy every visitor comes through."""

    PROXY = "10.0.0.1"

    def fail_ten_times(self, client, forwarded_for):
        accounts = UserFactory.create_batch(3)
        for attempt in range(10):
            client.post(
                reverse("account_login"),
                {"login": accounts[attempt % 3].email, "password": "faux"},
                REMOTE_ADDR=self.PROXY,
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )

    def login_through_proxy(self, client, user, forwarded_for):
        return client.post(
            reverse("account_login"),
            {"login": user.email, "password": PASSWORD},
            REMOTE_ADDR=self.PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    def test_one_visitor_failing_does_not_lock_the_others_out(self, client, settings, partner):
        settings.TRUSTED_PROXIES = [self.PROXY]
        self.fail_ten_times(client, "198.51.100.7")
        refused = self.login_through_proxy(client, partner, "198.51.100.7")
        assert TestLoginLock.LOCK_MESSAGE in refused.content.decode()
        assert self.login_through_proxy(client, partner, "192.0.2.50").status_code == 302

    def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(self, client, settings, partner):
        settings.TRUSTED_PROXIES = []
        self.fail_ten_times(client, "198.51.100.7")
        refused = self.login_through_proxy(client, partner, "192.0.2.50")
        assert TestLoginLock.LOCK_MESSAGE in refused.content.decode()
        assert "_auth_user_id" not in client.session
