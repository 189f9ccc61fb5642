"""Unmet needs: create and edit forms per role, bad input, concurrent edits and the dates of each status."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.versioning import CONCURRENT_EDIT_MESSAGE, MISSING_VERSION_MESSAGE
from territories.forms.needs import DATE_BEFORE_IDENTIFICATION, TERRITORY_REFUSED, NeedForm
from territories.models import Need
from territories.services.needs import need_create, need_update

from ..helpers import text
from .factories import NeedFactory


def need_data(territory, sector, **overrides):
    data = {
        "territory": territory.pk,
        "sector": sector.pk,
        "title": "Transport à la demande",
        "description": "Les villages du nord ne sont desservis par aucune ligne.",
        "source": "diagnosis",
        "evidence": "Diagnostic mobilité 2025",
        "population_concerned": "Habitants sans voiture",
        "priority": "1",
        "status": "identified",
        "identified_on": "",
        "qualified_on": "",
        "addressed_on": "",
        "dropped_on": "",
    }
    data.update(overrides)
    return data


def edit_data(need, **overrides):
    data = need_data(
        need.territory,
        need.sector,
        title=need.title,
        version=need.version,
        identified_on=f"{need.identified_on:%Y-%m-%d}",
        priority=need.priority,
        status=need.status,
    )
    data.update(overrides)
    return data


# --- create -------------------------------------------------------------------------------------


def test_referent_creates_a_need_on_own_territory(client, referent, own_territory, sector):
    client.force_login(referent)
    response = client.post(reverse("need_create"), need_data(own_territory, sector))
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("need_detail", kwargs={"need": need.pk})
    assert need.territory == own_territory and need.recorded_by == referent
    assert need.identified_on == timezone.localdate()
    assert need.priority == 1 and need.status == "identified" and need.version == 1
    assert need.history.get().history_user == referent


def test_coordinator_creates_a_need_anywhere(client, coordinator, other_territory, sector):
    client.force_login(coordinator)
    response = client.post(reverse("need_create"), need_data(other_territory, sector, identified_on="2026-01-15"))
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.recorded_by == coordinator and need.identified_on == datetime.date(2026, 1, 15)


def test_referent_posting_another_territory_gets_an_error_and_nothing_saved(
    client, referent, own_territory, other_territory, sector
):
    client.force_login(referent)
    response = client.post(reverse("need_create"), need_data(other_territory, sector))
    assert response.status_code == 200
    assert response.context["form"].errors["territory"] == [str(TERRITORY_REFUSED)]
    assert str(TERRITORY_REFUSED) in text(response)
    assert not Need.objects.exists()


def test_the_territory_select_offers_only_editable_territories(client, referent, own_territory, other_territory):
    client.force_login(referent)
    response = client.get(reverse("need_create"))
    assert list(response.context["form"].fields["territory"].queryset) == [own_territory]
    assert "Amiens Métropole" not in text(response)


def test_the_territory_is_preselected_from_the_query(client, referent, own_territory, other_territory):
    client.force_login(referent)
    response = client.get(reverse("need_create"), {"territoire": "beauvaisis"})
    assert response.context["form"]["territory"].value() == own_territory.pk
    assert f'<option value="{own_territory.pk}" selected>' in text(response)
    # Another territory in the query is ignored: the referent's only territory is preselected.
    response = client.get(reverse("need_create"), {"territoire": "amiens-metropole"})
    assert response.context["form"]["territory"].value() == own_territory.pk


def test_today_is_offered_as_identification_date(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("need_create"))
    assert response.context["form"]["identified_on"].value() == timezone.localdate()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Ce champ est obligatoire."),
        ("description", "", "Ce champ est obligatoire."),
        ("source", "rumeur", "Sélectionnez un choix valide. rumeur n’en fait pas partie."),
        ("priority", "5", "Sélectionnez un choix valide. 5 n’en fait pas partie."),
        (
            "identified_on",
            "31/02/2026",
            "Le 31/02/2026 n’existe pas : vérifiez le jour et le mois (format jj/mm/aaaa).",
        ),
    ],
)
def test_bad_input_is_refused_in_french(client, referent, own_territory, sector, field, value, message):
    client.force_login(referent)
    response = client.post(reverse("need_create"), need_data(own_territory, sector, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in text(response)
    assert not Need.objects.exists()


def test_a_status_date_before_identification_is_refused(client, referent, own_territory, sector):
    client.force_login(referent)
    data = need_data(own_territory, sector, status="qualified", identified_on="2026-03-01", qualified_on="2026-02-01")
    response = client.post(reverse("need_create"), data)
    assert response.context["form"].errors["qualified_on"] == [str(DATE_BEFORE_IDENTIFICATION)]
    assert str(DATE_BEFORE_IDENTIFICATION) in text(response)
    assert not Need.objects.exists()


@pytest.mark.parametrize("fixture", ["partner", "staff"])
def test_partner_and_staff_cannot_create(client, request, fixture, own_territory, sector):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("need_create")).status_code == 403
    assert client.post(reverse("need_create"), need_data(own_territory, sector)).status_code == 403
    assert not Need.objects.exists()


def test_anonymous_cannot_create(client, own_territory, sector):
    response = client.post(reverse("need_create"), need_data(own_territory, sector))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not Need.objects.exists()


# --- edit ---------------------------------------------------------------------------------------


def test_referent_edits_own_territorys_need(client, referent, own_territory):
    need = NeedFactory(territory=own_territory, title="Ancien intitulé")
    client.force_login(referent)
    assert client.get(reverse("need_edit", kwargs={"need": need.pk})).status_code == 200
    response = client.post(reverse("need_edit", kwargs={"need": need.pk}), edit_data(need, title="Nouvel intitulé"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Nouvel intitulé" and need.version == 2
    latest = need.history.first()
    assert latest.history_user == referent and latest.title == "Nouvel intitulé"


def test_coordinator_edits_any_need(client, coordinator, other_territory):
    need = NeedFactory(territory=other_territory)
    client.force_login(coordinator)
    response = client.post(reverse("need_edit", kwargs={"need": need.pk}), edit_data(need, priority="3"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.priority == 3


def test_referent_cannot_edit_another_territorys_need(client, referent, other_territory):
    need = NeedFactory(territory=other_territory, title="Intact")
    client.force_login(referent)
    url = reverse("need_edit", kwargs={"need": need.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(need, title="Piraté")).status_code == 403
    need.refresh_from_db()
    assert need.title == "Intact" and need.version == 1


@pytest.mark.parametrize("fixture", ["partner", "staff"])
def test_partner_and_staff_cannot_edit(client, request, fixture, own_territory):
    need = NeedFactory(territory=own_territory, title="Intact")
    client.force_login(request.getfixturevalue(fixture))
    url = reverse("need_edit", kwargs={"need": need.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(need, title="Modifié")).status_code == 403
    need.refresh_from_db()
    assert need.title == "Intact"


def test_anonymous_cannot_edit(client, own_territory):
    need = NeedFactory(territory=own_territory)
    response = client.get(reverse("need_edit", kwargs={"need": need.pk}))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_a_concurrent_edit_is_refused_and_nothing_saved(client, referent, coordinator, own_territory):
    need = NeedFactory(territory=own_territory, title="Version d’origine")
    client.force_login(referent)
    opened = client.get(reverse("need_edit", kwargs={"need": need.pk}))
    assert opened.context["form"]["version"].value() == 1
    # Someone else saves in between.
    need_update(need=need, by=coordinator, expected_version=1, title="Version du coordinateur")
    response = client.post(
        reverse("need_edit", kwargs={"need": need.pk}), edit_data(need, version=1, title="Ma version")
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [str(CONCURRENT_EDIT_MESSAGE)]
    assert str(CONCURRENT_EDIT_MESSAGE) in text(response)
    need.refresh_from_db()
    assert need.title == "Version du coordinateur" and need.version == 2


def test_an_edit_without_version_is_refused(client, referent, own_territory):
    need = NeedFactory(territory=own_territory, title="Intact")
    client.force_login(referent)
    data = edit_data(need, title="Sans version")
    del data["version"]
    response = client.post(reverse("need_edit", kwargs={"need": need.pk}), data)
    assert response.context["form"].non_field_errors() == [str(MISSING_VERSION_MESSAGE)]
    need.refresh_from_db()
    assert need.title == "Intact"


def test_the_territory_of_an_existing_need_stays(client, coordinator, own_territory, other_territory):
    need = NeedFactory(territory=own_territory)
    client.force_login(coordinator)
    data = edit_data(need, territory=other_territory.pk, title="Déplacé ?")
    assert client.post(reverse("need_edit", kwargs={"need": need.pk}), data).status_code == 302
    need.refresh_from_db()
    assert need.territory == own_territory and need.title == "Déplacé ?"


@pytest.mark.parametrize(
    ("status", "date_field"),
    [("qualified", "qualified_on"), ("addressed", "addressed_on"), ("dropped", "dropped_on")],
)
def test_reaching_a_status_dates_it_today(client, referent, own_territory, status, date_field):
    need = NeedFactory(territory=own_territory, identified_on=datetime.date(2026, 1, 5))
    client.force_login(referent)
    response = client.post(reverse("need_edit", kwargs={"need": need.pk}), edit_data(need, status=status))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == status and getattr(need, date_field) == timezone.localdate()
    assert need.identified_on == datetime.date(2026, 1, 5)


def test_a_given_status_date_is_kept(client, referent, own_territory):
    need = NeedFactory(territory=own_territory, identified_on=datetime.date(2026, 1, 5))
    client.force_login(referent)
    data = edit_data(need, status="qualified", identified_on="2026-01-05", qualified_on="2026-02-10")
    client.post(reverse("need_edit", kwargs={"need": need.pk}), data)
    need.refresh_from_db()
    assert need.qualified_on == datetime.date(2026, 2, 10)


def test_service_refuses_a_referent_outside_their_territories(referent, other_territory):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        need_create(by=referent, territory=other_territory, title="Hors champ", description="…", source="study")
    assert not Need.objects.exists()


# --- French dates, and the dates of each status ------------------------------------------------------


@pytest.mark.parametrize("typed", ["15032026", "15/03/2026", "15-03-2026", "2026-03-15"])
def test_a_date_is_read_day_first_and_shown_back_in_french(client, referent, own_territory, sector, typed):
    client.force_login(referent)
    client.post(reverse("need_create"), need_data(own_territory, sector, identified_on=typed))
    need = Need.objects.get()
    assert need.identified_on == datetime.date(2026, 3, 15)
    page = text(client.get(reverse("need_edit", kwargs={"need": need.pk})))
    assert 'name="identified_on" value="15/03/2026"' in page and 'placeholder="jj/mm/aaaa"' in page


@pytest.mark.parametrize("field", ["identified_on", "qualified_on"])
def test_a_date_in_the_future_is_refused(client, referent, own_territory, sector, field):
    client.force_login(referent)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("need_create"), need_data(own_territory, sector, status="qualified", **{field: f"{tomorrow:%d/%m/%Y}"})
    )
    assert response.context["form"].errors[field][0].startswith("Cette date est dans le futur\u00a0:")
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    ("status", "field", "label", "reached"),
    [
        ("identified", "addressed_on", "Traité le", "traité"),
        ("identified", "qualified_on", "Qualifié le", "qualifié"),
        ("qualified", "dropped_on", "Abandonné le", "abandonné"),
        ("dropped", "addressed_on", "Traité le", "traité"),
    ],
)
def test_a_date_of_a_status_not_reached_is_refused_naming_the_field(
    client, referent, own_territory, sector, status, field, label, reached
):
    client.force_login(referent)
    data = need_data(own_territory, sector, status=status, identified_on="02/01/2026", **{field: "15/03/2026"})
    response = client.post(reverse("need_create"), data)
    message = response.context["form"].errors[field][0]
    assert message.startswith(f"«\u00a0{label}\u00a0» est rempli alors que le besoin est «\u00a0")
    assert f"choisissez le statut «\u00a0{reached}\u00a0» ou effacez cette date." in message
    assert not Need.objects.exists()


def test_a_qualified_date_is_kept_when_the_need_moves_on(client, referent, own_territory, sector):
    client.force_login(referent)
    data = need_data(own_territory, sector, status="addressed", identified_on="02/01/2026", qualified_on="01/02/2026")
    client.post(reverse("need_create"), data)
    need = Need.objects.get()
    assert (need.qualified_on, need.addressed_on) == (datetime.date(2026, 2, 1), timezone.localdate())


def test_a_failed_submit_shows_the_error_summary_and_the_title_says_error(client, referent, own_territory, sector):
    client.force_login(referent)
    response = client.post(
        reverse("need_create"), need_data(own_territory, sector, title="", identified_on="31/02/2026")
    )
    page = text(response)
    assert "<title>Erreur — Nouveau besoin non satisfait · Fabrique</title>" in page
    assert "Le formulaire contient 2 erreurs" in page
    assert '<a href="#id_title">Intitulé</a>' in page and '<a href="#id_identified_on">Identifié le</a>' in page
    assert not Need.objects.exists()


def test_the_status_list_offers_the_review_states_only_to_an_idea_in_them(referent, own_territory):
    def offered(need):
        return [value for value, _label in NeedForm(instance=need, user=referent).fields["status"].choices]

    need = NeedFactory(territory=own_territory, status=Need.Status.QUALIFIED)
    assert Need.Status.TO_REVIEW not in offered(need) and Need.Status.DECLINED not in offered(need)
    idea = NeedFactory(territory=own_territory, status=Need.Status.TO_REVIEW)
    assert offered(idea) == [Need.Status.TO_REVIEW]
    declined = NeedFactory(territory=own_territory, status=Need.Status.DECLINED)
    assert offered(declined) == [Need.Status.DECLINED]
