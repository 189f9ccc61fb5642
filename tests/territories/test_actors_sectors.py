"""Sectors (filières): the five seeded by migration, the list for every role, coordinators add and rename."""

import pytest
from django.urls import reverse

from territories.models import Need, Sector

from ..helpers import response_bytes, text
from .factories import NeedFactory, SectorFactory

pytestmark = pytest.mark.django_db

# Session, user, count, page; and on a cold cache the two grouped counts (core.aggregates).
LIST_BUDGET = 6
SEEDED = {
    "economie-residentielle": "Économie résidentielle et autonomie de la personne",
    "habitat-batiment-durables": "Habitat et bâtiments durables",
    "environnement": "Environnement",
    "mobilite": "Mobilité",
    "alimentation-circuits-courts": "Alimentation et circuits de proximité",
}


def test_the_five_sectors_exist_after_migrations():
    seeded = dict(Sector.objects.filter(slug__in=SEEDED).values_list("slug", "name"))
    assert seeded == SEEDED
    assert Sector.objects.filter(slug__in=SEEDED, is_active=True).count() == 5


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_readers_see_the_sectors(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("sector_list"))
    assert response.status_code == 200
    page = text(response)
    for name in SEEDED.values():
        assert name in page
    # Only coordinators manage sectors.
    assert (reverse("sector_create") in page) is (role == "coordinator")


def test_staff_and_anonymous_do_not_see_the_sectors(client, staff):
    assert "/comptes/login/" in client.get(reverse("sector_list"))["Location"]
    client.force_login(staff)
    assert client.get(reverse("sector_list")).status_code == 403


def test_list_counts_needs_filters_and_exports(client, partner):
    mobility = Sector.objects.get(slug="mobilite")
    NeedFactory(sector=mobility)
    NeedFactory(sector=mobility)
    SectorFactory(name="Filière en sommeil", slug="sommeil", is_active=False)
    client.force_login(partner)
    response = client.get(reverse("sector_list"), {"q": "mobil"})
    rows = list(response.context["listing"].rows)
    assert [(row.name, row.need_count) for row in rows] == [("Mobilité", 2)]
    inactive = client.get(reverse("sector_list"), {"active": "non"}).context["listing"].rows
    assert [row.name for row in inactive] == ["Filière en sommeil"]
    export = response_bytes(client.get(reverse("sector_list"), {"export": "csv", "q": "mobil"})).decode("utf-8")
    assert export.startswith("\ufeffNom;Identifiant;Description;Active;Besoins;Opportunités")
    assert "Mobilité;mobilite;;oui;2;0" in export


@pytest.mark.parametrize("count", [30, 3])
def test_list_query_budget_does_not_grow(client, coordinator, django_assert_max_num_queries, count):
    for index in range(count):
        NeedFactory(sector=SectorFactory(name=f"Filière ajoutée {index}", slug=f"ajoutee-{index}"))
    client.force_login(coordinator)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(reverse("sector_list"))
    assert response.status_code == 200


