"""A fixed-window limit of requests per client address, counted in the cache (core/cache.py: while Redis is down
the count is lost and the limit does not hold, rather than refusing everyone).

`rate_limited("opendata", limit="OPENDATA_RATE_LIMIT", window="OPENDATA_RATE_WINDOW")` wraps a view: past `limit`
requests of one address in a window of `window` seconds (both read from settings at each request, 0 switching
the limit off), the view answers 429 with Retry-After until the window ends.
"""

import hashlib
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .client import client_address

TOO_MANY_REQUESTS = _(
    "Trop de requêtes depuis votre adresse : merci de patienter avant de réessayer (délai en secondes dans "
    "l’en-tête Retry-After)."
)


def seconds_to_wait(*, scope, address, limit, window):
    """Count one request of `address` in `scope`: 0 while it stays within `limit` requests in the current window
    of `window` seconds, else the seconds until that window ends."""
    now = time.time()
    start = int(now // window) * window
    # Hashed so that no raw IP address sits in the cache; the window's start in the key makes each window new.
    key = f"ratelimit:{scope}:{hashlib.sha256(address.encode()).hexdigest()[:32]}:{start}"
    cache = caches["default"]
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the cache lost the key (expired, or Redis down): this request opens the count
        return 0
    return 0 if count <= limit else max(1, math.ceil(start + window - now))


def too_many_requests(wait):
    response = HttpResponse(str(TOO_MANY_REQUESTS), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(wait)
    return response


def rate_limited(scope, *, limit, window):
    """A view decorator limiting each client address to settings.<limit> requests per settings.<window> seconds."""

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            allowed = getattr(settings, limit)
            if allowed:
                wait = seconds_to_wait(
                    scope=scope,
                    address=client_address(request) or "unknown",
                    limit=allowed,
                    window=getattr(settings, window),
                )
                if wait:
                    return too_many_requests(wait)
            return view(request, *args, **kwargs)

        return limited

    return decorate
