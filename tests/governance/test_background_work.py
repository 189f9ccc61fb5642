"""The governance's background jobs on a real Celery worker and a Redis of the test's own (tests/worker.py):
a pack asked while Redis is down is built once Redis is back; a worker killed in the middle of a build leaves a
pack built once by the next worker; a convocation job run twice sends one email."""

import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from core.jobs import job_enqueue, job_sweep
from core.models import Job, Notification, SentEmail
from core.tasks import run_job
from governance.models import CommitteePack, Meeting
from governance.services.meetings import meeting_convene

from .factories import AgendaItemFactory, CommitteeMemberFactory, MeetingFactory
from .indicator_data import YEAR, known_year

BODY = {"year": YEAR, "foreword": "Une année de coopérations.", "next_year_plan": "Deux séances de créativité."}


def ask_for_a_pack(client, committee):
    response = client.post(reverse("pack_request", kwargs={"committee": committee.pk}), BODY)
    assert response.status_code == 302
    pack = CommitteePack.objects.get(committee=committee, year=YEAR)
    assert response.url == reverse("pack_detail", kwargs={"pack": pack.pk})
    return pack


def pack_status(pack):
    return CommitteePack.objects.get(pk=pack.pk).status


def job_of(pack):
    return Job.objects.get(dedup_key=f"pack:{pack.pk}")


def pack_files():
    folder = Path(settings.MEDIA_ROOT) / "gouvernance" / "dossiers"
    return sorted(path.suffix for path in folder.iterdir()) if folder.is_dir() else []


def after_it(background):
    """Wait until the worker has taken what was sent before: one worker takes the queue in order, so once a
    job sent now is taken (a kind without handler: it fails at once), the earlier messages were taken too."""
    marker = job_enqueue(kind="tests.marker", payload={}, dedup_key=f"marker-{time.monotonic_ns()}")
    background.wait_until(
        lambda: Job.objects.get(pk=marker.pk).status == Job.Status.FAILED, message="the worker to empty its queue"
    )


def wait_ready(background, pack):
    def finished():
        status = pack_status(pack)
        done = status == CommitteePack.Status.READY and job_of(pack).status == Job.Status.DONE
        return done or status == CommitteePack.Status.FAILED

    background.wait_until(finished, timeout=40, message="the worker to build the pack")
    pack.refresh_from_db()
    assert pack.status == CommitteePack.Status.READY, (pack.error, background.worker.output())
    return pack


def test_the_worker_builds_the_pack_a_coordinator_asks_for(background, client, coordinator):
    data = known_year()
    client.force_login(coordinator)
    pack = ask_for_a_pack(client, data.committee)

    pack = wait_ready(background, pack)
    assert pack.pdf.read(5) == b"%PDF-"
    assert pack_files() == [".pdf", ".xlsx"]
    job = job_of(pack)
    assert (job.status, job.attempts, job.last_error) == (Job.Status.DONE, 1, "")


def test_a_pack_asked_while_redis_is_down_is_built_once_redis_is_back(background, client, coordinator):
    data = known_year()
    client.force_login(coordinator)
    background.stop_redis()

    started = time.monotonic()
    pack = ask_for_a_pack(client, data.committee)
    assert time.monotonic() - started < 10, "a broker outage must not hold the page"
    # The page answered normally, the work is recorded and waits.
    assert client.get(reverse("pack_detail", kwargs={"pack": pack.pk})).status_code == 200
    job = job_of(pack)
    assert (job.status, job.sent_at) == (Job.Status.PENDING, None)
    assert pack_status(pack) == CommitteePack.Status.REQUESTED

    background.start_redis()
    call_command("sweep_jobs", stdout=io.StringIO())  # what celery beat runs every minute
    assert job_of(pack).sent_at is not None
    pack = wait_ready(background, pack)
    assert pack.pdf.read(5) == b"%PDF-"
    assert job_of(pack).status == Job.Status.DONE


