"""Unmet needs: list, detail, exports and personal data, per role, with query budgets."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from territories.models import Need

from ..helpers import response_bytes
from .factories import AnimationEventFactory, EngagedTerritoryFactory, NeedFactory, OpportunityFactory, SectorFactory

SUBMITTER_EMAIL = "habitante.secrete@exemple.fr"
SUBMITTER_NAME = "Camille Habitante"


def idea_from_public(territory):
    return NeedFactory(
        territory=territory,
        title="Une laverie solidaire",
        source=Need.Source.CALL_FOR_IDEAS,
        submitter_name=SUBMITTER_NAME,
        submitter_email=SUBMITTER_EMAIL,
        submitter_consents_to_contact=True,
    )


# --- list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["coordinator", "referent", "partner"])
def test_readers_see_every_territorys_needs(client, request, fixture, own_territory, other_territory):
    NeedFactory(territory=own_territory, title="Garde d'enfants en horaires décalés")
    NeedFactory(territory=other_territory, title="Mobilité des jeunes ruraux")
    client.force_login(request.getfixturevalue(fixture))
    # The whole region: a referent's list opens on their territories (tests/territories/test_list_scope.py).
    response = client.get(reverse("need_list"), {"perimetre": "region"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Garde d&#x27;enfants en horaires décalés" in content
    assert "Mobilité des jeunes ruraux" in content


def test_staff_is_refused_the_list(client, staff):
    client.force_login(staff)
    assert client.get(reverse("need_list")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("need_list"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_create_and_import_buttons_follow_rights(client, referent, partner, own_territory):
    client.force_login(referent)
    content = client.get(reverse("need_list")).content.decode()
    assert reverse("need_create") in content and reverse("need_import") in content
    client.force_login(partner)
    content = client.get(reverse("need_list")).content.decode()
    assert reverse("need_create") not in content and reverse("need_import") not in content


def test_list_filters_by_territory_sector_status_priority_source_and_text(client, coordinator, own_territory):
    food = SectorFactory(name="Alimentation", slug="alimentation")
    kept = NeedFactory(
        territory=own_territory,
        sector=food,
        title="Épicerie itinérante",
        status="qualified",
        priority=1,
        source="study",
    )
    NeedFactory(territory=own_territory, sector=food, title="Autre besoin", status="identified", priority=1)
    NeedFactory(title="Besoin ailleurs", sector=food, status="qualified", priority=1, source="study")
    client.force_login(coordinator)
    query = {
        "territoire": "beauvaisis",
        "filiere": "alimentation",
        "statut": "qualified",
        "priorite": "1",
        "source": "study",
        "q": "itinérante",
    }
    response = client.get(reverse("need_list"), query)
    assert list(response.context["listing"].rows) == [kept]


def test_list_sorts_by_title_and_date(client, coordinator, own_territory):
    b = NeedFactory(territory=own_territory, title="B", identified_on="2026-01-10")
    a = NeedFactory(territory=own_territory, title="A", identified_on="2026-02-10")
    client.force_login(coordinator)
    assert list(client.get(reverse("need_list"), {"tri": "intitule"}).context["listing"].rows) == [a, b]
    assert list(client.get(reverse("need_list"), {"tri": "-date"}).context["listing"].rows) == [a, b]
    assert list(client.get(reverse("need_list"), {"tri": "date"}).context["listing"].rows) == [b, a]


def test_list_paginates(client, coordinator, own_territory):
    NeedFactory.create_batch(30, territory=own_territory)
    client.force_login(coordinator)
    first = client.get(reverse("need_list"))
    second = client.get(reverse("need_list"), {"page": 2})
    assert len(first.context["listing"].rows) == 25
    assert len(second.context["listing"].rows) == 5


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_budget_does_not_grow(client, coordinator, django_assert_max_num_queries, rows):
    territories = [EngagedTerritoryFactory() for _ in range(3)]
    for index in range(rows):
        NeedFactory(territory=territories[index % 3], sector=SectorFactory())
    client.force_login(coordinator)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("need_list"))
    assert response.status_code == 200


# --- exports ------------------------------------------------------------------------------------


def test_csv_export_has_the_filtered_rows_and_never_personal_data(client, coordinator, own_territory, other_territory):
    idea_from_public(own_territory)
    NeedFactory(territory=other_territory, title="Hors filtre")
    client.force_login(coordinator)
    response = client.get(reverse("need_list"), {"territoire": "beauvaisis", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    raw = response_bytes(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Territoire", "Filière", "Intitulé"]
    assert [row[2] for row in rows[1:]] == ["Une laverie solidaire"]
    assert SUBMITTER_EMAIL not in text and SUBMITTER_NAME not in text


def test_xlsx_export_has_every_filtered_row_not_only_the_page(client, partner, own_territory):
    NeedFactory.create_batch(30, territory=own_territory)
    idea_from_public(own_territory)
    client.force_login(partner)
    response = client.get(reverse("need_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response_bytes(response))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 1 + 31
    flat = " ".join(str(v) for row in values for v in row)
    assert SUBMITTER_EMAIL not in flat and SUBMITTER_NAME not in flat


# --- detail -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["coordinator", "referent"])
def test_coordinator_and_territory_referent_see_the_submitter(client, request, fixture, own_territory):
    need = idea_from_public(own_territory)
    client.force_login(request.getfixturevalue(fixture))
    content = client.get(reverse("need_detail", kwargs={"need": need.pk})).content.decode()
    assert SUBMITTER_EMAIL in content and SUBMITTER_NAME in content
    assert "Accepte d’être recontactée" in content


def test_referent_of_another_territory_does_not_see_the_submitter(client, referent, other_territory):
    need = idea_from_public(other_territory)
    client.force_login(referent)
    response = client.get(reverse("need_detail", kwargs={"need": need.pk}))
    content = response.content.decode()
    assert response.status_code == 200 and "Une laverie solidaire" in content
    assert SUBMITTER_EMAIL not in content and SUBMITTER_NAME not in content
    assert reverse("need_edit", kwargs={"need": need.pk}) not in content


def test_partner_does_not_see_the_submitter(client, partner, own_territory):
    need = idea_from_public(own_territory)
    client.force_login(partner)
    response = client.get(reverse("need_detail", kwargs={"need": need.pk}))
    content = response.content.decode()
    assert response.status_code == 200 and "Une laverie solidaire" in content
    assert SUBMITTER_EMAIL not in content and SUBMITTER_NAME not in content
    assert reverse("need_edit", kwargs={"need": need.pk}) not in content


def test_detail_refused_to_staff_and_anonymous(client, staff, own_territory):
    need = NeedFactory(territory=own_territory)
    url = reverse("need_detail", kwargs={"need": need.pk})
    response = client.get(url)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    client.force_login(staff)
    assert client.get(url).status_code == 403


def test_detail_of_a_missing_need_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("need_detail", kwargs={"need": 999999})).status_code == 404


def test_detail_shows_fields_opportunities_events_and_history(client, referent, own_territory):
    need = NeedFactory(
        territory=own_territory,
        title="Accès aux soins",
        evidence="Enquête auprès de 120 habitants",
        population_concerned="Personnes âgées isolées",
    )
    opportunity = OpportunityFactory(territory=own_territory, title="Centre de santé associatif")
    opportunity.needs.add(need)
    event = AnimationEventFactory(territory=own_territory, title="Séance créative de mars")
    event.needs.add(need)
    need.title = "Accès aux soins de proximité"
    need.save()
    client.force_login(referent)
    response = client.get(reverse("need_detail", kwargs={"need": need.pk}))
    content = response.content.decode()
    assert "Enquête auprès de 120 habitants" in content
    assert "Personnes âgées isolées" in content
    assert "Centre de santé associatif" in content
    assert reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk}) in content
    assert "Séance créative de mars" in content
    assert "Historique des modifications" in content
    assert "Accès aux soins → Accès aux soins de proximité" in content
    assert reverse("need_edit", kwargs={"need": need.pk}) in content


@pytest.mark.parametrize("links", [3, 30])
def test_detail_query_budget_does_not_grow(client, referent, own_territory, django_assert_max_num_queries, links):
    need = idea_from_public(own_territory)
    for _ in range(links):
        OpportunityFactory(territory=own_territory).needs.add(need)
        AnimationEventFactory(territory=own_territory).needs.add(need)
    client.force_login(referent)
    # The suggested inspiring initiatives are two of them (a cold cache; on PostgreSQL the other sectors are read
    # when the need's holds fewer than five).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("need_detail", kwargs={"need": need.pk}))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_query_budget_does_not_grow(client, partner, django_assert_max_num_queries, rows, kind):
    NeedFactory.create_batch(rows)
    client.force_login(partner)
    # The body is read inside the budget: a streamed export queries while it is being sent.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("need_list"), {"export": kind})
        body = response_bytes(response)
    assert response.status_code == 200 and body
