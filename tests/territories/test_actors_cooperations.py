"""Cooperations between actors: list, filters, export, detail with history, create and edit per role."""

import csv
import io

import pytest
from django.urls import reverse

from territories.models import Cooperation

from ..helpers import response_bytes, text
from .factories import ActorFactory, CooperationFactory, EngagedTerritoryFactory

pytestmark = pytest.mark.django_db

LIST_BUDGET = 7
DETAIL_BUDGET = 7


@pytest.fixture
def actors():
    return [ActorFactory(name="Régie de quartier"), ActorFactory(name="Centre social"), ActorFactory(name="Mairie")]


@pytest.fixture
def own_cooperation(own_territory, actors):
    return CooperationFactory(
        title="Jardin partagé", territory=own_territory, actors=actors[:2], description="Un jardin cultivé ensemble."
    )


@pytest.fixture
def other_cooperation(other_territory, actors):
    return CooperationFactory(title="Atelier vélo", territory=other_territory, actors=actors[1:])


def data(territory, actors, **overrides):
    return {
        "title": "Conciergerie solidaire",
        "actors": [actor.pk for actor in actors],
        "territory": territory.pk,
        "description": "Une conciergerie tenue par une régie et un centre social.",
        "since": "2024-09-01",
        # The version an edit form was opened on; a creation form ignores it.
        "version": 1,
        **overrides,
    }


# List


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_readers_see_the_cooperations(client, request, role, own_cooperation, other_cooperation):
    client.force_login(request.getfixturevalue(role))
    # The whole region: a referent's list opens on their territories (tests/territories/test_list_scope.py).
    response = client.get(reverse("cooperation_list"), {"perimetre": "region"})
    assert response.status_code == 200
    page = text(response)
    assert "Jardin partagé" in page and "Atelier vélo" in page and "Régie de quartier" in page


def test_staff_and_anonymous_do_not_see_cooperations(client, staff, own_cooperation):
    assert "/comptes/login/" in client.get(reverse("cooperation_list"))["Location"]
    client.force_login(staff)
    assert client.get(reverse("cooperation_list")).status_code == 403


def test_create_button_for_who_may_create(client, coordinator, referent, partner, own_territory):
    create = reverse("cooperation_create")
    for user, shown in [(coordinator, True), (referent, True), (partner, False)]:
        client.force_login(user)
        assert (create in text(client.get(reverse("cooperation_list")))) is shown


def titles(response):
    return [cooperation.title for cooperation in response.context["listing"].rows]


def test_filters_by_territory_and_text(client, partner, own_cooperation, other_cooperation):
    client.force_login(partner)
    url = reverse("cooperation_list")
    assert titles(client.get(url, {"territoire": "amiens-metropole"})) == ["Atelier vélo"]
    assert titles(client.get(url, {"q": "jardin"})) == ["Jardin partagé"]
    # Searching an actor's name finds each of its cooperations once.
    assert sorted(titles(client.get(url, {"q": "Centre social"}))) == ["Atelier vélo", "Jardin partagé"]
    assert titles(client.get(url, {"tri": "intitule"})) == ["Atelier vélo", "Jardin partagé"]


def test_export_holds_the_filtered_rows(client, referent, own_cooperation, other_cooperation):
    client.force_login(referent)
    response = client.get(reverse("cooperation_list"), {"territoire": "beauvaisis", "export": "csv"})
    body = response_bytes(response).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == ["Intitulé", "Territoire", "Acteurs impliqués", "Ce qu’ils font ensemble", "Depuis le"]
    assert [row[0] for row in rows[1:]] == ["Jardin partagé"]
    assert "Centre social" in rows[1][2] and "Régie de quartier" in rows[1][2]
    xlsx = client.get(reverse("cooperation_list"), {"export": "xlsx"})
    assert xlsx["Content-Disposition"].startswith('attachment; filename="cooperations-')


