"""The decisions list's cells written in Python are the markup its row block wrote, byte for byte."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

from governance.models import Decision
from governance.selectors.decisions import decision_list
from governance.templatetags.decision_cells import decision_cells

from .factories import AgendaItemFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# The row block of templates/governance/decisions/list.html before its cells were written in Python.
ROW_BLOCK = Template((Path(__file__).parent / "blocks" / "decision_row.html").read_text().rstrip("\n"))


def test_the_cells_are_the_row_block_s_markup(coordinator):
    late_evening = timezone.make_aware(datetime.datetime(2026, 3, 9, 23, 30))  # the 9th in Paris, the 9th in UTC too
    just_after_midnight = timezone.make_aware(datetime.datetime(2026, 3, 10, 0, 30))  # the 9th in UTC
    first = DecisionFactory(
        outcome=Decision.Outcome.GO,
        amount=Decimal("12500.5"),
        follow_up_on=datetime.date(2026, 6, 1),
        agenda_item=AgendaItemFactory(meeting=MeetingFactory(title="", starts_at=just_after_midnight)),
    )
    first.project.title = "Garage <solidaire> & co"
    first.project.save()
    DecisionFactory(
        amends=first,
        outcome=Decision.Outcome.NO_GO,
        agenda_item=AgendaItemFactory(meeting=MeetingFactory(title="Comité « printemps »", starts_at=late_evening)),
    )
    DecisionFactory(project=None, agenda_item=AgendaItemFactory(project=None, topic="Budget & <plan> annuel"))
    rows = list(decision_list(user=coordinator))
    assert len(rows) == 3
    for row in rows:
        assert decision_cells(row) == ROW_BLOCK.render(Context({"row": row}))
