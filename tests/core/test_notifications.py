"""The notifications API (core/notifications.py): kinds and opt-outs, one email per key, a cancelled one revived,
scheduled ones sent once due, refused addresses recorded and never retried, French HTML and text."""

import datetime
import smtplib

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from core import notifications
from core.models import Job, Notification, NotificationOptOut, SentEmail
from core.notifications import notification_cancel, notifications_send_due, notify, render_email
from core.tasks import run_job

from ..fabrique.factories import UserFactory

OPTIONAL = "tests.optional_kind"


@pytest.fixture(autouse=True)
def optional_kind():
    notifications.register_kind(OPTIONAL, label="Un type facultatif", description="Pour les tests.")
    yield
    notifications._KINDS.pop(OPTIONAL, None)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a request asks on commit (the job, eagerly here), as a committed request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask(user=None, *, kind=OPTIONAL, key="test:1", subject="Un objet", send_after=None, **extra):
    return notify(
        kind=kind,
        to=user.email if user else "personne@exemple.fr",
        user=user,
        subject=subject,
        text="Bonjour, voici le texte.",
        html="<p>Bonjour, voici le HTML.</p>",
        link="http://127.0.0.1:8000/projets/1/",
        dedup_key=key,
        send_after=send_after,
        **extra,
    )


def test_a_notification_is_sent_by_its_job_once_the_request_commits(db, on_commit):
    user = UserFactory()
    with on_commit():
        notification = ask(user)
        assert notification.status == Notification.Status.PENDING
        assert mail.outbox == []  # nothing leaves before the commit
    notification.refresh_from_db()
    assert (notification.status, notification.error) == (Notification.Status.SENT, "")
    assert notification.sent_at is not None
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert mail.outbox[0].alternatives[0][0] == "<p>Bonjour, voici le HTML.</p>"
    assert Job.objects.get().kind == "core.notification"
    assert SentEmail.objects.get().dedup_key == "test:1"


def test_a_user_who_switched_an_optional_kind_off_gets_nothing(db, on_commit):
    user = UserFactory()
    NotificationOptOut.objects.create(user=user, kind=OPTIONAL)
    with on_commit():
        assert ask(user) is None
    assert not Notification.objects.exists() and mail.outbox == []
    # Another user, or an address without an account, still gets it.
    with on_commit():
        assert ask(UserFactory(), key="test:2") is not None
        assert ask(None, key="test:3") is not None
    assert len(mail.outbox) == 2


def test_a_mandatory_kind_cannot_be_switched_off(db, on_commit):
    user = UserFactory()
    NotificationOptOut.objects.create(user=user, kind="invitation")  # written by hand: the pages refuse it
    with on_commit():
        assert ask(user, kind="invitation") is not None
    assert len(mail.outbox) == 1
    with pytest.raises(ValidationError):
        notifications.notification_preferences_save(user=user, enabled=["tests.unknown"])
    notifications.notification_preferences_save(user=user, enabled=[])
    switched_off = set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))
    assert OPTIONAL in switched_off and "invitation" not in switched_off
    assert dict((kind.key, on) for kind, on in notifications.notification_preferences(user))["invitation"] is True


def test_an_unknown_kind_is_a_programming_error(db):
    with pytest.raises(ValueError, match="register_kind"):
        ask(kind="tests.never_declared")


def test_the_same_key_twice_makes_one_notification_and_one_email(db, on_commit):
    user = UserFactory()
    with on_commit():
        first = ask(user, subject="Premier")
        second = ask(user, subject="Second")
    assert first.pk == second.pk
    assert Notification.objects.get().subject == "Premier"
    assert len(mail.outbox) == 1
    # Its job run again (a re-send after a lost worker) sends nothing more.
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING)
    Notification.objects.update(status=Notification.Status.PENDING)
    assert run_job(job.pk) == "done"
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT


def test_a_scheduled_notification_waits_until_it_is_due(db, on_commit):
    user = UserFactory()
    later = timezone.now() + datetime.timedelta(days=2)
    with on_commit():
        notification = ask(user, send_after=later)
    assert notification.status == Notification.Status.SCHEDULED
    assert mail.outbox == [] and not Job.objects.exists()
    with on_commit():
        assert notifications_send_due() == 0  # not yet
    with on_commit():
        assert notifications_send_due(now=later + datetime.timedelta(minutes=1)) == 1
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    # The periodic task run again (two beats, a re-run) enqueues nothing more.
    with on_commit():
        assert notifications_send_due(now=later + datetime.timedelta(minutes=10)) == 0
    assert len(mail.outbox) == 1


def test_due_notifications_are_enqueued_in_batches(db, on_commit):
    past = timezone.now() - datetime.timedelta(minutes=1)
    for index in range(5):
        Notification.objects.create(
            kind=OPTIONAL, to=f"p{index}@exemple.fr", subject="Rappel", text="Bonjour", dedup_key=f"due:{index}",
            send_after=past, status=Notification.Status.SCHEDULED,
        )  # fmt: skip
    with on_commit():
        assert notifications_send_due(batch=2) == 5
    assert len(mail.outbox) == 5
    assert Job.objects.count() == 5


def test_the_periodic_task_is_in_the_one_schedule():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-due-notifications"]
    assert (entry["task"], entry["schedule"]) == ("core.send_due_notifications", 300.0)


