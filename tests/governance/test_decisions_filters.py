"""The decisions list's filters by the project's territory and sector, in force, on a project, and a referent's
perimeter (governance/filters/decisions.py): the region by default, their territories when asked."""

import datetime

import pytest

from governance.models import Decision, Meeting

from ..helpers import text
from ..projects.factories import ProjectFactory
from ..territories.factories import SectorFactory
from .factories import AgendaItemFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
OUTCOME = Decision.Outcome
URL = "/gouvernance/decisions/"
DAY = datetime.date(2025, 4, 30)


def decided(*, project=None, topic="", outcome=OUTCOME.GO, amends=None, meeting=None):
    meeting = meeting or MeetingFactory(status=Meeting.Status.HELD)
    item = amends.agenda_item if amends else AgendaItemFactory(meeting=meeting, project=project, topic=topic)
    return DecisionFactory(agenda_item=item, project=project, outcome=outcome, decided_on=DAY, amends=amends)


@pytest.fixture
def decisions(own_territory, other_territory):
    sector = SectorFactory(name="Mobilité", slug="mobilite")
    own = ProjectFactory(title="Ressourcerie", territory=own_territory, sector=sector)
    other = ProjectFactory(title="Garage", territory=other_territory)
    amended = decided(project=own, outcome=OUTCOME.GO)
    return {
        "own": decided(project=own, outcome=OUTCOME.NO_GO, amends=amended),
        "amended": amended,
        "other": decided(project=other),
        "no_project": decided(topic="Budget du comité"),
    }


def pks(response):
    assert response.status_code == 200
    return {row.pk for row in response.context["listing"].rows}


def test_territory_sector_in_force_and_on_a_project(client_for, coordinator, decisions):
    client = client_for(coordinator)
    d = decisions
    assert pks(client.get(URL)) == {d["own"].pk, d["amended"].pk, d["other"].pk, d["no_project"].pk}
    assert pks(client.get(URL, {"territoire": "beauvaisis"})) == {d["own"].pk, d["amended"].pk}
    assert pks(client.get(URL, {"filiere": "mobilite"})) == {d["own"].pk, d["amended"].pk}
    assert pks(client.get(URL, {"en_vigueur": "oui"})) == {d["own"].pk, d["other"].pk, d["no_project"].pk}
    assert pks(client.get(URL, {"sur_projet": "oui"})) == {d["own"].pk, d["amended"].pk, d["other"].pk}
    assert pks(client.get(URL, {"en_vigueur": "oui", "sur_projet": "oui", "issue": "go"})) == {d["other"].pk}


def test_the_form(client_for, coordinator, decisions):
    client = client_for(coordinator)
    page = text(client.get(URL))
    for label in ("Territoire", "Filière", "En vigueur", "en vigueur seulement (non modifiées)"):
        assert label in page
    assert 'name="sur_projet"' not in page  # a link's filter: shown when set
    assert 'name="sur_projet"' in text(client.get(URL, {"sur_projet": "oui"}))


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"territoire": "atlantide"}, "territoire", "Sélectionnez un choix valide. atlantide n’en fait pas partie."),
        ({"filiere": "inconnue"}, "filiere", "Sélectionnez un choix valide. Ce choix ne fait pas partie"),
        ({"en_vigueur": "peut-etre"}, "en_vigueur", "Sélectionnez un choix valide. peut-etre n’en fait pas partie."),
        ({"sur_projet": "a\x00b"}, "sur_projet", "caractère nul"),
    ],
)
def test_bad_values_are_told_in_french(client_for, coordinator, decisions, params, field, message):
    response = client_for(coordinator).get(URL, params)
    assert response.status_code == 200 and message in text(response)
    assert response.context["listing"].filterset.form.errors[field]
    assert len(pks(response)) == 4  # nothing filtered


def test_a_referent_reads_the_region_by_default_and_their_territories_when_asked(client_for, referent, decisions):
    client = client_for(referent)
    response = client.get(URL)
    assert pks(response) == {decision.pk for decision in decisions.values()}
    page = text(response)
    assert "Cette liste montre toute la région." in page
    assert '<a class="btn btn-outline-primary" href="?perimetre=mes-territoires">Mes territoires</a>' in page
    assert '<a class="btn btn-outline-primary active" href="?" aria-current="true">Toute la région</a>' in page
    mine = client.get(URL, {"perimetre": "mes-territoires"})
    assert pks(mine) == {decisions["own"].pk, decisions["amended"].pk}
    assert "Cette liste montre votre territoire\u00a0: Beauvaisis." in text(mine)


def test_a_partner_is_not_narrowed_by_a_perimeter(client_for, partner, decisions):
    # No perimeter for a partner: the parameter is ignored, and their committees' decisions alone show.
    assert pks(client_for(partner).get(URL, {"perimetre": "mes-territoires"})) == set()
