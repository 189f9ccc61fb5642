"""A public idea waits « à examiner »: only coordinators and its territory's referents read it until reviewed."""

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook

from territories.forms.needs import NeedForm
from territories.models import Need
from territories.selectors.events import event_list
from territories.selectors.sectors import sector_list
from territories.services.public import call_for_ideas_submit

from ..helpers import response_bytes, text
from .factories import AnimationEventFactory, NeedFactory, OpportunityFactory

# Personal details typed inside an idea: what must not reach partners before a review.
PERSONAL = "Mme Lefèvre, 06 39 98 00 00"
IDEA = f"{PERSONAL} : les personnes âgées du village ne peuvent plus aller au marché."
REVIEWED = "Transport à la demande"

migration = importlib.import_module("territories.migrations.0004_need_status_to_review")


@pytest.fixture
def idea(own_territory, sector):
    own_territory.status = "active"
    own_territory.save(update_fields=["status"])
    return call_for_ideas_submit(territory=own_territory, text=IDEA, sector=sector, name="Un voisin")


@pytest.fixture
def reviewed(own_territory, sector):
    return NeedFactory(territory=own_territory, sector=sector, title=REVIEWED)


def exported(client, kind):
    response = client.get(reverse("need_list"), {"export": kind, "perimetre": "region"})
    assert response.status_code == 200
    if kind == "csv":
        return response_bytes(response).decode("utf-8-sig")
    rows = load_workbook(io.BytesIO(response_bytes(response))).active.iter_rows(values_only=True)
    return "\n".join(" | ".join(str(value) for value in row) for row in rows)


def test_a_submitted_idea_waits_for_review(idea):
    assert idea.status == Need.Status.TO_REVIEW
    assert Need.Status.choices[0] == ("to_review", "à examiner")


@pytest.mark.parametrize("viewer", ["partner", "other_referent"])
def test_before_review_partners_and_other_referents_never_read_it(client, request, viewer, idea, reviewed):
    client.force_login(request.getfixturevalue(viewer))
    # The whole region, not a referent's own territories only.
    listing = text(client.get(reverse("need_list"), {"perimetre": "region"}))
    assert REVIEWED in listing and PERSONAL not in listing
    # Not even by asking for its status.
    assert PERSONAL not in text(client.get(reverse("need_list"), {"statut": "to_review", "perimetre": "region"}))
    assert client.get(reverse("need_detail", kwargs={"need": idea.pk})).status_code == 404
    assert client.get(reverse("need_edit", kwargs={"need": idea.pk})).status_code in (403, 404)
    for kind in ("csv", "xlsx"):
        content = exported(client, kind)
        assert REVIEWED in content and PERSONAL not in content
    page = text(client.get(reverse("territory_detail", kwargs={"territory": idea.territory.slug})))
    assert REVIEWED in page and PERSONAL not in page


@pytest.mark.parametrize("viewer", ["coordinator", "referent"])
def test_coordinators_and_the_territorys_referents_read_it(client, request, viewer, idea, reviewed):
    client.force_login(request.getfixturevalue(viewer))
    assert PERSONAL in text(client.get(reverse("need_list")))
    detail = text(client.get(reverse("need_detail", kwargs={"need": idea.pk})))
    assert PERSONAL in detail and "à examiner" in detail and "les partenaires ne la voient pas encore" in detail
    assert "Un voisin" in detail and "Examiner l’idée" in detail
    for kind in ("csv", "xlsx"):
        assert PERSONAL in exported(client, kind)
    assert PERSONAL in text(client.get(reverse("territory_detail", kwargs={"territory": idea.territory.slug})))


