"""Concurrent edits of actors, contacts, cooperations, sectors and events: the later save is refused, never applied
over the earlier one, and the history says who changed what."""

from dataclasses import dataclass
from html import escape

import pytest
from django.test import Client
from django.urls import reverse

from core.history import history_entries
from core.roles import Role
from core.versioning import CONCURRENT_EDIT_MESSAGE, MISSING_VERSION_MESSAGE
from territories.models import Contact
from territories.services.actors import contact_delete

from ..fabrique.factories import UserFactory
from ..helpers import text
from .factories import ActorFactory, AnimationEventFactory, ContactFactory, CooperationFactory

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    url_name: str
    kwarg: str
    make: object  # (fixtures) -> the record to edit
    field: str  # a text field both editors change
    label: str  # its verbose name, as the history shows it
    second_editor: str = "referent"  # the fixture of the one who saves last

    def __str__(self):
        return self.url_name


CASES = [
    Case("actor_edit", "actor", lambda f: f["own_actor"], "description", "présentation"),
    Case("contact_edit", "contact", lambda f: ContactFactory(actor=f["own_actor"]), "role", "fonction"),
    Case(
        "cooperation_edit",
        "cooperation",
        lambda f: CooperationFactory(territory=f["own_territory"], actors=[f["own_actor"], ActorFactory()]),
        "title",
        "intitulé",
    ),
    # Sectors are the coordinators' alone: two of them meet here.
    Case("sector_edit", "sector", lambda f: f["sector"], "description", "description", "other_coordinator"),
    Case("event_edit", "event", lambda f: AnimationEventFactory(territory=f["own_territory"]), "title", "intitulé"),
]


@pytest.fixture
def other_coordinator(db):
    return UserFactory(role=Role.COORDINATOR)


@pytest.fixture
def record(request, own_territory, own_actor, sector):
    """The record of the case under test, in the referent’s territory."""
    case = request.param
    return case, case.make({"own_territory": own_territory, "own_actor": own_actor, "sector": sector})


def opened(user, url):
    """A browser of `user` with the edit page open, and the form as that page holds it."""
    browser = Client()
    browser.force_login(user)
    response = browser.get(url)
    assert response.status_code == 200
    return browser, response.context["form"]


def as_posted(form, **changes):
    """What the browser posts for the form as it was loaded (the hidden version included), with `changes`."""
    data = {field.html_name: field.value() for field in form if field.value() is not None}
    return {**data, **changes}


def edit_url(case, obj):
    return reverse(case.url_name, kwargs={case.kwarg: obj.pk})


@pytest.mark.parametrize("record", CASES, ids=str, indirect=True)
def test_the_later_save_is_refused_and_nothing_overwritten(request, record, coordinator):
    case, obj = record
    second_editor = request.getfixturevalue(case.second_editor)
    url = edit_url(case, obj)
    first, first_form = opened(coordinator, url)
    second, second_form = opened(second_editor, url)
    assert first_form["version"].value() == second_form["version"].value() == 1

    assert first.post(url, as_posted(first_form, **{case.field: "Version de la coordination"})).status_code == 302
    records = obj.history.count()
    response = second.post(url, as_posted(second_form, **{case.field: "Version tardive"}))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [str(CONCURRENT_EDIT_MESSAGE)]
    assert escape(str(CONCURRENT_EDIT_MESSAGE)) in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, case.field) == "Version de la coordination" and obj.version == 2
    assert obj.history.count() == records  # the refused save left no trace either


@pytest.mark.parametrize("record", CASES, ids=str, indirect=True)
def test_history_records_who_changed_what(record, coordinator):
    case, obj = record
    before = getattr(obj, case.field)
    url = edit_url(case, obj)
    browser, form = opened(coordinator, url)
    assert browser.post(url, as_posted(form, **{case.field: "Nouvelle valeur"})).status_code == 302
    obj.refresh_from_db()
    latest = history_entries(obj)[0]
    assert latest.who == coordinator and latest.kind == "~"
    assert [(change.field, change.old, change.new) for change in latest.changes] == [
        (case.label, before or "—", "Nouvelle valeur")
    ]


