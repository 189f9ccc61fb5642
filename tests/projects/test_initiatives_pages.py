"""Pages of the library of inspiring initiatives: the catalogue and its search, an initiative, its create and
edit pages, per role; drafts for coordinators only; the exports; query budgets."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe
from openpyxl import load_workbook

from core.versioning import CONCURRENT_EDIT_MESSAGE
from projects.models import Initiative, Project
from projects.models import projects as project_models
from territories.models import Region

from ..helpers import response_bytes, text
from ..territories.factories import SectorFactory
from .factories import InitiativeFactory, ProjectFactory

LIST_URL = "/initiatives/"
LEADER = {"leader_name": "Camille Porteuse", "leader_email": "camille.porteuse@exemple.fr"}


def detail_url(initiative):
    return reverse("initiative_detail", kwargs={"initiative": initiative.pk})


def edit_url(initiative):
    return reverse("initiative_edit", kwargs={"initiative": initiative.pk})


def rows(response):
    return [row.pk for row in response.context["listing"].rows]


def csv_rows(response):
    raw = response_bytes(response)
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response_bytes(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def region(db):
    return Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")


@pytest.fixture
def published(region):
    return InitiativeFactory(
        title="Garage solidaire de Die",
        summary="Un garage associatif qui répare les voitures des personnes en insertion.",
        sector=SectorFactory(name="Mobilité test", slug="mobilite-test"),
        origin_region=region,
        origin_town="Die",
        target_public=Initiative.TargetPublic.JOB_SEEKERS,
        structure_name="Association Roulons",
        structure_website="https://roulons.example.org",
        source_url="https://source.example.org/garage",
        year_started=2014,
        tags="mobilité, garage, insertion",
        results="Quatre emplois créés.",
        replication_conditions="Un local de 200 m².",
    )


@pytest.fixture
def draft(db):
    return InitiativeFactory(title="Recyclerie en brouillon", status=Initiative.Status.DRAFT)


@pytest.fixture
def before_committee(monkeypatch):
    """Put every project before the partners' committees."""
    monkeypatch.setattr(project_models, "committee_condition", lambda user: ~project_models.models.Q(pk=None))


def test_the_catalogue_is_mounted_at_initiatives_and_in_the_menu(client_for, referent):
    assert reverse("initiative_list") == LIST_URL
    page = text(client_for(referent).get(reverse("home")))
    assert f'href="{LIST_URL}"' in page and "Initiatives" in page


# --- roles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["coordinator", "referent", "partner"])
def test_every_reader_reads_the_published_initiatives(client_for, request, fixture, published):
    client = client_for(request.getfixturevalue(fixture))
    response = client.get(LIST_URL)
    assert response.status_code == 200 and rows(response) == [published.pk]
    page = text(client.get(detail_url(published)))
    assert "Garage solidaire de Die" in page and "Association Roulons" in page


@pytest.mark.parametrize("fixture", ["referent", "partner"])
def test_drafts_are_invisible_to_non_coordinators(client_for, request, fixture, published, draft):
    client = client_for(request.getfixturevalue(fixture))
    response = client.get(LIST_URL)
    assert rows(response) == [published.pk]
    assert "Recyclerie en brouillon" not in text(response)
    assert client.get(LIST_URL, {"statut": "draft"}).context["listing"].page.paginator.count == 1
    assert client.get(detail_url(draft)).status_code == 404
    assert client.get(reverse("initiative_replicate", kwargs={"initiative": draft.pk})).status_code in (403, 404)
    for kind in ("csv", "xlsx"):
        export = client.get(LIST_URL, {"export": kind})
        body = response_bytes(export).decode("utf-8-sig") if kind == "csv" else str(xlsx_rows(export))
        assert "Garage solidaire de Die" in body and "Recyclerie en brouillon" not in body


def test_a_coordinator_reads_drafts_and_filters_by_status(client_for, coordinator, published, draft):
    client = client_for(coordinator)
    assert set(rows(client.get(LIST_URL))) == {published.pk, draft.pk}
    assert rows(client.get(LIST_URL, {"statut": "draft"})) == [draft.pk]
    page = text(client.get(detail_url(draft)))
    assert "Recyclerie en brouillon" in page and "brouillon" in page
    assert "Lue par la coordination seulement" in page


