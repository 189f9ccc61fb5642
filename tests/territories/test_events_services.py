"""Animation events services and selectors: rights checked in the service, needs of the same territory, totals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from territories.models import AnimationEvent
from territories.selectors.events import EventTotals, event_list, event_totals, territory_events
from territories.services.events import event_create, event_update

from .factories import AnimationEventFactory, EngagedTerritoryFactory, NeedFactory


def event_fields(territory, **overrides):
    fields = {
        "territory": territory,
        "kind": AnimationEvent.Kind.CREATIVITY_SESSION,
        "title": "Séance de créativité",
        "date": datetime.date(2026, 5, 12),
        "participants": 15,
        "ideas_produced": 6,
    }
    fields.update(overrides)
    return fields


def test_event_totals_counts_creativity_sessions_and_participants(db):
    territory = EngagedTerritoryFactory()
    AnimationEventFactory(territory=territory, kind="creativity_session", participants=12, ideas_produced=5)
    AnimationEventFactory(territory=territory, kind="creativity_session", participants=8, ideas_produced=2)
    AnimationEventFactory(territory=territory, kind="territory_meeting", participants=30, ideas_produced=0)
    AnimationEventFactory(kind="creativity_session", participants=100)  # another territory
    totals = event_totals(AnimationEvent.objects.filter(territory=territory))
    assert totals == EventTotals(
        events=3, creativity_sessions=2, creativity_session_participants=20, participants=50, ideas_produced=7
    )


def test_event_totals_of_nothing_are_zero(db):
    assert event_totals(AnimationEvent.objects.none()) == EventTotals(0, 0, 0, 0, 0)


def test_event_totals_are_not_multiplied_by_the_list_annotations(coordinator):
    event = AnimationEventFactory(participants=10)
    event.needs.set(NeedFactory.create_batch(3, territory=event.territory))
    totals = event_totals(event_list(user=coordinator))
    assert (totals.events, totals.participants) == (1, 10)


def test_event_totals_take_one_query(db, django_assert_num_queries):
    AnimationEventFactory.create_batch(3)
    with django_assert_num_queries(1):
        event_totals(AnimationEvent.objects.all())


def test_events_of_territory_newest_first(db):
    territory = EngagedTerritoryFactory()
    old = AnimationEventFactory(territory=territory, date=datetime.date(2024, 1, 1))
    new = AnimationEventFactory(territory=territory, date=datetime.date(2026, 1, 1))
    AnimationEventFactory()
    assert list(territory_events(territory=territory)) == [new, old]


def test_events_for_list_is_empty_for_staff(staff):
    AnimationEventFactory()
    assert list(event_list(user=staff)) == []


def test_create_refuses_a_referent_of_another_territory(referent):
    territory = EngagedTerritoryFactory()
    with pytest.raises(PermissionDenied):
        event_create(by=referent, **event_fields(territory))
    assert AnimationEvent.objects.count() == 0


def test_create_refuses_a_partner(partner):
    territory = EngagedTerritoryFactory(referent_actor=partner.organisation)
    with pytest.raises(PermissionDenied):
        event_create(by=partner, **event_fields(territory))
    assert AnimationEvent.objects.count() == 0


def test_create_refuses_needs_of_another_territory(coordinator):
    territory = EngagedTerritoryFactory()
    foreign = NeedFactory()
    with pytest.raises(ValidationError) as error:
        event_create(by=coordinator, needs=[foreign], **event_fields(territory))
    assert "relève d’un autre territoire" in error.value.message_dict["needs"][0]
    assert AnimationEvent.objects.count() == 0


def test_update_checks_the_stored_territory_not_the_edited_object(referent):
    """A form may have changed the object in memory already: the service reads the stored row."""
    own = EngagedTerritoryFactory(referent_actor=referent.organisation)
    other = EngagedTerritoryFactory()
    event = AnimationEventFactory(territory=other, title="Ailleurs")
    event.territory = own  # as a bound ModelForm would do
    with pytest.raises(PermissionDenied):
        event_update(event=event, by=referent, expected_version=event.version, **event_fields(own, title="Détourné"))
    stored = AnimationEvent.objects.get(pk=event.pk)
    assert (stored.territory, stored.title) == (other, "Ailleurs")


def test_update_refuses_moving_to_a_territory_the_user_may_not_edit(referent):
    own = EngagedTerritoryFactory(referent_actor=referent.organisation)
    other = EngagedTerritoryFactory()
    event = AnimationEventFactory(territory=own)
    with pytest.raises(PermissionDenied):
        event_update(event=event, by=referent, expected_version=event.version, **event_fields(other))
    assert AnimationEvent.objects.get(pk=event.pk).territory == own


def test_update_sets_partners_and_needs(coordinator):
    from .factories import ActorFactory

    territory = EngagedTerritoryFactory()
    event = AnimationEventFactory(territory=territory)
    need = NeedFactory(territory=territory)
    actor = ActorFactory()
    updated = event_update(
        event=event,
        by=coordinator,
        expected_version=event.version,
        needs=[need],
        partners_present=[actor],
        **event_fields(territory),
    )
    assert list(updated.needs.all()) == [need]
    assert list(updated.partners_present.all()) == [actor]
