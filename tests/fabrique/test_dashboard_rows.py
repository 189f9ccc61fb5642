"""The dashboard's work rows written in Python are the markup of the loops they replaced (tests/fabrique/blocks),
whitespace aside: the rows the work blocks read, with owners, titles, places and projects present or not."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

from fabrique.dashboard.scope import REGION, DashboardScope
from fabrique.dashboard.selectors import _staff_blocks
from fabrique.templatetags.dashboard_rows import action_row, decision_row, meeting_row, next_step_row, stalled_row
from governance.models import ActionItem, Decision, Meeting
from projects.models import NextStep, Project

from ..governance.factories import ActionItemFactory, AgendaItemFactory, DecisionFactory, MeetingFactory
from ..projects.factories import NextStepFactory, ProjectFactory
from .factories import UserFactory

pytestmark = pytest.mark.django_db

BLOCKS = Path(__file__).parent / "blocks"


def block(name):
    """The loop body of templates/fabrique/dashboard/_work.html before its rows were written in Python."""
    return Template((BLOCKS / f"{name}_row.html").read_text())


def markup(html):
    return re.sub(r"\s+", " ", str(html)).strip()


@pytest.fixture
def blocks(coordinator):
    today = timezone.localdate()
    past = today - datetime.timedelta(days=90)
    ProjectFactory(title="Garage <solidaire> & co", next_step_due=today - datetime.timedelta(days=3))
    ProjectFactory(last_activity_on=past)
    named = UserFactory(first_name="Aïcha", last_name="Benali")
    unnamed = UserFactory(first_name="", last_name="")
    for owner in (named, unnamed):
        NextStepFactory(owner=owner, due_date=today - datetime.timedelta(days=2), text="Appeler « la mairie »")
    ActionItemFactory(owner=named, due_on=today - datetime.timedelta(days=1))
    ActionItemFactory(owner=None, owner_name="Élus & partenaires", due_on=past, meeting=MeetingFactory(title=""))
    ActionItemFactory(owner=None, owner_name="", due_on=past)
    MeetingFactory(title="", place="")
    MeetingFactory(status=Meeting.Status.PLANNED, title="Comité <printemps>")
    DecisionFactory(outcome=Decision.Outcome.GO)
    DecisionFactory(project=None, agenda_item=AgendaItemFactory(project=None, topic="Budget & <plan>"))
    scope = DashboardScope(timezone.localdate().year, REGION)
    return _staff_blocks(scope, coordinator, today, timezone.now())


def test_every_row_is_its_loop_s_markup(blocks):
    """Each row the blocks read (a dict of the fields the selectors name) is written as the loop wrote the model."""
    today = timezone.localdate()
    cases = [
        ("stalled", "stalled", "project", Project, lambda row: stalled_row(row, today), 2),
        ("next_steps", "next_step", "step", NextStep, next_step_row, 2),
        ("action_items", "action", "action", ActionItem, action_row, 3),
        ("meetings", "meeting", "meeting", Meeting, meeting_row, 5),
        ("decisions", "decision", "decision", Decision, decision_row, 2),
    ]
    for key, name, variable, model, tag, count in cases:
        rows = blocks[key].rows
        assert len(rows) == count, name
        loop = block(name)
        for row in rows:
            instance = model.objects.get(pk=row["pk"])
            assert markup(tag(row)) == markup(loop.render(Context({variable: instance, "today": today}))), name


def test_both_reasons_of_a_stall_are_written(blocks):
    html = "".join(str(stalled_row(row, timezone.localdate())) for row in blocks["stalled"].rows)
    assert "échéance dépassée (" in html
    assert "sans activité depuis le " in html


def test_names_and_titles_are_escaped(blocks):
    html = "".join(str(stalled_row(row, timezone.localdate())) for row in blocks["stalled"].rows)
    assert "Garage &lt;solidaire&gt; &amp; co" in html
    assert "<solidaire>" not in html
