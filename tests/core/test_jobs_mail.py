"""send_email_once: one email per deduplication key, whatever the number of runs of the job that sends it."""

import threading

import pytest
from django.core import mail
from django.db import connection

from core.jobs import send_email_once
from core.models import SentEmail

EMAIL = {
    "to": "membre@exemple.fr",
    "subject": "Convocation au comité de pilotage",
    "text": "Vous êtes convoqué·e.",
}


def test_the_first_call_sends_and_the_second_sends_nothing(db):
    assert send_email_once(dedup_key="convocation-1-2", **EMAIL) is True
    assert send_email_once(dedup_key="convocation-1-2", **EMAIL) is False
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get().to == "membre@exemple.fr"


def test_another_key_is_another_email(db):
    send_email_once(dedup_key="convocation-1-2", **EMAIL)
    send_email_once(dedup_key="convocation-1-3", **EMAIL)
    assert len(mail.outbox) == 2


def test_html_and_attachments_travel_with_the_text(db):
    send_email_once(
        dedup_key="convocation-1-2",
        html="<p>Vous êtes <strong>convoqué·e</strong>.</p>",
        attachments=[("seance.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        **EMAIL,
    )
    message = mail.outbox[0]
    assert message.to == ["membre@exemple.fr"]
    assert message.subject == "Convocation au comité de pilotage"
    assert message.body == "Vous êtes convoqué·e."
    assert message.alternatives[0][1] == "text/html"
    assert message.attachments[0][0] == "seance.ics"


def test_a_failed_send_records_nothing_so_the_retry_sends_it(db, monkeypatch):
    def server_down(self, fail_silently=False):
        raise ConnectionRefusedError("serveur SMTP injoignable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", server_down)
    with pytest.raises(ConnectionRefusedError):
        send_email_once(dedup_key="convocation-1-2", **EMAIL)
    assert not SentEmail.objects.exists()
    monkeypatch.undo()
    assert send_email_once(dedup_key="convocation-1-2", **EMAIL) is True
    assert len(mail.outbox) == 1


def test_two_runs_at_the_same_time_send_one_email(transactional_db, postgresql, monkeypatch):
    """Two workers send the same email at once: the second waits on the key, then sends nothing."""
    entered, release = threading.Event(), threading.Event()
    original = mail.backends.locmem.EmailBackend.send_messages

    def slow_send(self, messages):
        entered.set()
        release.wait(10)
        return original(self, messages)

    monkeypatch.setattr(mail.backends.locmem.EmailBackend, "send_messages", slow_send)
    results = []

    def run():
        try:
            results.append(send_email_once(dedup_key="convocation-1-2", **EMAIL))
        finally:
            connection.close()

    first = threading.Thread(target=run)
    first.start()
    assert entered.wait(10)
    entered.clear()
    second = threading.Thread(target=run)
    second.start()
    second.join(1)  # blocked on the first one's key
    assert second.is_alive()
    release.set()
    first.join(10)
    second.join(10)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert SentEmail.objects.count() == 1