def test_a_worker_killed_in_the_middle_of_a_build_leaves_a_pack_built_once_by_the_next(
    background, client, coordinator, settings
):
    settings.JOB_STALE_AFTER = 1  # read by the sweeper, run here
    data = known_year()
    client.force_login(coordinator)
    pack = ask_for_a_pack(client, data.committee)

    background.wait_until(
        lambda: pack_status(pack) == CommitteePack.Status.BUILDING, interval=0.005, message="the build to start"
    )
    background.kill_worker()
    assert pack_status(pack) == CommitteePack.Status.BUILDING, "the build ended before the worker was killed"
    assert job_of(pack).status == Job.Status.RUNNING
    assert pack_files() == []

    background.restart_worker()
    # The dead worker's job is re-sent once its last sign of life is JOB_STALE_AFTER old.
    background.wait_until(job_sweep, timeout=10, interval=0.2, message="the sweeper to re-send the dead job")
    pack = wait_ready(background, pack)

    job = job_of(pack)
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert pack_files() == [".pdf", ".xlsx"], "the pack's files were written once"
    assert CommitteePack.objects.filter(committee=data.committee).count() == 1
    built_at = pack.built_at
    # A late delivery of the first message (Redis hands it out again after its visibility timeout) does nothing.
    run_job.delay(job.pk)
    after_it(background)
    pack.refresh_from_db()
    assert pack.built_at == built_at
    assert pack_files() == [".pdf", ".xlsx"]
    assert job_of(pack).attempts == 2


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(status=Meeting.Status.PLANNED, title="Comité annuel")
    AgendaItemFactory(meeting=meeting, position=1, project__title="Garage solidaire")
    CommitteeMemberFactory(committee=meeting.committee, user__email="financeur@exemple.fr")
    CommitteeMemberFactory(committee=meeting.committee, user__email="region@exemple.fr")
    return meeting


def test_the_same_convocation_job_run_twice_sends_one_email(meeting, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the jobs are recorded, not sent
        meeting_convene(meeting=meeting, by=coordinator, expected_version=meeting.version)
    jobs = list(Job.objects.filter(kind="governance.convocation_send"))
    assert len(jobs) == 2

    for job in jobs:
        # The convocation job records the notification, whose own job sends it once the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            assert run_job(job.pk) == "done"
        assert run_job(job.pk) == "skipped"
    assert sorted(message.to[0] for message in mail.outbox) == ["financeur@exemple.fr", "region@exemple.fr"]

    # A worker that died after sending, before the job was marked done: the job runs again, the email does not.
    Job.objects.filter(pk__in=[job.pk for job in jobs]).update(status=Job.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        for job in jobs:
            assert run_job.apply(args=[job.pk]).result == "done"
    assert len(mail.outbox) == 2
    assert SentEmail.objects.count() == 2


def test_the_worker_sends_each_convocation_once_whatever_the_deliveries(background, meeting, coordinator):
    meeting_convene(meeting=meeting, by=coordinator, expected_version=meeting.version)
    jobs = Job.objects.filter(kind="governance.convocation_send")
    # Each convocation job records its notification, whose own job sends the email.
    sent = Notification.objects.filter(kind="convocation", status=Notification.Status.SENT)
    background.wait_until(
        lambda: jobs.filter(status=Job.Status.DONE).count() == 2 and sent.count() == 2,
        message="the worker to send the convocations",
    )
    assert len(background.emails()) == 2

    # Duplicate deliveries, and jobs sent again as if their worker had died: still one email each.
    for job in jobs:
        run_job.delay(job.pk)
    after_it(background)
    assert jobs.filter(attempts=1).count() == 2, "a duplicate delivery of a done job runs nothing"
    jobs.update(status=Job.Status.PENDING, sent_at=None)
    assert job_sweep() == 2
    background.wait_until(
        lambda: jobs.filter(status=Job.Status.DONE).count() == 2 and jobs.filter(attempts=2).count() == 2,
        message="the worker to run the jobs again",
    )
    assert len(background.emails()) == 2
    assert SentEmail.objects.count() == 2
    assert {"To: financeur@exemple.fr", "To: region@exemple.fr"} <= {
        line for email in background.emails() for line in email.splitlines()
    }