def test_coordinator_adds_a_sector_with_a_generated_slug(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("sector_create")).status_code == 200
    response = client.post(
        reverse("sector_create"),
        {"name": "Culture et patrimoine", "description": "Lieux culturels.", "is_active": "on"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("sector_list")
    sector = Sector.objects.get(name="Culture et patrimoine")
    assert sector.slug == "culture-et-patrimoine" and sector.is_active and sector.description == "Lieux culturels."


def test_a_slug_already_taken_gets_a_suffix(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("sector_create"), {"name": "Mobilite", "is_active": "on"})
    assert Sector.objects.get(name="Mobilite").slug == "mobilite-2"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Mobilité", "Une filière porte déjà ce nom."),
        ("  environnement ", "Une filière porte déjà ce nom."),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_bad_names_are_refused(client, coordinator, name, message):
    client.force_login(coordinator)
    before = Sector.objects.count()
    response = client.post(reverse("sector_create"), {"name": name, "is_active": "on"})
    assert response.status_code == 200
    assert message in response.context["form"].errors["name"]
    assert message in text(response)
    assert Sector.objects.count() == before


def test_coordinator_renames_a_sector_and_its_slug_stays(client, coordinator):
    sector = Sector.objects.get(slug="environnement")
    client.force_login(coordinator)
    url = reverse("sector_edit", kwargs={"sector": sector.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Environnement et biodiversité", "description": "", "is_active": "on", "version": sector.version}
    )
    assert response.status_code == 302
    sector.refresh_from_db()
    assert sector.name == "Environnement et biodiversité" and sector.slug == "environnement"


def test_renaming_to_a_taken_name_saves_nothing(client, coordinator):
    sector = Sector.objects.get(slug="environnement")
    client.force_login(coordinator)
    response = client.post(
        reverse("sector_edit", kwargs={"sector": sector.pk}),
        {"name": "MOBILITÉ", "is_active": "on", "version": sector.version},
    )
    assert "Une filière porte déjà ce nom." in text(response)
    sector.refresh_from_db()
    assert sector.name == "Environnement"


def test_keeping_its_own_name_is_not_a_duplicate(client, coordinator):
    sector = Sector.objects.get(slug="mobilite")
    client.force_login(coordinator)
    response = client.post(
        reverse("sector_edit", kwargs={"sector": sector.pk}),
        {"name": "Mobilité", "is_active": "", "version": sector.version},
    )
    assert response.status_code == 302
    sector.refresh_from_db()
    assert not sector.is_active


@pytest.mark.parametrize("role", ["referent", "partner", "staff"])
def test_only_coordinators_manage_sectors(client, request, role):
    sector = Sector.objects.get(slug="mobilite")
    client.force_login(request.getfixturevalue(role))
    before = Sector.objects.count()
    assert client.get(reverse("sector_create")).status_code == 403
    assert client.post(reverse("sector_create"), {"name": "Nouvelle", "is_active": "on"}).status_code == 403
    edit = reverse("sector_edit", kwargs={"sector": sector.pk})
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "Renommée", "is_active": "on"}).status_code == 403
    sector.refresh_from_db()
    assert Sector.objects.count() == before and sector.name == "Mobilité"


def test_anonymous_is_sent_to_login(client):
    response = client.post(reverse("sector_create"), {"name": "Nouvelle"})
    assert "/comptes/login/" in response["Location"]
    assert not Sector.objects.filter(name="Nouvelle").exists()


def test_a_referent_counts_the_ideas_of_their_territories_and_sees_a_new_one_at_once(
    client, referent, own_territory, other_referent, other_territory
):
    """A referent's own ideas (still to review) are kept per organisation: counted for them, never for a referent of
    another territory, and a new idea is counted on the next visit."""
    mobility = Sector.objects.get(slug="mobilite")
    NeedFactory(sector=mobility, territory=own_territory, status=Need.Status.TO_REVIEW)
    NeedFactory(sector=mobility, territory=other_territory)

    def mobility_needs(user):
        client.force_login(user)
        rows = client.get(reverse("sector_list"), {"q": "mobil"}).context["listing"].rows
        return [row.need_count for row in rows]

    assert mobility_needs(referent) == [2]
    assert mobility_needs(other_referent) == [1]
    NeedFactory(sector=mobility, territory=own_territory, status=Need.Status.TO_REVIEW)
    assert mobility_needs(referent) == [3]
    assert mobility_needs(other_referent) == [1]


def test_a_row_escapes_the_name_and_names_the_sector_on_its_edit_button(client, coordinator, partner):
    sector = SectorFactory(name="Culture & <patrimoine>", slug="culture", description="")
    NeedFactory(sector=sector)
    client.force_login(coordinator)
    page = client.get(reverse("sector_list"), {"q": "culture"}).content.decode()
    edit = reverse("sector_edit", kwargs={"sector": sector.pk})
    assert (
        "<td>Culture &amp; &lt;patrimoine&gt;</td><td>—</td><td>oui</td><td>1</td><td>0</td>"
        f'<td><a class="btn btn-sm btn-outline-secondary" href="{edit}">'
        'Modifier<span class="visually-hidden"> la filière Culture &amp; &lt;patrimoine&gt;</span></a></td>'
    ) in page
    client.force_login(partner)
    page = client.get(reverse("sector_list"), {"q": "culture"}).content.decode()
    assert "<td>Culture &amp; &lt;patrimoine&gt;</td><td>—</td><td>oui</td><td>1</td><td>0</td></tr>" in page
    assert edit not in page
