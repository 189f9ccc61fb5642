"""Emails sent once: a background job may run twice (a re-send after a lost worker), its email goes out once."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction

from .models import SentEmail


def send_email_once(*, dedup_key: str, to: str, subject: str, text: str, html=None, attachments=()) -> bool:
    """Send one email unless an email with this key was already sent; True when this call sent it.

    `attachments` are (filename, bytes, mimetype) triples; `html`, when given, is the alternative body.

    Where the row goes: the SentEmail row is inserted first and the email sent inside the same transaction,
    which commits only once the mail server has accepted the message.
    - Two runs at once: the second insert waits on the unique key until the first commits, then fails:
      one email.
    - The send fails (server down): the row is rolled back with it, the error reaches the job, which
      retries and sends it later. Writing the row after a successful send instead would leave a window
      where two concurrent runs both send; writing it in its own transaction before the send would lose
      the email whenever the send fails.
    - What remains is the process dying after the server accepted the message and before the commit (a
      few milliseconds): the email may then go out twice, never zero times (at least once, as mail is).
    Called inside an outer transaction, the row commits with it: keep the handler's transaction short.
    """
    if SentEmail.objects.filter(dedup_key=dedup_key).exists():
        return False
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    try:
        with transaction.atomic():
            SentEmail.objects.create(dedup_key=dedup_key, to=to, subject=subject[:250])
            message.send(fail_silently=False)
    except IntegrityError:
        # Another run recorded (and sent) it between the check above and the insert.
        return False
    return True
