"""The client address: X-Forwarded-For counts only behind a trusted proxy, so per-address limits hold either way."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from core.client import client_address
from territories.models import Need
from territories.services.public import RATE_LIMIT

PROXY = "192.0.2.10"
CLIENT = "203.0.113.5"


def address(remote=PROXY, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["192.0.2.0/28", "2001:db8:ffff::1"]


# --- Reading the address ------------------------------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []
    assert address(remote=CLIENT, forwarded="198.51.100.1") == CLIENT
    assert address(remote=PROXY, forwarded=CLIENT) == PROXY


def test_behind_a_trusted_proxy_the_address_it_forwarded_is_the_client(behind_proxy):
    assert address(forwarded=CLIENT) == CLIENT


def test_addresses_the_client_wrote_before_the_proxy_appended_its_own_are_ignored(behind_proxy):
    # The client sent "X-Forwarded-For: 198.51.100.1"; the first proxy appended the real peer, a second
    # trusted proxy appended the first one.
    assert address(forwarded=f"198.51.100.1, {CLIENT}, 192.0.2.11") == CLIENT


def test_a_request_from_an_untrusted_address_keeps_its_own(behind_proxy):
    assert address(remote="198.51.100.9", forwarded=CLIENT) == "198.51.100.9"


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        (f"{CLIENT}, n'importe quoi, ", CLIENT),
        ("n'importe quoi", PROXY),
        ("", PROXY),
        ("192.0.2.3, 192.0.2.4", PROXY),  # proxies only: the request started on the proxies' side
        (f"{CLIENT}:51234", CLIENT),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:db8::7", "2001:db8::7"),
        ("::ffff:203.0.113.5", CLIENT),
        ("203.0.113.5\x00", PROXY),
        ("1" * 5000, PROXY),
    ],
)
def test_odd_header_values_are_ignored(behind_proxy, forwarded, expected):
    assert address(forwarded=forwarded) == expected


def test_an_ipv6_proxy_can_be_trusted(behind_proxy):
    assert address(remote="2001:db8:ffff::1", forwarded=CLIENT) == CLIENT


def test_a_missing_remote_address_is_unknown(behind_proxy):
    assert address(remote="", forwarded=CLIENT) == ""


def test_a_misconfigured_proxy_list_fails_loudly(settings):
    settings.TRUSTED_PROXIES = ["192.0.2.0/28", "proxy.example.org"]
    with pytest.raises(ImproperlyConfigured, match="proxy.example.org"):
        address()


# --- The call for ideas' limit, per client ---------------------------------------------------------------


def submit(client, territory, **headers):
    url = reverse("call_for_ideas", kwargs={"territory": territory.slug})
    return client.post(url, {"text": "Une idée pour le territoire.", "site_web": ""}, **headers)


def test_without_the_setting_a_forged_header_does_not_escape_the_limit(client, territory, settings):
    settings.TRUSTED_PROXIES = []
    for index in range(RATE_LIMIT):
        assert submit(client, territory, HTTP_X_FORWARDED_FOR=f"198.51.100.{index}").status_code == 302
    assert submit(client, territory, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    assert Need.objects.count() == RATE_LIMIT


def test_behind_the_trusted_proxy_each_client_has_its_own_limit(client, territory, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's REMOTE_ADDR stands for the proxy
    for visitor in ["203.0.113.5", "203.0.113.6"]:
        for _ in range(RATE_LIMIT):
            assert submit(client, territory, HTTP_X_FORWARDED_FOR=visitor).status_code == 302
        assert submit(client, territory, HTTP_X_FORWARDED_FOR=visitor).status_code == 429
        # Writing another address before the one the proxy appended changes nothing.
        assert submit(client, territory, HTTP_X_FORWARDED_FOR=f"198.51.100.1, {visitor}").status_code == 429
    assert Need.objects.count() == 2 * RATE_LIMIT


def test_a_client_reaching_the_app_directly_cannot_pose_as_the_proxy(client, territory, settings):
    settings.TRUSTED_PROXIES = ["192.0.2.10"]
    for index in range(RATE_LIMIT):
        submit(client, territory, HTTP_X_FORWARDED_FOR=f"198.51.100.{index}")
    assert submit(client, territory, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