@pytest.mark.parametrize("count", [30, 3])
def test_list_query_budget_does_not_grow(client, coordinator, django_assert_max_num_queries, count):
    for index in range(count):
        CooperationFactory(territory=EngagedTerritoryFactory(), title=f"Coopération {index}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(reverse("cooperation_list"))
    assert len(titles(response)) == min(count, 25)


# Detail


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_readers_open_a_cooperation(client, request, role, other_cooperation):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("cooperation_detail", kwargs={"cooperation": other_cooperation.pk}))
    assert response.status_code == 200
    page = text(response)
    assert "Atelier vélo" in page and "Amiens Métropole" in page and "Centre social" in page and "Mairie" in page
    assert "Historique des modifications" in page


def test_edit_button_only_for_who_may_edit(client, referent, partner, own_cooperation, other_cooperation):
    client.force_login(referent)
    own_edit = reverse("cooperation_edit", kwargs={"cooperation": own_cooperation.pk})
    other_edit = reverse("cooperation_edit", kwargs={"cooperation": other_cooperation.pk})
    assert own_edit in text(client.get(reverse("cooperation_detail", kwargs={"cooperation": own_cooperation.pk})))
    assert other_edit not in text(
        client.get(reverse("cooperation_detail", kwargs={"cooperation": other_cooperation.pk}))
    )
    client.force_login(partner)
    assert own_edit not in text(client.get(reverse("cooperation_detail", kwargs={"cooperation": own_cooperation.pk})))


def test_staff_and_anonymous_cannot_open_a_cooperation(client, staff, own_cooperation):
    url = reverse("cooperation_detail", kwargs={"cooperation": own_cooperation.pk})
    assert "/comptes/login/" in client.get(url)["Location"]
    client.force_login(staff)
    assert client.get(url).status_code == 403


def test_history_shows_who_changed_what(client, referent, own_cooperation, own_territory, actors):
    client.force_login(referent)
    client.post(
        reverse("cooperation_edit", kwargs={"cooperation": own_cooperation.pk}),
        data(own_territory, actors[:2], title="Jardin partagé agrandi"),
    )
    response = client.get(reverse("cooperation_detail", kwargs={"cooperation": own_cooperation.pk}))
    history = response.context["history"]
    assert history[0].who == referent
    assert any(
        change.old == "Jardin partagé" and change.new == "Jardin partagé agrandi" for change in history[0].changes
    )
    assert "intitulé : Jardin partagé → Jardin partagé agrandi" in text(response)


@pytest.mark.parametrize("count", [30, 3])
def test_detail_query_budget_does_not_grow(client, referent, own_territory, django_assert_max_num_queries, count):
    cooperation = CooperationFactory(
        territory=own_territory, actors=[ActorFactory(name=f"Membre {index}") for index in range(count)]
    )
    for index in range(count):
        cooperation.title = f"Intitulé {index}"
        cooperation.save()
    client.force_login(referent)
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(reverse("cooperation_detail", kwargs={"cooperation": cooperation.pk}))
    assert len(response.context["history"]) == min(count + 1, 30)


# Create


def test_coordinator_creates_on_any_territory(client, coordinator, other_territory, actors):
    client.force_login(coordinator)
    response = client.post(reverse("cooperation_create"), data(other_territory, actors))
    cooperation = Cooperation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation_detail", kwargs={"cooperation": cooperation.pk})
    assert cooperation.territory == other_territory and set(cooperation.actors.all()) == set(actors)
    assert str(cooperation.since) == "2024-09-01"


def test_referent_creates_on_own_territory_preselected(client, referent, own_territory, other_territory, actors):
    client.force_login(referent)
    form = client.get(reverse("cooperation_create"), {"territoire": "beauvaisis"}).context["form"]
    assert form.initial["territory"] == own_territory.pk
    assert list(form.fields["territory"].queryset) == [own_territory]
    assert client.post(reverse("cooperation_create"), data(own_territory, actors[:2])).status_code == 302
    assert Cooperation.objects.get().territory == own_territory


