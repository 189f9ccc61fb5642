"""The coordinators' page of background jobs: failed first with their error and « Relancer », per role."""

import pytest
from django.urls import reverse

from core.models import Job

from ..core.factories import JobFactory
from ..helpers import text


@pytest.fixture
def jobs(db):
    done = JobFactory(status=Job.Status.DONE, last_error="", kind="test.done_kind")
    pending = JobFactory(status=Job.Status.PENDING, last_error="", kind="test.pending_kind")
    failed = JobFactory(status=Job.Status.FAILED, last_error="OSError: disque plein", kind="test.failed_kind")
    return {"done": done, "pending": pending, "failed": failed}


def test_coordinator_sees_failed_jobs_first_with_their_error_and_a_relaunch_button(client, coordinator, jobs):
    client.force_login(coordinator)
    response = client.get(reverse("job_list"))
    assert response.status_code == 200
    page = text(response)
    assert page.index("test.failed_kind") < page.index("test.pending_kind") < page.index("test.done_kind")
    assert "OSError: disque plein" in page
    assert page.count("Relancer") == 1
    assert reverse("job_retry", args=[jobs["failed"].pk]) in page
    assert "1 tâche en échec" in page
    assert "Tâches de fond" in page


def test_the_navigation_leads_coordinators_alone_to_the_jobs_page(client_for, coordinator, referent, partner):
    url = reverse("job_list")
    assert f'href="{url}"' in client_for(coordinator).get(reverse("home")).content.decode()
    for user in (referent, partner):
        assert f'href="{url}"' not in client_for(user).get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", ["referent", "partner", "staff"])
def test_other_roles_are_refused(client_for, request, role, jobs):
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(reverse("job_list")).status_code == 403
    assert client.post(reverse("job_retry", args=[jobs["failed"].pk])).status_code == 403
    assert Job.objects.get(pk=jobs["failed"].pk).status == Job.Status.FAILED


def test_anonymous_is_sent_to_login(client, jobs):
    for response in (
        client.get(reverse("job_list")),
        client.post(reverse("job_retry", args=[jobs["failed"].pk])),
    ):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert Job.objects.get(pk=jobs["failed"].pk).status == Job.Status.FAILED


def test_relaunch_sends_the_failed_job_again_when_the_request_commits(
    client, coordinator, jobs, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("core.jobs.job_send", sent.append)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_retry", args=[jobs["failed"].pk]), follow=True)
    assert "est relancée" in text(response)
    job = Job.objects.get(pk=jobs["failed"].pk)
    assert job.status == Job.Status.PENDING
    assert job.sent_at is None
    assert sent == [job.pk]


def test_relaunch_of_a_job_that_is_not_failed_is_refused_in_french(client, coordinator, jobs, monkeypatch):
    sent = []
    monkeypatch.setattr("core.jobs.job_send", sent.append)
    client.force_login(coordinator)
    response = client.post(reverse("job_retry", args=[jobs["done"].pk]), follow=True)
    assert "Seule une tâche en échec peut être relancée." in text(response)
    assert Job.objects.get(pk=jobs["done"].pk).status == Job.Status.DONE
    assert sent == []


def test_relaunch_answers_only_post(client, coordinator, jobs):
    client.force_login(coordinator)
    assert client.get(reverse("job_retry", args=[jobs["failed"].pk])).status_code == 405


def test_relaunch_of_an_unknown_job_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("job_retry", args=[999999])).status_code == 404


def test_the_list_is_paginated(client, coordinator):
    JobFactory.create_batch(30, status=Job.Status.DONE, last_error="")
    client.force_login(coordinator)
    page = text(client.get(reverse("job_list")))
    assert "Page 1 sur 2" in page
    assert "Page 2 sur 2" in text(client.get(reverse("job_list"), {"page": 2}))


def test_an_empty_list_says_so(client, coordinator):
    client.force_login(coordinator)
    assert "Aucune tâche de fond pour l’instant." in text(client.get(reverse("job_list")))


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_budget_does_not_grow(client, coordinator, django_assert_max_num_queries, rows):
    for status in (Job.Status.FAILED, Job.Status.PENDING, Job.Status.DONE):
        JobFactory.create_batch(rows // 3, status=status, requested_by=coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("job_list"))
    assert response.status_code == 200
