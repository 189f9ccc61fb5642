"""The actors directory: list, filters, export, detail (contacts guarded), create and edit, per role."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from territories.models import Actor, Commune, LegalCategory

from ..helpers import response_bytes, text
from .factories import ActorFactory, ContactFactory, CooperationFactory, EngagedTerritoryFactory

pytestmark = pytest.mark.django_db

LIST_BUDGET = 6
DETAIL_BUDGET = 11  # the change history included


@pytest.fixture
def contacts(own_actor, other_actor):
    """A contact person of each actor: the personal data the directory guards."""
    return [
        ContactFactory(actor=own_actor, name="Camille Lefèvre", email="camille@recyclerie.fr", phone="03 44 00 11 22"),
        ContactFactory(actor=other_actor, name="Sacha Dupuis", email="sacha@garage.fr", phone="03 23 00 11 22"),
    ]


def actor_data(**overrides):
    data = {
        "name": "Épicerie solidaire de Nogent",
        "kind": Actor.Kind.ASSOCIATION,
        "siret": "732 829 320 00074",
        "legal_category": "9220",
        "is_scic": "",
        "esus_approved": "on",
        "esus_end_date": "2030-06-30",
        "town_text": "",
        "website": "https://epicerie.exemple.fr",
        "description": "Une épicerie solidaire.",
        "territories": [],
        # The version an edit form was opened on; a creation form ignores it.
        "version": 1,
    }
    data.update(overrides)
    return data


# List


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_readers_see_the_directory(client, request, role, own_actor, other_actor, contacts):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("actor_list"))
    assert response.status_code == 200
    page = text(response)
    assert "Recyclerie du Beauvaisis" in page and "Garage solidaire d'Amiens" in page
    # Contact persons never appear in the list, for anyone.
    assert "camille@recyclerie.fr" not in page and "Camille Lefèvre" not in page


def test_staff_and_anonymous_do_not_see_the_directory(client, staff):
    response = client.get(reverse("actor_list"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    client.force_login(staff)
    assert client.get(reverse("actor_list")).status_code == 403


def test_only_editors_see_the_create_button_and_only_coordinators_the_import(client, coordinator, referent, partner):
    create, importer = reverse("actor_create"), reverse("actor_import")
    client.force_login(coordinator)
    page = text(client.get(reverse("actor_list")))
    assert create in page and importer in page
    client.force_login(referent)
    page = text(client.get(reverse("actor_list")))
    assert create in page and importer not in page
    client.force_login(partner)
    page = text(client.get(reverse("actor_list")))
    assert create not in page and importer not in page


def names(response):
    return [actor.name for actor in response.context["listing"].rows]


def test_filters_by_kind_category_scic_esus_territory_and_text(client, coordinator, own_territory):
    today = datetime.date.today()
    scop = ActorFactory(
        name="Scop du bâtiment", kind=Actor.Kind.ESS_ENTERPRISE, legal_category="5458", siret="732829320"
    )
    scic = ActorFactory(name="Scic mobilité", kind=Actor.Kind.ESS_ENTERPRISE, is_scic=True)
    esus_current = ActorFactory(
        name="Esus valide",
        kind=Actor.Kind.ASSOCIATION,
        esus_approved=True,
        esus_end_date=today + datetime.timedelta(days=30),
    )
    esus_expired = ActorFactory(
        name="Esus expiré",
        kind=Actor.Kind.ASSOCIATION,
        esus_approved=True,
        esus_end_date=today - datetime.timedelta(days=1),
    )
    scic.territories.add(own_territory)
    client.force_login(coordinator)
    url = reverse("actor_list")
    assert set(names(client.get(url, {"type": "ess_enterprise"}))) == {scop.name, scic.name}
    assert names(client.get(url, {"categorie": "5458"})) == [scop.name]
    assert names(client.get(url, {"scic": "oui"})) == [scic.name]
    assert names(client.get(url, {"esus": "valide"})) == [esus_current.name]
    assert names(client.get(url, {"esus": "expire"})) == [esus_expired.name]
    assert esus_current.name not in names(client.get(url, {"esus": "non"}))
    assert names(client.get(url, {"territoire": "beauvaisis"})) == [scic.name]
    assert names(client.get(url, {"q": "bâtiment"})) == [scop.name]
    assert names(client.get(url, {"q": "73282932"})) == [scop.name]


def test_sorting_and_pagination(client, coordinator):
    for index in range(30):
        ActorFactory(name=f"Acteur {index:02d}")
    client.force_login(coordinator)
    url = reverse("actor_list")
    first_page = client.get(url, {"tri": "-nom"})
    assert len(names(first_page)) == 25
    assert names(first_page) == sorted(names(first_page), reverse=True)
    assert names(first_page)[:2] == ["CRESS de test", "Acteur 29"]
    second_page = client.get(url, {"tri": "nom", "page": 2})
    assert second_page.context["listing"].page.number == 2
    assert "Page 2 sur 2" in text(second_page)
    assert "tri=nom" in second_page.context["listing"].query_without_page


def test_xlsx_export_holds_the_filtered_rows_and_no_contacts(client, coordinator, own_actor, other_actor, contacts):
    client.force_login(coordinator)
    response = client.get(reverse("actor_list"), {"territoire": "beauvaisis", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="acteurs-')
    sheet = load_workbook(io.BytesIO(response_bytes(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nom" and "Territoires d’activité" in rows[0]
    assert [row[0] for row in rows[1:]] == ["Recyclerie du Beauvaisis"]
    flat = " ".join(str(value) for row in rows for value in row)
    assert "camille@recyclerie.fr" not in flat and "Camille" not in flat


def test_csv_export_is_for_french_excel(client, partner, own_actor, other_actor, contacts):
    client.force_login(partner)
    response = client.get(reverse("actor_list"), {"export": "csv", "q": "Garage"})
    assert response.status_code == 200
    body = response_bytes(response).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:2] == ["Nom", "Type d’acteur"]
    assert [row[0] for row in rows[1:]] == ["Garage solidaire d'Amiens"]
    assert "sacha@garage.fr" not in body and "Sacha" not in body


def fill_directory(count):
    territory = EngagedTerritoryFactory()
    for index in range(count):
        actor = ActorFactory(name=f"Acteur rempli {index}", legal_category="9220")
        actor.territories.add(territory, EngagedTerritoryFactory())


@pytest.mark.parametrize("count", [30, 3])
def test_list_query_budget_does_not_grow_with_rows(client, coordinator, django_assert_max_num_queries, count):
    fill_directory(count)
    client.force_login(coordinator)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(reverse("actor_list"), {"type": "referent"})
    assert response.status_code == 200


# Detail


def test_detail_shows_every_field(client, partner, official_territories, own_territory):
    nogent = Commune.objects.get(code="60463")
    actor = ActorFactory(
        name="Coopérative d’habitants",
        kind=Actor.Kind.ESS_ENTERPRISE,
        siret="73282932000074",
        legal_category=LegalCategory.SCOP_SARL,
        is_scic=True,
        esus_approved=True,
        esus_end_date=datetime.date(2020, 12, 31),
        town=nogent,
        website="https://cooperative.exemple.fr",
    )
    actor.territories.add(own_territory)
    partner_actor = ActorFactory(name="Bailleur social")
    CooperationFactory(title="Chantier partagé", territory=own_territory, actors=[actor, partner_actor])
    client.force_login(partner)
    response = client.get(reverse("actor_detail", kwargs={"actor": actor.pk}))
    assert response.status_code == 200
    page = text(response)
    for expected in [
        "Coopérative d’habitants",
        "Entreprise de l’ESS",
        "73282932000074",
        "5458 — SARL coopérative ouvrière de production (SCOP)",
        "agréé jusqu’au 31/12/2020",
        "expiré",
        "Nogent-sur-Oise (code INSEE 60463)",
        'href="https://cooperative.exemple.fr"',
        "Beauvaisis",
        "Chantier partagé",
        "Bailleur social",
    ]:
        assert expected in page, expected
    assert '<dd class="col-sm-8">oui</dd>' in response.content.decode()  # SCIC


def test_detail_of_a_current_esus_approval_is_not_expired(client, coordinator):
    actor = ActorFactory(
        name="Esus en cours", esus_approved=True, esus_end_date=datetime.date.today() + datetime.timedelta(days=1)
    )
    client.force_login(coordinator)
    response = client.get(reverse("actor_detail", kwargs={"actor": actor.pk}))
    assert response.context["esus_expired"] is False
    assert "expiré" not in text(response)


def test_coordinator_sees_contacts(client, coordinator, own_actor, contacts):
    client.force_login(coordinator)
    page = text(client.get(reverse("actor_detail", kwargs={"actor": own_actor.pk})))
    assert "Camille Lefèvre" in page and "camille@recyclerie.fr" in page and "03 44 00 11 22" in page
    assert reverse("contact_create", kwargs={"actor": own_actor.pk}) in page


def test_referent_of_the_actors_territory_sees_contacts(client, referent, own_actor, contacts):
    client.force_login(referent)
    page = text(client.get(reverse("actor_detail", kwargs={"actor": own_actor.pk})))
    assert "Camille Lefèvre" in page and "camille@recyclerie.fr" in page and "03 44 00 11 22" in page
    assert reverse("actor_edit", kwargs={"actor": own_actor.pk}) in page


def test_referent_of_another_territory_does_not_see_contacts(client, referent, own_actor, other_actor, contacts):
    client.force_login(referent)
    response = client.get(reverse("actor_detail", kwargs={"actor": other_actor.pk}))
    assert response.status_code == 200
    page = text(response)
    assert "Garage solidaire d'Amiens" in page
    assert "Sacha Dupuis" not in page and "sacha@garage.fr" not in page and "03 23 00 11 22" not in page
    assert reverse("actor_edit", kwargs={"actor": other_actor.pk}) not in page
    assert "seuls les coordinateur·rices CRESS et les référents des territoires" in page


def test_partner_does_not_see_contacts(client, partner, own_actor, contacts):
    client.force_login(partner)
    response = client.get(reverse("actor_detail", kwargs={"actor": own_actor.pk}))
    assert response.status_code == 200
    page = text(response)
    assert "Camille Lefèvre" not in page and "camille@recyclerie.fr" not in page and "03 44 00 11 22" not in page
    assert response.context["contacts"] == []


def test_staff_and_anonymous_cannot_open_a_detail(client, staff, own_actor):
    url = reverse("actor_detail", kwargs={"actor": own_actor.pk})
    assert "/comptes/login/" in client.get(url)["Location"]
    client.force_login(staff)
    assert client.get(url).status_code == 403


def test_unknown_actor_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("actor_detail", kwargs={"actor": 999999})).status_code == 404


def fill_actor(actor, territory, count):
    for index in range(count):
        ContactFactory(actor=actor)
        actor.territories.add(EngagedTerritoryFactory())
        CooperationFactory(territory=territory, actors=[actor, ActorFactory(name=f"Partenaire {index}")])


@pytest.mark.parametrize("count", [30, 3])
def test_detail_query_budget_does_not_grow(
    client, referent, own_actor, own_territory, django_assert_max_num_queries, count, contacts
):
    fill_actor(own_actor, own_territory, count)
    client.force_login(referent)
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(reverse("actor_detail", kwargs={"actor": own_actor.pk}))
    assert response.status_code == 200
    assert len(response.context["contacts"]) == count + 1


# Create


def test_coordinator_creates_an_actor_with_town_by_insee_code(client, coordinator, official_territories, own_territory):
    client.force_login(coordinator)
    response = client.post(reverse("actor_create"), actor_data(town_text="60463", territories=[own_territory.pk]))
    actor = Actor.objects.get(name="Épicerie solidaire de Nogent")
    assert response.status_code == 302 and response["Location"] == reverse("actor_detail", kwargs={"actor": actor.pk})
    assert actor.town.code == "60463" and actor.town.name == "Nogent-sur-Oise"
    assert actor.siret == "73282932000074"
    assert actor.legal_category == "9220" and actor.esus_approved
    assert actor.esus_end_date == datetime.date(2030, 6, 30)
    assert list(actor.territories.all()) == [own_territory]


def test_town_may_be_given_by_its_name(client, coordinator, official_territories):
    client.force_login(coordinator)
    response = client.post(reverse("actor_create"), actor_data(town_text="nogent-sur-oise"))
    assert response.status_code == 302
    assert Actor.objects.get(name="Épicerie solidaire de Nogent").town.code == "60463"


def test_form_offers_checkboxes_of_engaged_territories(client, coordinator, own_territory, other_territory):
    client.force_login(coordinator)
    page = text(client.get(reverse("actor_create")))
    assert 'type="checkbox" name="territories"' in page
    assert "Beauvaisis" in page and "Amiens Métropole" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"siret": "73282932000075"},
            "siret",
            "Le numéro « 73282932000075 » n’est pas valide : sa clé de contrôle (Luhn) est fausse.",
        ),
        ({"siret": "12345"}, "siret", "Un SIREN compte 9 chiffres et un SIRET 14 chiffres (« 12345 »)."),
        ({"town_text": "99999"}, "town_text", "Aucune commune ne porte le code INSEE « 99999 »."),
        (
            {"town_text": "Atlantide"},
            "town_text",
            "Aucune commune ne s’appelle « Atlantide » : saisissez son code INSEE (ex. 60463).",
        ),
        (
            {"esus_approved": "", "esus_end_date": "2030-06-30"},
            "esus_end_date",
            "Une date de fin d’agrément ESUS suppose l’agrément : cochez « agrément ESUS » ou effacez la date.",
        ),
        ({"name": ""}, "name", "Ce champ est obligatoire."),
        ({"website": "pas une adresse"}, "website", "Saisissez une URL valide."),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_saved(
    client, coordinator, official_territories, overrides, field, message
):
    client.force_login(coordinator)
    before = Actor.objects.count()
    response = client.post(reverse("actor_create"), actor_data(**overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in text(response)
    assert Actor.objects.count() == before


def test_duplicate_name_is_refused(client, coordinator):
    ActorFactory(name="Épicerie solidaire de Nogent")
    client.force_login(coordinator)
    before = Actor.objects.count()
    response = client.post(reverse("actor_create"), actor_data())
    assert "Un acteur porte déjà ce nom." in text(response)
    assert Actor.objects.count() == before


def test_referent_creates_an_actor_in_their_territory(client, referent, own_territory, other_territory):
    client.force_login(referent)
    form = client.get(reverse("actor_create")).context["form"]
    assert form.initial["territories"] == [own_territory.pk]
    # Only their own territories are offered: another territory's is its referent's to decide (see
    # test_shared_records.py), and an actor within their territories stays theirs to edit.
    assert list(form.fields["territories"].queryset) == [own_territory]
    response = client.post(reverse("actor_create"), actor_data(territories=[own_territory.pk]))
    assert response.status_code == 302
    actor = Actor.objects.get(name="Épicerie solidaire de Nogent")
    assert set(actor.territories.all()) == {own_territory}
    assert referent.has_perm("territories.change_actor", actor)


@pytest.mark.parametrize(
    ("territories", "message"),
    [
        (
            [],
            "Cochez au moins un des territoires dont votre structure est l’acteur référent : "
            "sans lui, vous ne pourriez plus modifier cet acteur.",
        ),
        (
            "other",
            "Vous ne pouvez ajouter ou retirer que les territoires dont votre structure est l’acteur référent.",
        ),
    ],
)
def test_referent_must_keep_one_of_their_territories(
    client, referent, own_territory, other_territory, territories, message
):
    client.force_login(referent)
    chosen = [other_territory.pk] if territories == "other" else []
    before = Actor.objects.count()
    response = client.post(reverse("actor_create"), actor_data(territories=chosen))
    assert response.status_code == 200
    assert message in text(response)
    assert Actor.objects.count() == before


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_partner_and_staff_cannot_create(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("actor_create")).status_code == 403
    before = Actor.objects.count()
    assert client.post(reverse("actor_create"), actor_data()).status_code == 403
    assert Actor.objects.count() == before


def test_anonymous_is_sent_to_login_from_create(client):
    response = client.post(reverse("actor_create"), actor_data())
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not Actor.objects.filter(name="Épicerie solidaire de Nogent").exists()


# Edit


def test_edit_form_shows_the_town_with_its_code(client, coordinator, official_territories, own_actor):
    own_actor.town = Commune.objects.get(code="60463")
    own_actor.save()
    client.force_login(coordinator)
    response = client.get(reverse("actor_edit", kwargs={"actor": own_actor.pk}))
    assert response.context["form"]["town_text"].value() == "Nogent-sur-Oise (60463)"
    # Sent back as shown, it is understood.
    data = actor_data(name=own_actor.name, town_text="Nogent-sur-Oise (60463)", territories=[])
    assert client.post(reverse("actor_edit", kwargs={"actor": own_actor.pk}), data).status_code == 302
    own_actor.refresh_from_db()
    assert own_actor.town.code == "60463"


def test_referent_edits_an_actor_of_their_territory(client, referent, own_actor, own_territory):
    client.force_login(referent)
    url = reverse("actor_edit", kwargs={"actor": own_actor.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, actor_data(name="Recyclerie (nouveau nom)", territories=[own_territory.pk]))
    assert response.status_code == 302
    own_actor.refresh_from_db()
    assert own_actor.name == "Recyclerie (nouveau nom)" and own_actor.siret == "73282932000074"


def test_referent_cannot_drop_their_own_territory_from_an_actor(client, referent, own_actor, other_territory):
    client.force_login(referent)
    response = client.post(
        reverse("actor_edit", kwargs={"actor": own_actor.pk}),
        actor_data(name="Recyclerie déplacée", territories=[other_territory.pk]),
    )
    assert response.status_code == 200
    assert "Vous ne pouvez ajouter ou retirer que les territoires" in text(response)
    own_actor.refresh_from_db()
    assert own_actor.name == "Recyclerie du Beauvaisis"


def test_referent_edits_their_own_organisation_without_territories(client, referent):
    client.force_login(referent)
    organisation = referent.organisation
    response = client.post(
        reverse("actor_edit", kwargs={"actor": organisation.pk}),
        actor_data(name=organisation.name, kind=Actor.Kind.REFERENT, territories=[]),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.siret == "73282932000074"


def test_referent_cannot_edit_an_actor_of_another_territory(client, referent, other_actor):
    client.force_login(referent)
    url = reverse("actor_edit", kwargs={"actor": other_actor.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, actor_data(name="Détourné")).status_code == 403
    other_actor.refresh_from_db()
    assert other_actor.name == "Garage solidaire d'Amiens"


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_partner_and_staff_cannot_edit(client, request, role, own_actor):
    client.force_login(request.getfixturevalue(role))
    url = reverse("actor_edit", kwargs={"actor": own_actor.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, actor_data(name="Détourné")).status_code == 403
    own_actor.refresh_from_db()
    assert own_actor.name == "Recyclerie du Beauvaisis"


def test_edit_bad_input_saves_nothing(client, coordinator, own_actor):
    client.force_login(coordinator)
    response = client.post(
        reverse("actor_edit", kwargs={"actor": own_actor.pk}),
        actor_data(name="Nouveau nom", siret="732829321"),
    )
    assert "Le numéro « 732829321 » n’est pas valide : sa clé de contrôle (Luhn) est fausse." in text(response)
    own_actor.refresh_from_db()
    assert own_actor.name == "Recyclerie du Beauvaisis" and own_actor.siret == ""