def test_pages_linking_an_idea_do_not_show_it_to_partners(client, partner, referent, idea, reviewed, sector):
    opportunity = OpportunityFactory(territory=idea.territory, sector=sector)
    opportunity.needs.set([idea, reviewed])
    event = AnimationEventFactory(territory=idea.territory)
    event.needs.set([idea, reviewed])
    pages = [
        reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk}),
        reverse("event_detail", kwargs={"event": event.pk}),
    ]
    client.force_login(partner)
    for url in pages:
        page = text(client.get(url))
        assert REVIEWED in page and PERSONAL not in page
    response = client.get(reverse("opportunity_list"), {"export": "csv"})
    (row,) = csv.DictReader(io.StringIO(response_bytes(response).decode("utf-8-sig")), delimiter=";")
    assert row["Besoins visés"] == REVIEWED
    # Counts leak nothing either: the idea is not counted for partners, it is for the referent.
    assert event_list(user=partner).get().need_count == 1
    assert sector_list(user=partner).get(pk=sector.pk).need_count == 1
    assert event_list(user=referent).get().need_count == 2
    assert sector_list(user=referent).get(pk=sector.pk).need_count == 2
    client.force_login(referent)
    for url in pages:
        assert PERSONAL in text(client.get(url))


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner", "other_referent"])
def test_the_detail_rule_and_the_list_agree(request, role, idea, reviewed):
    user = request.getfixturevalue(role)
    visible = set(Need.objects.visible_to(user))
    for need in (idea, reviewed):
        assert user.has_perm("territories.view_need", need) == (need in visible)
    assert (idea in visible) == (role in ("coordinator", "referent"))


def test_once_the_referent_reviews_it_partners_read_it(client, referent, partner, idea):
    client.force_login(referent)
    # The referent edits the personal details out of the text, then accepts the idea.
    data = {
        "version": idea.version,
        "title": "Aller au marché sans voiture",
        "description": "Les personnes âgées du village ne peuvent plus aller au marché.",
        "sector": idea.sector.pk,
        "priority": idea.priority,
        "decision": "accepted",
        "review_reason": "Rejoint le diagnostic mobilité.",
    }
    response = client.post(reverse("need_review", kwargs={"need": idea.pk}), data)
    assert response.status_code == 302, response.context["form"].errors
    idea.refresh_from_db()
    assert idea.status == Need.Status.IDENTIFIED
    # Those who review keep the whole history; partners read only what happened since the review.
    assert PERSONAL in text(client.get(reverse("need_detail", kwargs={"need": idea.pk})))

    client.force_login(partner)
    assert "Aller au marché sans voiture" in text(client.get(reverse("need_list")))
    detail = text(client.get(reverse("need_detail", kwargs={"need": idea.pk})))
    assert "Aller au marché sans voiture" in detail and PERSONAL not in detail and "Un voisin" not in detail
    # Nor the review itself: its reason is the reviewers' note.
    assert "Rejoint le diagnostic mobilité" not in detail


def test_waiting_for_review_is_offered_only_to_an_idea_still_waiting(referent, own_territory, reviewed):
    assert "to_review" not in dict(NeedForm(user=referent).fields["status"].choices)
    assert "to_review" not in dict(NeedForm(instance=reviewed, user=referent).fields["status"].choices)


def test_the_migration_puts_ideas_received_before_it_under_review_and_back(own_territory, referent):
    public = NeedFactory(territory=own_territory, source="call_for_ideas", recorded_by=None)
    recorded = NeedFactory(territory=own_territory, source="call_for_ideas", recorded_by=referent)
    moved_on = NeedFactory(territory=own_territory, source="call_for_ideas", recorded_by=None, status="qualified")
    diagnosis = NeedFactory(territory=own_territory, source="diagnosis", recorded_by=None)

    def statuses():
        return [Need.objects.get(pk=need.pk).status for need in (public, recorded, moved_on, diagnosis)]

    migration.ideas_to_review(apps, None)
    assert statuses() == ["to_review", "identified", "qualified", "identified"]
    migration.ideas_identified(apps, None)
    assert statuses() == ["identified", "identified", "qualified", "identified"]