def test_staff_is_refused_and_anonymous_sent_to_login(client_for, staff, published):
    for url in (LIST_URL, detail_url(published), reverse("initiative_create"), edit_url(published)):
        assert client_for(staff).get(url).status_code == 403
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("fixture", ["referent", "partner"])
def test_only_coordinators_create_and_edit(client_for, request, fixture, published):
    client = client_for(request.getfixturevalue(fixture))
    assert client.get(reverse("initiative_create")).status_code == 403
    assert client.post(reverse("initiative_create"), {"title": "Intruse", "summary": "x"}).status_code == 403
    assert client.get(edit_url(published)).status_code == 403
    response = client.post(edit_url(published), {"title": "Changée", "summary": "x", "version": 1})
    assert response.status_code == 403
    assert not Initiative.objects.filter(title__in=["Intruse", "Changée"]).exists()
    page = text(client.get(LIST_URL))
    assert reverse("initiative_create") not in page and reverse("initiative_import") not in page
    assert edit_url(published) not in text(client.get(detail_url(published)))


def test_buttons_follow_rights(client_for, coordinator, referent, partner, published):
    page = text(client_for(coordinator).get(LIST_URL))
    assert "Nouvelle initiative" in page and reverse("initiative_import") in page
    replicate = reverse("initiative_replicate", kwargs={"initiative": published.pk})
    for user in (coordinator, referent):
        assert replicate in text(client_for(user).get(detail_url(published)))
    assert replicate not in text(client_for(partner).get(detail_url(published)))
    assert edit_url(published) in text(client_for(coordinator).get(detail_url(published)))


def test_the_replicate_button_carries_the_need_through(client_for, referent, published):
    page = text(client_for(referent).get(detail_url(published), {"besoin": "12"}))
    assert reverse("initiative_replicate", kwargs={"initiative": published.pk}) + "?besoin=12" in page


# --- the catalogue ---------------------------------------------------------------------------------


def test_a_row_shows_title_summary_sector_region_and_public(client_for, referent, published):
    page = text(client_for(referent).get(LIST_URL))
    for shown in ("Garage solidaire de Die", "Un garage associatif", "Mobilité test", "Auvergne-Rhône-Alpes"):
        assert shown in page
    assert "personnes éloignées de l’emploi" in page
    assert "1 initiative" in page


def test_search_and_filters(client_for, referent, published, region):
    other = InitiativeFactory(title="Conciergerie rurale", summary="Des services dans les villages.")
    client = client_for(referent)
    assert rows(client.get(LIST_URL, {"q": "garage"})) == [published.pk]
    assert rows(client.get(LIST_URL, {"q": "conciergerie"})) == [other.pk]
    assert rows(client.get(LIST_URL, {"filiere": "mobilite-test"})) == [published.pk]
    assert rows(client.get(LIST_URL, {"public": "job_seekers"})) == [published.pk]
    assert rows(client.get(LIST_URL, {"region": region.code})) == [published.pk]
    page = text(client.get(LIST_URL, {"q": "garage"}))
    assert "1 initiative pour «\u00a0garage\u00a0»" in page
    # Each filter's first option reads as words, not as Django's dashes.
    assert "---------" not in page
    for everything in ("Toutes", "Tous"):
        assert f">{everything}</option>" in client.get(LIST_URL).content.decode()


def test_the_highlights_of_the_search_are_shown_for_the_pages_rows(client_for, referent, published, monkeypatch):
    from projects.selectors import initiatives as selectors

    seen = {}

    def highlights(rows, text):
        seen["rows"], seen["text"] = [row.pk for row in rows], text
        marked = {"title": "Garage <mark>solidaire</mark> de Die", "summary": "<mark>répare</mark>"}
        return {published.pk: {key: mark_safe(value) for key, value in marked.items()}}

    monkeypatch.setattr(selectors, "initiative_highlights", highlights)
    page = client_for(referent).get(LIST_URL, {"q": "garage"}).content.decode()
    assert seen == {"rows": [published.pk], "text": "garage"}
    assert "Garage <mark>solidaire</mark> de Die" in page and "<mark>répare</mark>" in page


def test_titles_are_escaped_without_a_search(client_for, referent):
    InitiativeFactory(title="<script>alert(1)</script>")
    page = client_for(referent).get(LIST_URL).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("query", [{"filiere": "inconnue"}, {"region": "999"}, {"public": "aliens"}, {"q": "a\x00b"}])
