"""The events and cooperations lists' cells written in Python are the markup their row blocks wrote, byte for
byte."""

import datetime

import pytest
from django.template import Context, Template

from territories.selectors.actors import cooperation_list
from territories.templatetags.list_cells import cooperation_cells

from .factories import ActorFactory, CooperationFactory

pytestmark = pytest.mark.django_db

# The row block of templates/territories/actors/cooperation_list.html before its cells were written in Python.
COOPERATION_ROW = Template(
    """<td><a href="{% url 'cooperation_detail' cooperation=row.pk %}">{{ row.title }}</a></td>"""
    """<td><a href="{% url 'territory_detail' territory=row.territory.slug %}">{{ row.territory.name }}</a></td>"""
    """<td>{% for actor in row.actors.all %}{{ actor.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>"""
    """<td>{{ row.since|date:"SHORT_DATE_FORMAT"|default:"—" }}</td>"""
)


def test_the_cooperation_cells_are_the_row_block_s_markup(coordinator):
    CooperationFactory(
        title="Cuisine & <partage>",
        since=datetime.date(2025, 9, 1),
        actors=[ActorFactory(name="Régie « Quartiers »"), ActorFactory(name="AMAP & co")],
    )
    CooperationFactory(title="Sans date ni acteur", since=None, actors=[])
    rows = list(cooperation_list(user=coordinator))
    assert len(rows) == 2
    for row in rows:
        assert cooperation_cells(row) == COOPERATION_ROW.render(Context({"row": row}))
