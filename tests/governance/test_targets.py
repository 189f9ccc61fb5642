"""Yearly targets: the list per role and its filters, the form (coordinators alone), French refusals,
concurrent edits refused, query budget."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.roles import Role
from core.versioning import CONCURRENT_EDIT_MESSAGE
from governance.models import Target
from governance.services.targets import target_create, target_update

from ..fabrique.factories import UserFactory
from ..helpers import text
from ..territories.factories import EngagedTerritoryFactory
from .factories import TargetFactory

LIST_URL = reverse("target_list")
CREATE_URL = reverse("target_create")


def edit_url(target):
    return reverse("target_edit", kwargs={"target": target.pk})


@pytest.fixture
def vermandois(db):
    return EngagedTerritoryFactory(name="Pays du Vermandois", slug="vermandois")


# --- The list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REFERENT, Role.PARTNER])
def test_list_opens_to_every_reader(client, vermandois, role):
    TargetFactory(year=2026, indicator="enterprises_created", value=Decimal("12"))
    TargetFactory(year=2026, territory=vermandois, indicator="jobs_created", value=Decimal("1500.5"))
    client.force_login(UserFactory(role=role))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    page = text(response)
    assert "entreprises créées" in page and "Pays du Vermandois" in page
    assert "1\u00a0500,5" in page or "1 500,5" in page or "1\u202f500,5" in page
    assert ">2026<" in page  # the year is not grouped by thousands
    shows_edit = edit_url(Target.objects.first()) in page
    assert shows_edit == (role == Role.COORDINATOR)
    assert (CREATE_URL in page) == (role == Role.COORDINATOR)


def test_list_refuses_staff_and_sends_anonymous_to_login(client, staff):
    client.force_login(staff)
    assert client.get(LIST_URL).status_code == 403
    client.logout()
    response = client.get(LIST_URL)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_list_shows_a_table_per_year_region_first(client, coordinator, vermandois):
    TargetFactory(year=2025, indicator="ideas_detected")
    TargetFactory(year=2026, territory=vermandois, indicator="ideas_detected")
    TargetFactory(year=2026, indicator="jobs_created")
    TargetFactory(year=2026, indicator="ideas_detected")
    client.force_login(coordinator)
    response = client.get(LIST_URL)
    rows = [(t.year, t.territory_id, t.indicator) for t in response.context["listing"].rows]
    assert rows == [
        (2026, None, "ideas_detected"),
        (2026, None, "jobs_created"),
        (2026, vermandois.pk, "ideas_detected"),
        (2025, None, "ideas_detected"),
    ]
    page = text(response)
    assert page.count("<table") == 2 and page.index(">2026<") < page.index(">2025<")


def test_list_filters_by_year_territory_region_and_indicator(client, partner, vermandois):
    TargetFactory(year=2025, indicator="ideas_detected")
    regional = TargetFactory(year=2026, indicator="ideas_detected")
    territorial = TargetFactory(year=2026, territory=vermandois, indicator="jobs_created")
    client.force_login(partner)

    def pks(**query):
        return {target.pk for target in client.get(LIST_URL, query).context["listing"].rows}

    assert pks(annee=2026) == {regional.pk, territorial.pk}
    assert pks(annee=2026, territoire="region") == {regional.pk}
    assert pks(territoire="vermandois") == {territorial.pk}
    assert pks(indicateur="jobs_created") == {territorial.pk}
    response = client.get(LIST_URL, {"territoire": "inconnu", "annee": "10000"})
    assert response.status_code == 200 and response.context["listing"].filterset.form.errors


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_budget_does_not_grow_with_rows(client, coordinator, django_assert_max_num_queries, count):
    indicators = [key for key, _label in Target.indicator.field.choices]
    for index in range(count):
        territory = EngagedTerritoryFactory() if index % 3 else None
        TargetFactory(year=2000 + index, territory=territory, indicator=indicators[index % len(indicators)])
    client.force_login(coordinator)
    with django_assert_max_num_queries(5):
        response = client.get(LIST_URL, {"territoire": "region"} if count == 3 else {})
    assert response.status_code == 200


# --- The form ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.REFERENT, Role.PARTNER, Role.STAFF])
def test_only_coordinators_set_targets(client, db, role):
    target = TargetFactory()
    client.force_login(UserFactory(role=role))
    for url in (CREATE_URL, edit_url(target)):
        assert client.get(url).status_code == 403
        assert client.post(url, {"year": 2026, "indicator": "jobs_created", "value": "3"}).status_code == 403
    assert Target.objects.count() == 1
    with pytest.raises(PermissionDenied):
        target_create(by=UserFactory(role=Role.REFERENT), year=2026, indicator="jobs_created", value=3)


def test_coordinator_sets_a_territory_target_typed_the_french_way(client, coordinator, vermandois):
    client.force_login(coordinator)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(
        CREATE_URL, {"year": "2026", "territory": vermandois.pk, "indicator": "funding_granted", "value": "12 500,5"}
    )
    assert response.status_code == 302 and response["Location"] == f"{LIST_URL}?annee=2026"
    target = Target.objects.get()
    assert target.value == Decimal("12500.5") and target.territory == vermandois
    assert target.history.get().history_user == coordinator


def test_a_second_target_for_the_same_year_scope_and_indicator_is_refused(client, coordinator, vermandois):
    TargetFactory(year=2026, indicator="jobs_created")
    TargetFactory(year=2026, territory=vermandois, indicator="jobs_created")
    client.force_login(coordinator)
    for territory in ("", vermandois.pk):
        response = client.post(
            CREATE_URL, {"year": "2026", "territory": territory, "indicator": "jobs_created", "value": "4"}
        )
        assert response.status_code == 200
        (error,) = response.context["form"].errors["indicator"]
        assert "existe déjà" in error and "2026" in error
    assert Target.objects.count() == 2
    # Another year, or the other scope, is a new target.
    assert client.post(CREATE_URL, {"year": "2027", "indicator": "jobs_created", "value": "4"}).status_code == 302


def test_service_refuses_a_duplicate_in_french(coordinator):
    TargetFactory(year=2026, indicator="ideas_detected")
    with pytest.raises(ValidationError) as refused:
        target_create(by=coordinator, year=2026, territory=None, indicator="ideas_detected", value=Decimal(3))
    assert "la région" in refused.value.message_dict["indicator"][0]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"year": "2026", "indicator": "jobs_created", "value": "-1"}, "value", "ne peut pas être négatif"),
        ({"year": "2026", "indicator": "jobs_created", "value": "beaucoup"}, "value", "Saisissez un nombre"),
        ({"year": "2026", "indicator": "jobs_created", "value": "1,25"}, "value", "un chiffre après la virgule"),
        ({"year": "2026", "indicator": "jobs_created", "value": ""}, "value", "obligatoire"),
        ({"year": "1800", "indicator": "jobs_created", "value": "1"}, "year", "entre 2000 et 2100"),
        ({"year": "2026", "indicator": "inconnu", "value": "1"}, "indicator", "Sélectionnez un choix valide"),
        ({"year": "2026", "indicator": "jobs_created", "value": "1", "territory": "999999"}, "territory", "valide"),
    ],
)
def test_target_bad_input_saves_nothing(client, coordinator, data, field, message):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Target.objects.exists()


def test_coordinator_edits_a_target(client, coordinator):
    target = TargetFactory(year=2026, indicator="jobs_created", value=10)
    client.force_login(coordinator)
    response = client.post(
        edit_url(target), {"year": "2026", "indicator": "jobs_created", "value": "14", "version": target.version}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 14 and target.version == 2


def test_editing_onto_another_targets_slot_is_refused(client, coordinator):
    TargetFactory(year=2026, indicator="jobs_created")
    target = TargetFactory(year=2026, indicator="ideas_detected")
    client.force_login(coordinator)
    response = client.post(
        edit_url(target), {"year": "2026", "indicator": "jobs_created", "value": "1", "version": target.version}
    )
    assert response.status_code == 200 and "existe déjà" in text(response)
    target.refresh_from_db()
    assert target.indicator == "ideas_detected"


def test_concurrent_target_edit_is_refused(client, coordinator):
    target = TargetFactory(year=2026, indicator="jobs_created", value=10)
    stale = target.version
    target_update(target=target, by=coordinator, expected_version=stale, value=Decimal(11))
    client.force_login(coordinator)
    response = client.post(
        edit_url(target), {"year": "2026", "indicator": "jobs_created", "value": "99", "version": stale}
    )
    assert response.status_code == 200 and str(CONCURRENT_EDIT_MESSAGE) in text(response)
    target.refresh_from_db()
    assert target.value == 11