def test_odd_values_are_ignored_with_a_message(client_for, referent, published, query):
    response = client_for(referent).get(LIST_URL, query)
    assert response.status_code == 200 and rows(response) == [published.pk]


def test_the_export_holds_every_field_of_the_filtered_rows(client_for, referent, published):
    InitiativeFactory(title="Hors filtre")
    rows_ = csv_rows(client_for(referent).get(LIST_URL, {"q": "garage", "export": "csv"}))
    assert len(rows_) == 2
    row = dict(zip(rows_[0], rows_[1], strict=True))
    assert row["Intitulé"] == "Garage solidaire de Die" and row["Filière"] == "Mobilité test"
    assert row["Région d’origine"] == "Auvergne-Rhône-Alpes" and row["Commune d’origine"] == "Die"
    assert row["Mots-clés"] == "mobilité, garage, insertion" and row["Statut"] == "publiée"
    assert row["Public visé"] == "personnes éloignées de l’emploi" and row["Année de démarrage"] == "2014"
    xlsx = xlsx_rows(client_for(referent).get(LIST_URL, {"export": "xlsx"}))
    assert len(xlsx) == 3 and xlsx[0][0] == "Intitulé"


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("fixture", ["coordinator", "referent", "partner"])
def test_list_query_budget_does_not_grow(client_for, request, fixture, region, django_assert_max_num_queries, count):
    for index in range(count):
        InitiativeFactory(
            sector=SectorFactory(), origin_region=region, status="draft" if index % 5 == 0 else "published"
        )
    client = client_for(request.getfixturevalue(fixture))
    # Session, user, the region asked for, the count, the rows, their highlights (PostgreSQL), the two drop-downs.
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL, {"q": "initiative", "region": region.code})
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        response = client.get(LIST_URL)
    assert response.status_code == 200 and len(rows(response)) == min(
        response.context["listing"].page.paginator.count, 25
    )


# --- the initiative page ---------------------------------------------------------------------------


def test_the_page_shows_every_field_and_tags_as_badges(client_for, partner, published):
    page = text(client_for(partner).get(detail_url(published)))
    for shown in (
        "Un garage associatif",
        "Mobilité test",
        "Die, Auvergne-Rhône-Alpes",
        "https://roulons.example.org",
        "https://source.example.org/garage",
        "2014",
        "Quatre emplois créés.",
        "Un local de 200 m².",
    ):
        assert shown in page
    for tag in ("mobilité", "garage", "insertion"):
        assert f">{tag}</a>" in page
    assert "Cette initiative n’est encore essaimée sur aucun territoire." in page


def test_the_page_lists_replications_by_territory_and_stage(client_for, coordinator, published, own_territory):
    ProjectFactory(
        territory=own_territory,
        title="Garage solidaire du Beauvaisis",
        initiative=published,
        origin=Project.Origin.REPLICATION,
        stage=Project.Stage.OPPORTUNITY_STUDY,
        **LEADER,
    )
    page = text(client_for(coordinator).get(detail_url(published)))
    assert "Beauvaisis" in page and "Garage solidaire du Beauvaisis" in page
    assert "étude d’opportunité" in page
    assert "Camille Porteuse" not in page and "camille.porteuse@exemple.fr" not in page


def test_a_partner_sees_territory_and_stage_never_the_project_or_its_leader(
    client_for, partner, published, own_territory
):
    project = ProjectFactory(
        territory=own_territory, title="Garage du Beauvaisis", initiative=published, origin="replication", **LEADER
    )
    page = text(client_for(partner).get(detail_url(published)))
    assert "Beauvaisis" in page and "idée détectée" in page
    assert "Garage du Beauvaisis" not in page and reverse("project_detail", kwargs={"project": project.pk}) not in page
    assert "Camille Porteuse" not in page and "camille.porteuse" not in page


