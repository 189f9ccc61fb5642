"""Creating and editing engaged territories: perimeter from the real official data, status rules, versions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from core.versioning import CONCURRENT_EDIT_MESSAGE, ConcurrentEditError
from territories.models import Actor, Commune, EngagedTerritory
from territories.services.engaged import territory_create, territory_update

from ..fabrique.factories import UserFactory
from ..helpers import text
from .factories import ActorFactory, EngagedTerritoryFactory

AMIENS_METROPOLE = "248000531"
AMIENS = "80021"
NOGENT_SUR_OISE = "60463"
ACTIVE_REFUSED = "Un territoire ne peut devenir actif sans collectivité motrice ni acteur référent."
TODAY = datetime.date(2026, 5, 4)


def save(territory=None, codes=(), **fields):
    fields.setdefault("name", "Territoire d’essai")
    fields.setdefault("status", "candidate")
    if territory is None or territory.pk is None:
        fields.pop("expected_version", None)
        return territory_create(by=None, perimeter_codes=list(codes), **fields)
    return territory_update(
        territory=territory,
        by=None,
        perimeter_codes=list(codes),
        expected_version=fields.pop("expected_version", territory.version),
        **fields,
    )


def form_data(**overrides):
    data = {
        "name": "Sud de l’Aisne",
        "perimeter": "",
        "driving_authority": "",
        "referent_actor": "",
        "status": "candidate",
        "application_date": "",
        "selection_date": "",
        "launch_date": "",
        "agreement_signed_date": "",
        "closing_date": "",
        "description": "",
        "version": "",
    }
    data.update(overrides)
    return data


def edit_data(territory, **overrides):
    data = form_data(
        name=territory.name,
        perimeter=", ".join([e.siren for e in territory.epcis.all()] + [c.code for c in territory.communes.all()]),
        driving_authority=territory.driving_authority_id or "",
        referent_actor=territory.referent_actor_id or "",
        status=territory.status,
        version=territory.version,
    )
    data.update(overrides)
    return data


# --- Access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [(Role.COORDINATOR, 200), (Role.REFERENT, 403), (Role.PARTNER, 403), (Role.STAFF, 403)],
)
def test_create_page_per_role(client, db, role, expected):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("territory_create"))
    assert response.status_code == expected
    if expected == 200:
        assert "Nouveau territoire d’expérimentation" in text(response)


def test_create_page_sends_anonymous_to_login(client, db):
    response = client.get(reverse("territory_create"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_edit_is_for_coordinators_only_even_the_territorys_referent(client, coordinator, referent, partner, staff):
    territory = EngagedTerritoryFactory(referent_actor=referent.organisation)
    url = reverse("territory_edit", kwargs={"territory": territory.slug})
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    for user in (referent, partner, staff):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(referent)
    response = client.post(url, edit_data(territory, name="Renommé par le référent"))
    assert response.status_code == 403
    territory.refresh_from_db()
    assert territory.name != "Renommé par le référent"
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_referent_cannot_create_by_posting(client, referent):
    client.force_login(referent)
    response = client.post(reverse("territory_create"), form_data(perimeter="60463"))
    assert response.status_code == 403
    assert EngagedTerritory.objects.count() == 0


def test_the_form_loads_the_perimeter_script_and_keeps_the_search_box_hidden_without_js(client, coordinator):
    client.force_login(coordinator)
    page = text(client.get(reverse("territory_create")))
    assert "/static/territories/perimeter.js" in page
    assert 'id="perimeter-search"' in page and "hidden>" in page.split('id="perimeter-search"')[1].split("\n")[0]
    assert 'data-search-url="' + reverse("perimeter_search") + '"' in page
    assert 'name="perimeter"' in page


# --- Perimeter from the official data ----------------------------------------------------------------


def test_an_epci_brings_all_its_member_communes_and_their_population(official_territories):
    territory = save(codes=[AMIENS_METROPOLE])
    members = Commune.objects.filter(epci__siren=AMIENS_METROPOLE)
    assert territory.commune_count == 39
    assert territory.population == members.aggregate(total=Sum("population"))["total"] > 150_000
    assert list(territory.epcis.values_list("siren", flat=True)) == [AMIENS_METROPOLE]


def test_a_commune_already_in_a_chosen_epci_is_counted_once(official_territories):
    with_epci = save(codes=[AMIENS_METROPOLE], name="Amiens Métropole")
    both = save(codes=[AMIENS_METROPOLE, AMIENS], name="Amiens Métropole et Amiens")
    assert both.commune_count == with_epci.commune_count == 39
    assert both.population == with_epci.population
    assert list(both.communes.values_list("code", flat=True)) == [AMIENS]


def test_one_town_gives_its_own_population(official_territories):
    territory = save(codes=[NOGENT_SUR_OISE], name="Nogent-sur-Oise")
    nogent = Commune.objects.get(code=NOGENT_SUR_OISE)
    assert nogent.name == "Nogent-sur-Oise"
    assert territory.commune_count == 1
    assert territory.population == nogent.population > 15_000


def test_two_epci_and_an_outside_commune_add_up(official_territories):
    territory = save(codes=["200072031", "240200584", NOGENT_SUR_OISE], name="Sud de l’Aisne et Nogent")
    members = Commune.objects.filter(epci__siren__in=["200072031", "240200584"])
    nogent = Commune.objects.get(code=NOGENT_SUR_OISE)
    assert territory.commune_count == members.count() + 1
    assert territory.population == members.aggregate(total=Sum("population"))["total"] + nogent.population


def test_create_through_the_page(client, coordinator, official_territories):
    authority = ActorFactory(name="Amiens Métropole (collectivité)", kind=Actor.Kind.LOCAL_AUTHORITY)
    referent_actor = ActorFactory(name="BGE Picardie")
    client.force_login(coordinator)
    response = client.post(
        reverse("territory_create"),
        form_data(
            name="Amiens Métropole",
            perimeter=f"{AMIENS_METROPOLE}  {AMIENS.lower()};",
            driving_authority=authority.pk,
            referent_actor=referent_actor.pk,
            status="engaged",
            application_date="2026-01-15",
            description="Pilote de 2012.",
        ),
    )
    territory = EngagedTerritory.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("territory_detail", kwargs={"territory": "amiens-metropole"})
    assert territory.slug == "amiens-metropole"
    assert territory.commune_count == 39
    assert territory.driving_authority == authority and territory.referent_actor == referent_actor
    assert territory.application_date == datetime.date(2026, 1, 15)
    assert territory.version == 1


def test_edit_form_shows_the_current_perimeter_codes(client, coordinator, official_territories):
    territory = save(codes=[AMIENS_METROPOLE, NOGENT_SUR_OISE])
    client.force_login(coordinator)
    page = text(client.get(reverse("territory_edit", kwargs={"territory": territory.slug})))
    assert f"{AMIENS_METROPOLE}, {NOGENT_SUR_OISE}</textarea>" in page
    assert f'name="version" value="{territory.version}"' in page


# --- Bad input ------------------------------------------------------------------------------------------


def test_unknown_and_malformed_codes_are_named_and_nothing_is_saved(client, coordinator, official_territories):
    client.force_login(coordinator)
    response = client.post(
        reverse("territory_create"), form_data(perimeter=f"{NOGENT_SUR_OISE}, 999999999, 80999 amiens")
    )
    assert response.status_code == 200
    assert (
        "Codes inconnus dans les données officielles : 999999999, 80999, AMIENS. Un EPCI se désigne par son SIREN "
        "(9 chiffres), une commune par son code INSEE (5 caractères, par exemple 60463 ou 2A004)."
    ) in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert EngagedTerritory.objects.count() == 0


def test_the_service_itself_refuses_unknown_codes(official_territories):
    with pytest.raises(ValidationError) as caught:
        save(codes=[NOGENT_SUR_OISE, "2A004"])
    assert caught.value.message_dict["perimeter"][0].startswith("Codes inconnus dans les données officielles : 2A004.")
    assert EngagedTerritory.objects.count() == 0


def test_an_empty_perimeter_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("territory_create"), form_data(perimeter=" , ; "))
    assert "Indiquez au moins un EPCI ou une commune." in text(response)
    assert EngagedTerritory.objects.count() == 0


def test_a_taken_name_is_refused(client, coordinator, official_territories):
    EngagedTerritoryFactory(name="Sud de l’Aisne")
    client.force_login(coordinator)
    response = client.post(reverse("territory_create"), form_data(perimeter=NOGENT_SUR_OISE))
    assert "Un objet Territoire d’expérimentation avec ce champ Nom existe déjà." in text(response)
    assert EngagedTerritory.objects.count() == 1


def test_a_missing_name_is_refused(client, coordinator, official_territories):
    client.force_login(coordinator)
    response = client.post(reverse("territory_create"), form_data(name="", perimeter=NOGENT_SUR_OISE))
    assert "Ce champ est obligatoire." in text(response)
    assert EngagedTerritory.objects.count() == 0


def test_the_page_refuses_an_active_territory_without_authority(client, coordinator, official_territories):
    client.force_login(coordinator)
    response = client.post(
        reverse("territory_create"),
        form_data(perimeter=NOGENT_SUR_OISE, status="active", referent_actor=ActorFactory().pk),
    )
    assert ACTIVE_REFUSED in text(response)
    assert EngagedTerritory.objects.count() == 0


def test_the_service_itself_refuses_an_active_territory_without_authority_or_referent(official_territories):
    with pytest.raises(ValidationError) as caught:
        save(codes=[NOGENT_SUR_OISE], status="active", referent_actor=ActorFactory())
    assert ACTIVE_REFUSED in caught.value.messages
    assert EngagedTerritory.objects.count() == 0

    territory = save(codes=[NOGENT_SUR_OISE], status="engaged", driving_authority=ActorFactory())
    with pytest.raises(ValidationError) as caught:
        save(territory, codes=[NOGENT_SUR_OISE], status="active", driving_authority=territory.driving_authority)
    assert ACTIVE_REFUSED in caught.value.messages
    stored = EngagedTerritory.objects.get(pk=territory.pk)
    assert stored.status == "engaged" and stored.launch_date is None and stored.version == 1


def test_an_active_territory_with_both_is_accepted(official_territories):
    territory = save(
        codes=[NOGENT_SUR_OISE],
        status="active",
        driving_authority=ActorFactory(),
        referent_actor=ActorFactory(),
        today=TODAY,
    )
    assert territory.status == "active" and territory.launch_date == TODAY


# --- Versions -------------------------------------------------------------------------------------------


def test_a_concurrent_edit_is_refused_and_nothing_saved(client, coordinator, official_territories):
    territory = save(codes=[NOGENT_SUR_OISE], name="Nogent-sur-Oise")
    client.force_login(coordinator)
    url = reverse("territory_edit", kwargs={"territory": territory.slug})
    stale = edit_data(territory, name="Nogent (ma version)", perimeter=f"{NOGENT_SUR_OISE} {AMIENS}")
    # Someone else saves in between.
    save(EngagedTerritory.objects.get(pk=territory.pk), codes=[NOGENT_SUR_OISE], name="Nogent (leur version)")
    response = client.post(url, stale)
    assert response.status_code == 200
    assert str(CONCURRENT_EDIT_MESSAGE) in text(response)
    stored = EngagedTerritory.objects.get(pk=territory.pk)
    assert stored.name == "Nogent (leur version)" and stored.version == 2
    assert list(stored.communes.values_list("code", flat=True)) == [NOGENT_SUR_OISE]


def test_the_service_refuses_a_stale_version(official_territories):
    territory = save(codes=[NOGENT_SUR_OISE])
    save(EngagedTerritory.objects.get(pk=territory.pk), codes=[NOGENT_SUR_OISE], description="Première")
    with pytest.raises(ConcurrentEditError):
        save(territory, codes=[NOGENT_SUR_OISE, AMIENS], description="Seconde", expected_version=1)
    stored = EngagedTerritory.objects.get(pk=territory.pk)
    assert stored.description == "Première" and stored.commune_count == 1


def test_a_missing_version_is_refused(client, coordinator, official_territories):
    territory = save(codes=[NOGENT_SUR_OISE])
    client.force_login(coordinator)
    response = client.post(
        reverse("territory_edit", kwargs={"territory": territory.slug}),
        edit_data(territory, name="Sans version", version=""),
    )
    assert "La version de la fiche manque : rechargez la page, puis refaites votre saisie." in text(response)
    assert EngagedTerritory.objects.get(pk=territory.pk).name != "Sans version"


def test_edit_through_the_page_changes_the_perimeter_and_keeps_the_slug(client, coordinator, official_territories):
    territory = save(codes=[NOGENT_SUR_OISE], name="Nogent-sur-Oise")
    client.force_login(coordinator)
    response = client.post(
        reverse("territory_edit", kwargs={"territory": territory.slug}),
        edit_data(territory, name="Nogent et Amiens Métropole", perimeter=f"{NOGENT_SUR_OISE}, {AMIENS_METROPOLE}"),
    )
    assert response.status_code == 302
    stored = EngagedTerritory.objects.get(pk=territory.pk)
    assert stored.slug == "nogent-sur-oise" and stored.name == "Nogent et Amiens Métropole"
    assert stored.commune_count == 40 and stored.version == 2
    detail = text(client.get(reverse("territory_detail", kwargs={"territory": stored.slug})))
    assert "Nogent-sur-Oise → Nogent et Amiens Métropole" in detail


# --- Status dates and slugs -----------------------------------------------------------------------------


def test_moving_status_fills_an_empty_date_with_today_and_keeps_a_given_one(official_territories):
    authority, referent_actor = ActorFactory(), ActorFactory()
    territory = save(codes=[NOGENT_SUR_OISE], today=TODAY)
    assert (territory.application_date, territory.selection_date) == (None, None)

    given = datetime.date(2026, 2, 1)
    territory = save(territory, codes=[NOGENT_SUR_OISE], status="engaged", selection_date=given, today=TODAY)
    assert territory.selection_date == given

    territory = save(
        territory,
        codes=[NOGENT_SUR_OISE],
        status="active",
        selection_date=given,
        driving_authority=authority,
        referent_actor=referent_actor,
        today=TODAY,
    )
    assert territory.launch_date == TODAY and territory.selection_date == given

    territory = save(
        territory,
        codes=[NOGENT_SUR_OISE],
        status="closed",
        selection_date=given,
        launch_date=TODAY,
        driving_authority=authority,
        referent_actor=referent_actor,
        today=datetime.date(2026, 12, 31),
    )
    stored = EngagedTerritory.objects.get(pk=territory.pk)
    assert stored.closing_date == datetime.date(2026, 12, 31)
    assert (stored.selection_date, stored.launch_date) == (given, TODAY)


def test_a_new_engaged_territory_gets_its_selection_date(official_territories):
    territory = save(codes=[NOGENT_SUR_OISE], status="engaged", today=TODAY)
    assert territory.selection_date == TODAY


def test_saving_without_a_status_change_does_not_fill_dates(official_territories):
    territory = save(codes=[NOGENT_SUR_OISE], status="engaged", selection_date=datetime.date(2026, 1, 2))
    territory = save(territory, codes=[NOGENT_SUR_OISE], status="engaged", selection_date=None, today=TODAY)
    assert EngagedTerritory.objects.get(pk=territory.pk).selection_date is None


def test_slugs_are_unique_and_avoid_url_words(official_territories):
    first = save(codes=[NOGENT_SUR_OISE], name="Pays du Vermandois")
    second = save(codes=[NOGENT_SUR_OISE], name="Pays du Vermandois !")
    reserved = save(codes=[NOGENT_SUR_OISE], name="Nouveau")
    assert (first.slug, second.slug, reserved.slug) == ("pays-du-vermandois", "pays-du-vermandois-2", "nouveau-2")


# --- Perimeter picker, without JavaScript -------------------------------------------------------------


def test_without_javascript_the_codes_are_the_field_and_a_refused_form_names_the_places(
    client, coordinator, official_territories
):
    client.force_login(coordinator)
    # The codes as typed in the field: any separator, any case; the form fails on its name only.
    response = client.post(
        reverse("territory_create"), form_data(name="", perimeter=f"{AMIENS_METROPOLE} ;{NOGENT_SUR_OISE}, 2a999")
    )
    page = text(response)
    assert 'name="perimeter"' in page and f"{AMIENS_METROPOLE} ;{NOGENT_SUR_OISE}, 2a999</textarea>" in page
    # The picker (shown by the script) lists the places by name, code and kind, each with its remove button.
    chosen = page.split('id="perimeter-chosen"')[1].split("</ul>")[0]
    assert f"CA Amiens Métropole ({AMIENS_METROPOLE}) — EPCI" in chosen
    assert f"Nogent-sur-Oise ({NOGENT_SUR_OISE}) — commune" in chosen
    assert "Code inconnu\u00a0: 2A999" in chosen
    assert 'Retirer<span class="visually-hidden" data-perimeter-button-name> Nogent-sur-Oise</span>' in chosen
    assert chosen.count('<button type="button"') == 3
    assert EngagedTerritory.objects.count() == 0


def test_the_codes_typed_without_javascript_are_saved(client, coordinator, official_territories):
    client.force_login(coordinator)
    client.post(reverse("territory_create"), form_data(perimeter=f"{AMIENS_METROPOLE}\n{NOGENT_SUR_OISE.lower()}"))
    territory = EngagedTerritory.objects.get()
    assert [epci.siren for epci in territory.epcis.all()] == [AMIENS_METROPOLE]
    assert [commune.code for commune in territory.communes.all()] == [NOGENT_SUR_OISE]


# --- Dates against the status -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "field", "label", "reached"),
    [
        ("candidate", "selection_date", "Date de sélection", "engagé"),
        ("candidate", "agreement_signed_date", "Convention de partenariat signée le", "engagé"),
        ("engaged", "launch_date", "Date de lancement", "actif"),
        ("active", "closing_date", "Date de clôture", "clos"),
    ],
)
def test_a_date_of_a_status_not_reached_is_refused(
    client, coordinator, official_territories, status, field, label, reached
):
    client.force_login(coordinator)
    authorities = {"driving_authority": ActorFactory().pk, "referent_actor": ActorFactory().pk}
    data = form_data(perimeter=NOGENT_SUR_OISE, status=status, **authorities, **{field: "15/03/2026"})
    response = client.post(reverse("territory_create"), data)
    message = response.context["form"].errors[field][0]
    assert message.startswith(f"«\u00a0{label}\u00a0» est rempli alors que le territoire est «\u00a0")
    assert f"choisissez au moins le statut «\u00a0{reached}\u00a0» ou effacez cette date." in message
    assert EngagedTerritory.objects.count() == 0


def test_territory_dates_are_french_and_not_in_the_future(client, coordinator, official_territories):
    client.force_login(coordinator)
    later = timezone.localdate() + datetime.timedelta(days=3)
    data = form_data(perimeter=NOGENT_SUR_OISE, status="engaged", application_date="15032026")
    data["selection_date"] = f"{later:%d/%m/%Y}"
    response = client.post(reverse("territory_create"), data)
    assert response.context["form"].errors["selection_date"][0].startswith("Cette date est dans le futur")
    assert "application_date" not in response.context["form"].errors
    assert EngagedTerritory.objects.count() == 0
    data["selection_date"] = "1/4/2026"
    client.post(reverse("territory_create"), data)
    territory = EngagedTerritory.objects.get()
    assert (territory.application_date, territory.selection_date) == (
        datetime.date(2026, 3, 15),
        datetime.date(2026, 4, 1),
    )
    page = text(client.get(reverse("territory_edit", kwargs={"territory": territory.slug})))
    assert 'name="application_date" value="15/03/2026"' in page