def test_a_cancelled_notification_is_revived_by_the_same_key(db, on_commit):
    user = UserFactory()
    with on_commit():
        ask(user, key="reminder:7:1", subject="Rappel", send_after=timezone.now() + datetime.timedelta(days=1))
        ask(user, key="reminder:8:1", subject="Autre", send_after=timezone.now() + datetime.timedelta(days=1))
    assert notification_cancel(prefix="reminder:7:") == 1
    assert notification_cancel(dedup_keys=["reminder:8:1"]) == 1
    assert notification_cancel() == 0
    assert Notification.objects.filter(status=Notification.Status.CANCELLED).count() == 2
    with on_commit():
        revived = ask(user, key="reminder:7:1", subject="Rappel réarmé")
    revived.refresh_from_db()
    assert (revived.status, revived.subject) == (Notification.Status.SENT, "Rappel réarmé")
    assert [message.subject for message in mail.outbox] == ["Rappel réarmé"]
    # A sent one cannot be cancelled.
    assert notification_cancel(dedup_keys=["reminder:7:1"]) == 0


class RefusingBackend(LocmemBackend):
    """A mail server that refuses every recipient (counted: a refusal must not be retried)."""

    attempts = 0
    error = None

    def send_messages(self, messages):
        RefusingBackend.attempts += 1
        raise RefusingBackend.error


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    RefusingBackend.attempts = 0

    def refuse(error):
        RefusingBackend.error = error

    return refuse


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"absent@exemple.fr": (550, b"5.1.1 Mailbox unknown")}),
        smtplib.SMTPDataError(554, b"5.7.1 Message rejected"),
    ],
)
def test_a_refused_address_is_recorded_on_the_user_and_not_retried(db, on_commit, refusing, error):
    refusing(error)
    user = UserFactory(email="absent@exemple.fr")
    with on_commit():
        ask(user)
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.REFUSED
    assert str(error.smtp_code if hasattr(error, "smtp_code") else 550) in notification.error
    assert RefusingBackend.attempts == 1, "a refusal is final: no retry"
    job = Job.objects.get()
    assert job.status == Job.Status.DONE
    user.refresh_from_db()
    assert user.email_refused_at is not None
    assert "5." in user.email_refused_reason
    assert not SentEmail.objects.exists()
    # The same job delivered again sends nothing.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING)
    run_job(job.pk)
    assert RefusingBackend.attempts == 1


def test_a_temporary_failure_is_retried_not_recorded_as_a_refusal(db, refusing, settings):
    refusing(smtplib.SMTPDataError(451, b"4.3.0 Try again later"))
    user = UserFactory()
    with pytest.raises(smtplib.SMTPDataError):
        ask(user)
        run_job(Job.objects.get().pk)  # called directly: no retry, the job fails
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.FAILED
    assert "451" in notification.error
    user.refresh_from_db()
    assert user.email_refused_at is None
    # Sent again once the server answers: sent.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Job.objects.update(status=Job.Status.PENDING)
    assert run_job(Job.objects.get().pk) == "done"
    assert Notification.objects.get().status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_attachments_travel_with_the_notification(db, on_commit):
    with on_commit():
        ask(None, attachments=[("seance.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")])
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == ("seance.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in content


def test_emails_render_in_french_with_text_and_html_on_the_common_layout(db, settings):
    settings.SITE_URL = "https://fabrique.exemple.fr"
    url = notifications.absolute_url("/invitation/jeton/")
    assert url == "https://fabrique.exemple.fr/invitation/jeton/"
    assert notifications.absolute_url("https://ailleurs.fr/x") == "https://ailleurs.fr/x"
    inviter = UserFactory(first_name="Camille", last_name="Durand")
    invitation = type("Invitation", (), {"organisation": "Ressourcerie du Vermandois", "invited_by": inviter})()
    context = {
        "invitation": invitation,
        "url": url,
        "days": 7,
        "link": url,
        "link_label": "Créer mon compte",
        "reason": "Camille Durand vous a invité·e à rejoindre Fabrique",
    }
    text, html = render_email("fabrique/email/invitation", context)
    preferences = "https://fabrique.exemple.fr/notifications/mes-notifications/"
    assert "Bonjour," in text and "Camille Durand vous invite" in text and url in text
    assert "Vous recevez ce message parce que Camille Durand vous a invité·e à rejoindre Fabrique." in text
    assert f"Gérer mes notifications\u00a0: {preferences}" in text
    assert "&#x27;" not in text and "&lt;" not in text  # plain text is not escaped
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert f'href="{url}"' in html and "Créer mon compte" in html
    assert "<strong>Ressourcerie du Vermandois</strong>" in html
    assert f'href="{preferences}"' in html and "Gérer mes notifications" in html
    assert "Vous recevez ce message parce que" in html


def test_a_bounce_reported_later_is_recorded_on_the_user_and_shown_as_refused(db, on_commit):
    """The mail server accepted the message, then it came back: `record_bounce` marks the latest email to that
    address refused and records the refusal on the account, as an address refused at once."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    user = UserFactory(email="parti@exemple.fr")
    with on_commit():
        ask(user)
    assert Notification.objects.get().status == Notification.Status.SENT
    out = StringIO()
    call_command("record_bounce", "Parti@Exemple.fr", "--raison", "550 5.1.1 Boîte inconnue", stdout=out)
    assert "Noté" in out.getvalue()
    notification = Notification.objects.get()
    assert (notification.status, notification.error) == (Notification.Status.REFUSED, "550 5.1.1 Boîte inconnue")
    user.refresh_from_db()
    assert user.email_refused_at is not None and user.email_refused_reason == "550 5.1.1 Boîte inconnue"
    # An address the platform never wrote to: a clear refusal, nothing recorded.
    with pytest.raises(CommandError, match="Aucun e-mail envoyé"):
        call_command("record_bounce", "inconnu@exemple.fr", stdout=StringIO())