def test_a_partner_reads_the_title_of_a_replication_before_their_committee(
    client_for, partner, published, own_territory, before_committee
):
    project = ProjectFactory(territory=own_territory, title="Garage du Beauvaisis", initiative=published, **LEADER)
    page = text(client_for(partner).get(detail_url(published)))
    assert reverse("project_detail", kwargs={"project": project.pk}) in page and "Garage du Beauvaisis" in page
    assert "Camille Porteuse" not in page


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize("fixture", ["coordinator", "partner"])
def test_detail_query_budget_does_not_grow(
    client_for, request, fixture, published, django_assert_max_num_queries, count
):
    ProjectFactory.create_batch(count, initiative=published, origin="replication")
    client = client_for(request.getfixturevalue(fixture))
    with django_assert_max_num_queries(4):
        response = client.get(detail_url(published))
    assert response.status_code == 200 and len(response.context["replications"]) == count


# --- create and edit -------------------------------------------------------------------------------


def test_a_coordinator_creates_an_initiative(client_for, coordinator, region):
    sector = SectorFactory()
    client = client_for(coordinator)
    response = client.post(
        reverse("initiative_create"),
        {
            "title": "Épicerie solidaire",
            "summary": "Une épicerie à prix choisis.",
            "sector": sector.pk,
            "target_public": "low_income",
            "origin_region": region.pk,
            "year_started": "2019",
            "jobs_fte": "2,5",
            "tags": " alimentation ,, épicerie, Alimentation ",
            "structure_website": "https://epicerie.example.org",
            "status": "published",
        },
    )
    initiative = Initiative.objects.get(title="Épicerie solidaire")
    assert response.status_code == 302 and response["Location"] == detail_url(initiative)
    assert initiative.tags == "alimentation, épicerie" and initiative.recorded_by == coordinator
    assert initiative.version == 1 and initiative.history.first().history_user == coordinator
    assert "Initiative «\u00a0Épicerie solidaire\u00a0» enregistrée." in text(client.get(response["Location"]))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("year_started", "1700", "Saisissez une année entre 1800 et l’année en cours."),
        ("year_started", "3000", "Saisissez une année entre 1800 et l’année en cours."),
        ("jobs_fte", "-1", "Le nombre d’emplois ne peut pas être négatif."),
        ("structure_website", "pas une adresse", "Saisissez une adresse web complète"),
        ("source_url", "javascript:alert(1)", "Saisissez une adresse web complète"),
    ],
)
def test_bad_input_gives_a_french_message_and_saves_nothing(client_for, coordinator, field, value, message):
    data = {"title": "Mauvaise saisie", "summary": "Résumé.", "target_public": "everyone", "status": "draft"}
    response = client_for(coordinator).post(reverse("initiative_create"), {**data, field: value})
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert response.context["form"].errors[field]
    assert not Initiative.objects.filter(title="Mauvaise saisie").exists()


def test_an_empty_submit_names_the_required_fields(client_for, coordinator):
    response = client_for(coordinator).post(reverse("initiative_create"), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "summary"} <= set(errors)
    assert Initiative.objects.count() == 0


def test_a_coordinator_edits_and_publishes_a_draft(client_for, coordinator, draft):
    client = client_for(coordinator)
    form = client.get(edit_url(draft)).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(title="Recyclerie publiée", status="published", version=draft.version)
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Recyclerie publiée" and draft.status == "published" and draft.version == 2


def test_a_concurrent_edit_is_refused(client_for, coordinator, published):
    client = client_for(coordinator)
    data = {"title": "Première", "summary": "Résumé.", "target_public": "everyone", "status": "published"}
    assert client.post(edit_url(published), {**data, "version": 1}).status_code == 302
    response = client.post(edit_url(published), {**data, "title": "Seconde", "version": 1})
    assert response.status_code == 200
    assert str(CONCURRENT_EDIT_MESSAGE) in text(response)
    published.refresh_from_db()
    assert published.title == "Première" and published.version == 2


def test_an_empty_catalogue_counts_in_the_singular(client_for, referent):
    page = text(client_for(referent).get(LIST_URL))
    assert ">0 initiative</p>" in page
    assert "Aucune initiative n’est encore publiée dans la bibliothèque." in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_admin_changelist_searches_and_stays_flat(client_for, staff, region, django_assert_max_num_queries, count):
    for index in range(count):
        InitiativeFactory(title=f"Garage {index}", sector=SectorFactory(), origin_region=region)
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/projects/initiative/", {"q": "garage"})
    assert response.status_code == 200 and response.context["cl"].result_count == count
