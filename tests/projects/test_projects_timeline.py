"""A project's timeline: every kind of event, newest first, internal ones only for coordinators and referents."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from projects.selectors.follow_up import may_read_internal
from projects.selectors.timeline import project_timeline
from projects.services.projects import project_create, project_move_to_stage

from ..helpers import text
from .factories import FundingLineFactory, JournalEntryFactory, ProjectDocumentFactory, StopReasonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_project(coordinator, referent, own_territory):
    """A project created, paused with a listed reason, with shared and internal journal entries and documents."""
    project = project_create(by=referent, territory=own_territory, title="Auto-école sociale", origin="diagnosis")
    project_move_to_stage(
        project=project,
        by=referent,
        to_stage="on_hold",
        expected_version=project.version,
        stop_reason=StopReasonFactory(name="Local introuvable"),
        reason="En attente d’un local.",
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    JournalEntryFactory(project=project, date=yesterday, text="Réunion partagée avec le comité.", is_internal=False)
    JournalEntryFactory(project=project, date=yesterday, text="Note interne sur le porteur.", is_internal=True)
    FundingLineFactory(project=project, amount_requested=15000, scheme="Fonds d’amorçage")
    ProjectDocumentFactory(project=project, title="Étude partagée", is_internal=False)
    ProjectDocumentFactory(project=project, title="Étude interne", is_internal=True)
    return project


def titles(items):
    return [item.title for item in items]


def test_every_kind_newest_first(busy_project, coordinator):
    items = project_timeline(project=busy_project, user=coordinator)
    assert {item.kind for item in items} == {"stage", "journal", "funding", "document"}
    keys = [(item.date, item.instant) for item in items]
    assert keys == sorted(keys, reverse=True)
    # The journal entries of yesterday come after everything recorded today, the creation last of today's.
    assert [item.kind for item in items[-2:]] == ["journal", "journal"]
    assert items[-3].kind == "stage" and "idée détectée" in items[-3].title
    pause = next(item for item in items if "en pause" in item.title)
    assert "Local introuvable" in pause.text and "En attente d’un local." in pause.text
    funding = next(item for item in items if item.kind == "funding")
    assert "15\u00a0000" in funding.text or "15\u202f000" in funding.text


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_coordinators_and_the_territorys_referents_read_internal_items(request, busy_project, role):
    user = request.getfixturevalue(role)
    items = project_timeline(project=busy_project, user=user)
    assert "Document : Étude interne" in titles(items)
    assert any(item.text == "Note interne sur le porteur." and item.is_internal for item in items)


@pytest.mark.parametrize("role", ["other_referent", "partner"])
def test_referents_elsewhere_and_partners_never_read_internal_items(request, busy_project, role):
    user = request.getfixturevalue(role)
    assert not may_read_internal(user, busy_project) and not may_read_internal(AnonymousUser(), busy_project)
    items = project_timeline(project=busy_project, user=user)
    assert not any(item.is_internal for item in items)
    assert "Document : Étude partagée" in titles(items) and "Document : Étude interne" not in titles(items)
    assert "Note interne sur le porteur." not in [item.text for item in items]


@pytest.mark.parametrize("rows", [3, 30])
def test_timeline_reads_in_constant_queries(busy_project, coordinator, django_assert_num_queries, rows):
    """Its stage changes, and the follow-up (journal, next steps, funding, documents) when the page has not read
    it already for its blocks."""
    JournalEntryFactory.create_batch(rows, project=busy_project, by=coordinator)
    FundingLineFactory.create_batch(rows, project=busy_project, recorded_by=coordinator)
    ProjectDocumentFactory.create_batch(rows, project=busy_project, uploaded_by=coordinator)
    with django_assert_num_queries(5):
        items = project_timeline(project=busy_project, user=coordinator)
        assert all(str(item.by or "") is not None for item in items)


def test_the_detail_page_marks_internal_items_with_a_lock(client_for, referent, busy_project):
    response = client_for(referent).get(reverse("project_detail", kwargs={"project": busy_project.pk}))
    page = text(response)
    assert "Note interne sur le porteur." in page and "interne" in page
    # The lock is drawn (an emoji showed as an empty box in headless Chromium), beside the word.
    assert 'class="lock-icon"' in response.content.decode()
    assert "Étape : « idée détectée » → « en pause »" in page
