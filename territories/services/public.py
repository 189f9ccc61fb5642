"""Writes of the public call for ideas: a submission becomes a need; a per-address rate limit in the cache."""

import datetime
import hashlib
import logging
import re

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import CacheUnavailable, strict

from ..models import EngagedTerritory, Need

logger = logging.getLogger(__name__)

RATE_LIMIT = 5  # submissions per client address and window
RATE_WINDOW_SECONDS = 3600
# While the cache is down no address is counted (none is stored in the database), so a cap on the ideas a
# territory receives in the window stands in: a flood during an outage fills no review queue past it.
OUTAGE_TERRITORY_LIMIT = 20
TITLE_MAX_LENGTH = 80


# "AI-42" as typed back by people: any case, a hyphen, dash, space or nothing; at most 18 digits, so that the
# number always fits the database's integers.
REFERENCE_PATTERN = re.compile(r"\s*AI\s*[-‐‑–—_]?\s*([0-9]{1,18})\s*", re.IGNORECASE)


def call_for_ideas_reference(need):
    """The reference the submitter keeps, e.g. "AI-42"."""
    return f"AI-{need.pk}"


def call_for_ideas_pk(text):
    """The need a receipt reference names ("AI-42", "ai 42" → 42), or None when `text` is no reference."""
    match = REFERENCE_PATTERN.fullmatch(text or "")
    return int(match.group(1)) if match else None


def title_from_text(text, max_length=TITLE_MAX_LENGTH):
    """The first words of `text`, whole words only, at most `max_length` characters."""
    words = " ".join(text.split())
    if len(words) <= max_length:
        return words
    cut = words[: max_length - 1]
    if " " in cut and words[max_length - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def _rate_key(client_address):
    # Hashed so that no raw IP address sits in the cache.
    digest = hashlib.sha256((client_address or "unknown").encode()).hexdigest()
    return f"call-for-ideas:rate:{digest}"


def call_for_ideas_rate_limited(*, territory, client_address):
    """True when this address already sent the most submissions allowed in the window.

    While the cache is unavailable: True when the territory received OUTAGE_TERRITORY_LIMIT ideas in the
    window, whoever sent them.
    """
    try:
        return strict().get(_rate_key(client_address), 0) >= RATE_LIMIT
    except CacheUnavailable as error:
        return _territory_cap_reached(territory, error)


def call_for_ideas_count_submission(*, territory, client_address):
    """Count one submission for this address; returns True while it stays within the limit.

    The window starts at the first submission and lasts an hour (a fixed window: simple, and enough here).
    While the cache is unavailable, the territory's cap decides instead (see call_for_ideas_rate_limited).
    """
    key = _rate_key(client_address)
    cache = strict()
    try:
        cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
            count = 1
    except CacheUnavailable as error:
        return not _territory_cap_reached(territory, error)
    return count <= RATE_LIMIT


def _territory_cap_reached(territory, error):
    logger.warning(
        "Call for ideas of %s: cache unavailable (%s), the per-address limit is replaced by the territory's "
        "cap of %d ideas an hour",
        territory.slug,
        error,
        OUTAGE_TERRITORY_LIMIT,
    )
    since = timezone.now() - datetime.timedelta(seconds=RATE_WINDOW_SECONDS)
    received = Need.objects.filter(territory=territory, source=Need.Source.CALL_FOR_IDEAS, created_at__gte=since)
    return received.count() >= OUTAGE_TERRITORY_LIMIT


def call_for_ideas_submit(*, territory, text, sector=None, name="", email="", consent=False, page_url=""):
    """Record a public submission as a need of the territory ("call for ideas", to review); returns it.

    The email address is kept only with the consent to be contacted; without it, it serves once, to send
    the receipt after commit, and is not stored. The text is stored as typed: pages escape it on output.
    """
    if not EngagedTerritory.objects.accepting_ideas().filter(pk=territory.pk).exists():
        raise ValidationError(_("Ce territoire ne reçoit pas d’idées en ce moment."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Décrivez votre idée ou le besoin que vous constatez.")})
    name = name.strip()
    email = email.strip()
    with transaction.atomic():
        need = Need.objects.create(
            territory=territory,
            sector=sector,
            title=title_from_text(text),
            description=text,
            source=Need.Source.CALL_FOR_IDEAS,
            status=Need.Status.TO_REVIEW,  # read by partners only once reviewed
            identified_on=timezone.localdate(),
            recorded_by=None,
            submitter_name=name,
            submitter_email=email if consent else "",
            submitter_consents_to_contact=bool(consent),
        )
        if email:
            transaction.on_commit(lambda: _send_receipt(need=need, email=email, page_url=page_url))
    return need


def _send_receipt(*, need, email, page_url):
    # Plain text, and without the submitted text: the form must not let anyone send chosen content to
    # any address through our mail server.
    context = {
        "reference": call_for_ideas_reference(need),
        "territory": need.territory,
        "date": need.identified_on,
        "page_url": page_url,
        "email_kept": bool(need.submitter_email),
    }
    send_mail(
        subject=_("Votre idée pour %(territory)s : accusé de réception %(reference)s")
        % {"territory": need.territory.name, "reference": context["reference"]},
        message=render_to_string("territories/email/call_for_ideas_receipt.txt", context),
        from_email=None,
        recipient_list=[email],
    )