@pytest.mark.parametrize("record", CASES, ids=str, indirect=True)
def test_an_edit_without_its_version_is_refused(record, coordinator):
    case, obj = record
    url = edit_url(case, obj)
    browser, form = opened(coordinator, url)
    data = as_posted(form, **{case.field: "Sans version"})
    del data["version"]
    response = browser.post(url, data)
    assert response.context["form"].non_field_errors() == [str(MISSING_VERSION_MESSAGE)]
    obj.refresh_from_db()
    assert getattr(obj, case.field) != "Sans version" and obj.version == 1


# Where the history is shown


def test_actor_page_shows_its_history_to_every_reader(own_actor, coordinator, partner):
    url = reverse("actor_edit", kwargs={"actor": own_actor.pk})
    browser, form = opened(coordinator, url)
    browser.post(url, as_posted(form, description="Recyclerie et atelier de réparation"))
    browser.force_login(partner)
    page = text(browser.get(reverse("actor_detail", kwargs={"actor": own_actor.pk})))
    assert "Historique des modifications" in page
    assert "présentation : — → Recyclerie et atelier de réparation" in page
    assert coordinator.get_full_name() in page


def test_event_page_shows_its_history(own_territory, referent, partner):
    event = AnimationEventFactory(territory=own_territory, title="Séance d’avril")
    url = reverse("event_edit", kwargs={"event": event.pk})
    browser, form = opened(referent, url)
    browser.post(url, as_posted(form, title="Séance de créativité d’avril"))
    browser.force_login(partner)
    page = text(browser.get(reverse("event_detail", kwargs={"event": event.pk})))
    assert "intitulé : Séance d’avril → Séance de créativité d’avril" in page


def test_sector_history_is_on_its_edit_page(sector, coordinator):
    url = reverse("sector_edit", kwargs={"sector": sector.pk})
    browser, form = opened(coordinator, url)
    browser.post(url, as_posted(form, description="Transports solidaires"))
    assert "description : — → Transports solidaires" in text(browser.get(url))


def test_contact_history_is_shown_only_where_the_contact_is(own_actor, coordinator, partner):
    """Personal data: on the contact’s own page, which partners never reach, and not on the actor’s page."""
    contact = ContactFactory(actor=own_actor, phone="03 44 00 00 00")
    url = reverse("contact_edit", kwargs={"contact": contact.pk})
    browser, form = opened(coordinator, url)
    browser.post(url, as_posted(form, phone="03 44 11 11 11"))
    assert "téléphone : 03 44 00 00 00 → 03 44 11 11 11" in text(browser.get(url))
    browser.force_login(partner)
    assert browser.get(url).status_code == 403
    assert "03 44 00 00 00" not in text(browser.get(reverse("actor_detail", kwargs={"actor": own_actor.pk})))


def test_deleting_a_contact_erases_its_history(own_actor, coordinator):
    contact = ContactFactory(actor=own_actor)
    url = reverse("contact_edit", kwargs={"contact": contact.pk})
    browser, form = opened(coordinator, url)
    browser.post(url, as_posted(form, email="nouvelle@structure.fr"))
    assert Contact.history.filter(id=contact.pk).count() == 2
    contact_delete(contact=contact, by=coordinator)
    assert not Contact.history.filter(id=contact.pk).exists()


# A proposal changes the actor's territories: an actor form opened before it is stale.


def test_a_proposal_makes_an_actor_form_opened_before_it_stale(other_actor, own_territory, other_territory, referent):
    coordinator = UserFactory(role=Role.COORDINATOR)
    url = reverse("actor_edit", kwargs={"actor": other_actor.pk})
    browser, form = opened(coordinator, url)
    proposer = Client()
    proposer.force_login(referent)
    proposed = proposer.post(
        reverse("actor_propose", kwargs={"actor": other_actor.pk}), {"territory": own_territory.pk}
    )
    assert proposed.status_code == 302
    # Saving the form opened before would untick the proposed territory without the coordinator knowing.
    response = browser.post(url, as_posted(form, description="Garage et auto-école sociale"))
    assert response.context["form"].non_field_errors() == [str(CONCURRENT_EDIT_MESSAGE)]
    other_actor.refresh_from_db()
    assert set(other_actor.territories.all()) == {own_territory, other_territory} and other_actor.version == 2
    # Proposing it again changes nothing, the version included.
    proposer.post(reverse("actor_propose", kwargs={"actor": other_actor.pk}), {"territory": own_territory.pk})
    other_actor.refresh_from_db()
    assert other_actor.version == 2
