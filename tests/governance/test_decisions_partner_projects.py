"""A partner reads the summary of a project put before their committee (projects.rules.is_before_users_committee,
registered by governance/apps.py): never its leader's personal data nor an internal journal entry; a project
before no committee of theirs stays hidden."""

import pytest
from django.urls import reverse

from governance.models import Meeting

from ..helpers import text
from ..projects.factories import JournalEntryFactory, ProjectFactory
from .factories import AgendaItemFactory, CommitteeMemberFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
LEADER = {"leader_name": "Camille Porteuse", "leader_email": "camille@porteur.fr", "leader_phone": "06 12 34 56 78"}


@pytest.fixture
def committee(partner):
    return CommitteeMemberFactory(user=partner).committee


def project_url(project):
    return reverse("project_detail", kwargs={"project": project.pk})


def project_on_agenda(committee, status=Meeting.Status.CONVENED):
    summary = "Réparer les voitures des salariés en insertion."
    project = ProjectFactory(title="Garage solidaire", summary=summary, **LEADER)
    AgendaItemFactory(meeting=MeetingFactory(committee=committee, status=status), project=project)
    JournalEntryFactory(project=project, text="Note interne : tension avec la mairie.", is_internal=True)
    JournalEntryFactory(project=project, text="Visite du local avec les partenaires.", is_internal=False)
    return project


def test_a_partner_reads_the_summary_of_a_project_on_a_convened_agenda(client_for, partner, committee):
    project = project_on_agenda(committee)
    response = client_for(partner).get(project_url(project))
    page = text(response)
    assert response.status_code == 200
    assert "Garage solidaire" in page and "Réparer les voitures des salariés en insertion." in page
    for value in LEADER.values():
        assert value not in page
    assert "tension avec la mairie" not in page


def test_a_partner_reads_the_decision_without_the_leader(client_for, partner, committee):
    project = project_on_agenda(committee, status=Meeting.Status.HELD)
    decision = DecisionFactory(agenda_item=project.agenda_items.get(), rationale="Le local est trouvé.")
    page = text(client_for(partner).get(reverse("decision_detail", kwargs={"decision": decision.pk})))
    assert "Le local est trouvé." in page and "Garage solidaire" in page
    for value in LEADER.values():
        assert value not in page


def test_a_project_before_no_committee_of_theirs_is_hidden(client_for, partner, committee):
    # Scoped querysets answer 404 for what a user may not read (projects.selectors.project_get), as everywhere.
    elsewhere = project_on_agenda(MeetingFactory().committee)
    assert client_for(partner).get(project_url(elsewhere)).status_code == 404
    # A planned meeting's agenda is a draft: its projects are not yet before the committee.
    planned = project_on_agenda(committee, status=Meeting.Status.PLANNED)
    assert client_for(partner).get(project_url(planned)).status_code == 404
    assert client_for(partner).get(project_url(ProjectFactory())).status_code == 404


def test_the_coordinator_still_reads_the_leader(client_for, coordinator, committee):
    project = project_on_agenda(committee)
    page = text(client_for(coordinator).get(project_url(project)))
    assert LEADER["leader_name"] in page and "tension avec la mairie" in page
