"""The address of the client behind a request: X-Forwarded-For is believed only from the proxies named in settings."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is neither an IP address nor a network") from error
    return tuple(networks)


def trusted_proxies():
    """The networks of settings.TRUSTED_PROXIES (addresses or CIDR networks); empty when none is trusted."""
    return _networks(tuple(entry for entry in getattr(settings, "TRUSTED_PROXIES", ()) if entry.strip()))


def parse_address(value):
    """The IP address written in `value` (a port or IPv6 brackets allowed), or None when there is none."""
    value = (value or "").strip()
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # "192.0.2.1:443"; an IPv6 address has several colons
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the same client.
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted(address, networks):
    return any(address.version == network.version and address in network for network in networks)


def client_address(request):
    """The client's IP address as a string ("" when unknown).

    REMOTE_ADDR, unless it is one of the trusted proxies: then the right-most address of X-Forwarded-For
    that is not itself a trusted proxy. Each proxy appends the address it received the request from, so
    the addresses left of that one were written by the client and prove nothing. Invalid entries are
    skipped; with no trusted proxy configured the header is never read, so it cannot be forged.
    """
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    networks = trusted_proxies()
    if remote is None or not networks or not _is_trusted(remote, networks):
        return str(remote) if remote else ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = parse_address(entry)
        if address is not None and not _is_trusted(address, networks):
            return str(address)
    # Only proxies in the chain (or no header): the request came from the proxies' own side.
    return str(remote)
