"""The dashboard's speed: a fixed number of queries whatever the rows (cold and warm cache), and a cache that
forgets a figure as soon as a row it counts changes."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import aggregates, parallel
from projects.services.projects import project_create, project_move_to_stage

from ..governance.factories import ActionItemFactory, AgendaItemFactory, DecisionFactory, MeetingFactory
from ..helpers import text
from ..projects.factories import FundingLineFactory, NextStepFactory, ProjectFactory
from ..territories.factories import EngagedTerritoryFactory, SectorFactory
from .test_dashboard import URL, figure

YEAR = timezone.localdate().year


def fill(count, *, referent):
    """`count` projects on as many territories (every other one, the first included, the referent's: two or more),
    each with what the blocks show: an overdue next step, a funding line, a decision, an overdue action item."""
    today = timezone.localdate()
    sector = SectorFactory()
    for index in range(count):
        mine = {"referent_actor": referent.organisation} if index % 2 == 0 else {}
        territory = EngagedTerritoryFactory(**mine)
        project = ProjectFactory(
            territory=territory, sector=sector if index % 3 else None, next_step_due=today - datetime.timedelta(days=1)
        )
        NextStepFactory(project=project, due_date=today - datetime.timedelta(days=1))
        FundingLineFactory(project=project, year=YEAR, amount_requested=1000, status="requested")
        meeting = MeetingFactory()
        DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting, project=project), project=project)
        ActionItemFactory(meeting=meeting, due_on=today - datetime.timedelta(days=1))


def queries(client, url=URL, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_query_count_is_the_same_at_two_sizes(client, request, role):
    user = request.getfixturevalue(role)
    referent = user if role == "referent" else request.getfixturevalue("referent")
    client.force_login(user)
    counts = {}
    for size in (3, 30):
        fill(size if size == 3 else size - 3, referent=referent)
        aggregates.forget_all()
        cold = queries(client)
        warm = queries(client)
        counts[size] = (cold, warm)
    assert counts[3] == counts[30], counts
    cold, warm = counts[30]
    assert cold <= 30, counts
    # Warm: the session, the user, and a partner's two blocks of their committees.
    assert warm <= 4, counts


@pytest.mark.django_db
def test_coordinator_home_query_count_is_the_same_at_two_sizes(client, coordinator, referent):
    client.force_login(coordinator)
    counts = {}
    for size in (3, 30):
        fill(size if size == 3 else size - 3, referent=referent)
        aggregates.forget_all()
        counts[size] = (queries(client, reverse("home")), queries(client, reverse("home")))
    assert counts[3] == counts[30], counts
    assert counts[30][1] <= 4, counts  # warm: the session, the user, ideas to review, pending invitations


@pytest.mark.django_db
def test_a_project_recorded_through_its_service_shows_at_once(client, coordinator, territory):
    client.force_login(coordinator)
    assert figure(text(client.get(URL)), "ideas_detected") == "0"

    project = project_create(by=coordinator, territory=territory, title="Épicerie solidaire", origin="diagnosis")

    assert figure(text(client.get(URL)), "ideas_detected") == "1"

    project_move_to_stage(
        project=project,
        by=coordinator,
        to_stage="opportunity_study",
        expected_version=project.version,
        reason="Lancée en comité",
    )

    page = text(client.get(URL))
    assert figure(page, "studies_launched") == "1"


@pytest.mark.django_db
def test_a_new_funding_line_and_action_item_show_at_once(client, coordinator, territory):
    client.force_login(coordinator)
    project = ProjectFactory(territory=territory)
    assert "Financeur du jour" not in text(client.get(URL))

    FundingLineFactory(project=project, year=YEAR, funder__name="Financeur du jour", amount_requested=500)
    ActionItemFactory(description="Action oubliée", due_on=timezone.localdate() - datetime.timedelta(days=1))

    page = text(client.get(URL))
    assert "Financeur du jour" in page
    assert "Action oubliée" in page


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_blocks_computed_side_by_side_are_those_computed_one_after_the_other(
    transactional_db, postgresql, client, request, role, monkeypatch
):
    user = request.getfixturevalue(role)
    fill(4, referent=user if role == "referent" else request.getfixturevalue("referent"))
    client.force_login(user)

    aggregates.forget_all()
    apart = without_tokens(client.get(URL))
    # The figures and the filter form were computed by the workers, on connections of their own.
    assert other_connections()

    monkeypatch.setattr(parallel, "may_run_apart", lambda using="default": False)
    aggregates.forget_all()
    here = without_tokens(client.get(URL))

    assert apart == here
    assert 'data-indicator="ideas_detected"' in here


def without_tokens(response):
    """The page without its CSRF tokens, masked afresh at each request."""
    assert response.status_code == 200
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", page)


def other_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]