def test_referent_cannot_create_on_another_territory(client, referent, own_territory, other_territory, actors):
    client.force_login(referent)
    # Not offered (the referent's only territory is preselected instead), and refused when forced.
    initial = client.get(reverse("cooperation_create"), {"territoire": "amiens-metropole"}).context["form"].initial
    assert initial == {"territory": own_territory.pk}
    response = client.post(reverse("cooperation_create"), data(other_territory, actors))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles." in text(response)
    assert not Cooperation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ("one_actor", "actors", "Choisissez au moins deux acteurs : une coopération relie plusieurs structures."),
        ({"title": ""}, "title", "Ce champ est obligatoire."),
        ({"description": ""}, "description", "Ce champ est obligatoire."),
        (
            {"since": "31/02/2024"},
            "since",
            "Le 31/02/2024 n’existe pas : vérifiez le jour et le mois (format jj/mm/aaaa).",
        ),
    ],
)
def test_bad_input_is_refused(client, coordinator, own_territory, actors, overrides, field, message):
    client.force_login(coordinator)
    payload = data(own_territory, actors[:1]) if overrides == "one_actor" else data(own_territory, actors, **overrides)
    response = client.post(reverse("cooperation_create"), payload)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in text(response)
    assert not Cooperation.objects.exists()


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_partner_and_staff_cannot_create(client, request, role, own_territory, actors):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("cooperation_create")).status_code == 403
    assert client.post(reverse("cooperation_create"), data(own_territory, actors)).status_code == 403
    assert not Cooperation.objects.exists()


def test_anonymous_is_sent_to_login(client, own_territory, actors):
    response = client.post(reverse("cooperation_create"), data(own_territory, actors))
    assert "/comptes/login/" in response["Location"]
    assert not Cooperation.objects.exists()


# Edit


def test_referent_edits_own_territorys_cooperation(client, referent, own_cooperation, own_territory, actors):
    client.force_login(referent)
    url = reverse("cooperation_edit", kwargs={"cooperation": own_cooperation.pk})
    assert set(client.get(url).context["form"].initial["actors"]) == {actors[0].pk, actors[1].pk}
    assert client.post(url, data(own_territory, actors, title="Jardin élargi")).status_code == 302
    own_cooperation.refresh_from_db()
    assert own_cooperation.title == "Jardin élargi" and own_cooperation.actors.count() == 3


def test_referent_cannot_move_a_cooperation_to_another_territory(
    client, referent, own_cooperation, other_territory, actors
):
    client.force_login(referent)
    response = client.post(
        reverse("cooperation_edit", kwargs={"cooperation": own_cooperation.pk}), data(other_territory, actors)
    )
    assert response.status_code == 200
    own_cooperation.refresh_from_db()
    assert own_cooperation.territory.slug == "beauvaisis" and own_cooperation.title == "Jardin partagé"


@pytest.mark.parametrize("role", ["referent", "partner", "staff"])
def test_others_cannot_edit(client, request, role, other_cooperation, other_territory, actors):
    client.force_login(request.getfixturevalue(role))
    url = reverse("cooperation_edit", kwargs={"cooperation": other_cooperation.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, data(other_territory, actors, title="Détourné")).status_code == 403
    other_cooperation.refresh_from_db()
    assert other_cooperation.title == "Atelier vélo"


def test_bad_edit_saves_nothing(client, coordinator, own_cooperation, own_territory, actors):
    client.force_login(coordinator)
    response = client.post(
        reverse("cooperation_edit", kwargs={"cooperation": own_cooperation.pk}),
        data(own_territory, actors[:1], title="Nouveau titre"),
    )
    assert "Choisissez au moins deux acteurs" in text(response)
    own_cooperation.refresh_from_db()
    assert own_cooperation.title == "Jardin partagé" and own_cooperation.actors.count() == 2
