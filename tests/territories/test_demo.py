"""Demonstration data of the territories: the five 2012 Picardie pilots, real perimeters, idempotent seeding."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.urls import reverse

from fabrique.models import User
from territories.demo import DEMO, PILOT_NAMES
from territories.demo import seed as territories_seed
from territories.demo_data import PILOT_REFERENTS
from territories.models import (
    EPCI,
    Actor,
    AnimationEvent,
    Commune,
    Contact,
    Cooperation,
    EngagedTerritory,
    Need,
    Opportunity,
    ReadinessAssessment,
    Sector,
)
from territories.validators import validate_siret_or_siren

PERIMETERS = {
    "Beauvaisis": (["200067999"], []),
    "Amiens Métropole": (["248000531"], []),
    "Pays du Vermandois": (["240200493"], []),
    "Sud de l'Aisne": (["200072031", "240200584"], []),
    "Nogent-sur-Oise": ([], ["60463"]),
}


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def seeded(official_territories, settings):
    settings.DEBUG = True
    return seed()


def test_seed_refuses_without_the_official_geography(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError) as error:
        seed()
    message = str(error.value)
    assert "python manage.py load_territories" in message
    assert "200067999" in message and "60463" in message
    assert not EngagedTerritory.objects.exists()
    assert not User.objects.exists()  # the whole seed is one transaction


def test_territory_seed_names_only_the_missing_codes(db):
    from territories.models import Departement, Region

    departement = Departement.objects.create(
        code="60", name="Oise", region=Region.objects.create(code="32", name="HdF")
    )
    Commune.objects.create(code="60463", name="Nogent-sur-Oise", departement=departement)
    epci = EPCI.objects.create(siren="200067999", name="CA du Beauvaisis", kind="CA")
    Commune.objects.create(code="60057", name="Beauvais", departement=departement, epci=epci)
    with pytest.raises(CommandError) as error:
        territories_seed()
    message = str(error.value)
    assert "248000531" in message and "200072031" in message
    assert "200067999" not in message and "60463" not in message


def test_the_five_pilots_get_their_real_perimeters(seeded):
    assert sorted(EngagedTerritory.objects.values_list("name", flat=True)) == sorted(PILOT_NAMES)
    for name, (epci_codes, commune_codes) in PERIMETERS.items():
        territory = EngagedTerritory.objects.get(name=name)
        assert sorted(territory.epcis.values_list("siren", flat=True)) == sorted(epci_codes)
        assert sorted(territory.communes.values_list("code", flat=True)) == sorted(commune_codes)
        communes = Commune.objects.filter(epci__siren__in=epci_codes) | Commune.objects.filter(code__in=commune_codes)
        assert territory.commune_count == communes.count() > 0
        assert territory.population == communes.aggregate(total=Sum("population"))["total"] > 0
    assert EngagedTerritory.objects.get(name="Nogent-sur-Oise").commune_count == 1
    south = EngagedTerritory.objects.get(name="Sud de l'Aisne")
    assert south.commune_count == (
        Commune.objects.filter(epci__siren="200072031").count()
        + Commune.objects.filter(epci__siren="240200584").count()
    )


def test_each_pilot_is_active_with_authority_referent_and_readiness(seeded):
    for index, name in enumerate(PILOT_NAMES):
        territory = EngagedTerritory.objects.get(name=name)
        assert territory.status == EngagedTerritory.Status.ACTIVE
        assert territory.driving_authority.kind == Actor.Kind.LOCAL_AUTHORITY
        assert "démonstration" in territory.driving_authority.name
        assert territory.referent_actor.name == PILOT_REFERENTS[index]
        assert DEMO in territory.description
        prerequisites = set(territory.readiness_assessments.values_list("prerequisite", flat=True))
        assert prerequisites == {1, 2, 3, 4, 5}
        territory.full_clean()
    beauvaisis = EngagedTerritory.objects.get(name="Beauvaisis")
    referent = User.objects.get(email="referent@demo.fabrique.fr")
    assert referent.has_perm("territories.add_in_territory", beauvaisis)
    assert list(EngagedTerritory.objects.editable_by(referent)) == [beauvaisis]


def test_each_pilot_has_needs_opportunities_cooperations_and_events(seeded):
    used_sectors = set()
    for name in PILOT_NAMES:
        territory = EngagedTerritory.objects.get(name=name)
        needs = list(territory.needs.all())
        assert 4 <= len(needs) <= 8
        sectors = {need.sector_id for need in needs}
        assert len(sectors) >= 4, name
        used_sectors |= sectors
        assert all(need.title.startswith(DEMO) for need in needs)
        opportunities = list(territory.opportunities.prefetch_related("needs"))
        assert opportunities and all(opportunity.needs.exists() for opportunity in opportunities)
        assert all(need.territory_id == territory.pk for o in opportunities for need in o.needs.all())
        cooperations = list(territory.cooperations.all())
        assert cooperations and all(cooperation.actors.count() >= 2 for cooperation in cooperations)
        events = list(territory.events.all())
        creativity = [event for event in events if event.kind == AnimationEvent.Kind.CREATIVITY_SESSION]
        assert creativity and all(event.participants > 0 and event.partners_present.exists() for event in creativity)
        assert all(need.territory_id == territory.pk for event in events for need in event.needs.all())
    assert used_sectors == set(Sector.objects.values_list("pk", flat=True))
    assert AnimationEvent.objects.filter(kind=AnimationEvent.Kind.CALL_FOR_IDEAS).count() >= 3
    from_public = Need.objects.filter(source=Need.Source.CALL_FOR_IDEAS)
    assert from_public.exists() and not from_public.filter(recorded_by__isnull=False).exists()
    # An address is kept only with the consent to be contacted, as on the public page.
    assert not from_public.filter(submitter_consents_to_contact=False).exclude(submitter_email="").exists()


def test_every_demo_row_is_valid(seeded):
    for model in (Actor, Contact, Cooperation, Need, Opportunity, AnimationEvent, ReadinessAssessment):
        for row in model.objects.all():
            row.full_clean()
    for actor in Actor.objects.exclude(siret=""):
        validate_siret_or_siren(actor.siret)
    assert Actor.objects.filter(kind=Actor.Kind.LOCAL_AUTHORITY).exclude(siret="").count() >= 5
    assert all("démonstration" in name for name in Actor.objects.values_list("name", flat=True))


def test_a_second_run_creates_nothing(seeded):
    before = row_counts()
    versions = dict(Need.objects.values_list("pk", "version"))
    seed()
    assert row_counts() == before
    assert dict(Need.objects.values_list("pk", "version")) == versions


def test_a_run_restores_edited_demo_rows(seeded):
    need = Need.objects.filter(territory__name="Beauvaisis").first()
    original = need.description
    Need.objects.filter(pk=need.pk).update(description="Modifié à la main")
    territory = EngagedTerritory.objects.get(name="Nogent-sur-Oise")
    territory.communes.clear()
    seed()
    need.refresh_from_db()
    assert need.description == original
    assert list(EngagedTerritory.objects.get(name="Nogent-sur-Oise").communes.values_list("code", flat=True)) == [
        "60463"
    ]


def test_the_command_lists_the_pilots(seeded):
    for name in PILOT_NAMES:
        assert name in seeded
    assert "référent : Initiatives Beauvaisis (démonstration)" in seeded


def test_demo_pages_open(seeded, client):
    beauvaisis = EngagedTerritory.objects.get(name="Beauvaisis")
    assert client.get(reverse("call_for_ideas", kwargs={"territory": beauvaisis.slug})).status_code == 200
    client.force_login(User.objects.get(email="referent@demo.fabrique.fr"))
    response = client.get(reverse("event_list"), {"territoire": beauvaisis.slug})
    assert response.status_code == 200
    assert "Bien vieillir à domicile" in response.content.decode()
    event = AnimationEvent.objects.filter(territory=beauvaisis).first()
    assert client.get(reverse("event_edit", kwargs={"event": event.pk})).status_code == 200
    other = AnimationEvent.objects.exclude(territory=beauvaisis).first()
    assert client.get(reverse("event_edit", kwargs={"event": other.pk})).status_code == 403
