"""Search of the library of inspiring initiatives: French full text on PostgreSQL (accents, plural and case do not
matter, typos still find, the title ranks first, matched words highlighted and escaped), and the SQLite fallback."""

import pytest
from django.db import connection

from projects.models import Initiative
from projects.selectors.initiative_search import initiative_highlights, initiative_search

from .factories import InitiativeFactory


@pytest.fixture
def library(mobility, food):
    """A small library: each initiative by its short name."""
    return {
        "garage": InitiativeFactory(
            title="Garage solidaire",
            summary="Un garage associatif répare à petit prix les voitures des ménages modestes.",
            sector=mobility,
            tags="mobilité, insertion",
        ),
        "driving": InitiativeFactory(
            title="Auto-école sociale",
            summary="Le permis de conduire pour les jeunes et les personnes en insertion.",
            sector=mobility,
        ),
        "grocery": InitiativeFactory(
            title="Épicerie solidaire",
            summary="Des produits frais à petit prix, choisis par les familles.",
            sector=food,
        ),
        "repair": InitiativeFactory(
            title="Repair café",
            summary="On y répare ensemble ses objets du quotidien.",
            description="Des bénévoles prêtent leurs outils ; un ancien mécanicien conseille.",
        ),
    }


def titles(queryset):
    return [initiative.title for initiative in queryset]


def search(text, queryset=None):
    return titles(initiative_search(queryset if queryset is not None else Initiative.objects.all(), text))


# Whatever the database ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["garage solidaire", "garages solidaires", "Garage Solidaire", "GARAGE solidaire"])
def test_plural_and_case_do_not_matter(library, text):
    assert search(text) == ["Garage solidaire"]


@pytest.mark.parametrize("text", ["epicerie", "Épicerie", "EPICERIE", "épiceries"])
def test_accents_do_not_matter(library, text):
    assert search(text) == ["Épicerie solidaire"]


@pytest.mark.parametrize("text", ["", "   "])
def test_a_blank_text_leaves_the_rows_as_they_were(library, text):
    rows = Initiative.objects.order_by("title")
    assert initiative_search(rows, text) is rows


def test_the_search_narrows_the_rows_it_is_given(library, mobility):
    # The catalogue's filters (sector, target public, region of origin) narrow first; the search within them.
    assert search("solidaire", Initiative.objects.filter(sector=mobility)) == ["Garage solidaire"]
    assert set(search("solidaire")) == {"Garage solidaire", "Épicerie solidaire"}


def test_a_title_match_ranks_above_a_summary_or_description_match(library):
    InitiativeFactory(title="Atelier vélo", summary="Entre l’atelier et le garage, on répare les vélos.")
    InitiativeFactory(title="Aide au permis", summary="Un financement.", description="Un prêt de voiture du garage.")
    found = search("garage")
    assert found[0] == "Garage solidaire"
    assert set(found[1:]) == {"Atelier vélo", "Aide au permis"}


def test_drafts_are_found_for_coordinators_only(library, coordinator, partner, referent):
    InitiativeFactory(title="Garage mobile", summary="Un garage qui vient à domicile.", status="draft")
    assert "Garage mobile" in search("garage", Initiative.objects.visible_to(coordinator))
    assert "Garage mobile" not in search("garage", Initiative.objects.visible_to(partner))
    assert "Garage mobile" not in search("garage", Initiative.objects.visible_to(referent))


def test_odd_text_neither_fails_nor_finds_everything(library):
    for text in ['"garage', "-", "garage & | ! :*", "'; drop table", "<script>", "\x01garage\x7f", "x" * 500]:
        found = search(text)
        assert len(found) <= 1, (text, found)


def test_highlights_mark_the_words_and_escape_the_text(library):
    hostile = InitiativeFactory(
        title="<script>alert(1)</script> Garage & co",
        summary='Le <b>garage</b> du "quartier".',
    )
    page = [library["garage"], hostile, library["grocery"]]

    marked = initiative_highlights(page, "garage")

    assert marked[library["garage"].pk]["title"] == "<mark>Garage</mark> solidaire"
    assert "Un <mark>garage</mark> associatif" in marked[library["garage"].pk]["summary"]
    assert marked[library["grocery"].pk]["title"] == "Épicerie solidaire"
    title, summary = marked[hostile.pk]["title"], marked[hostile.pk]["summary"]
    assert "<script>" not in title and "&lt;script&gt;alert(1)&lt;/script&gt;" in title
    assert "<mark>Garage</mark> &amp; co" in title
    assert "&lt;b&gt;<mark>garage</mark>&lt;/b&gt;" in summary
    assert "<b>" not in summary
    assert all(hasattr(value, "__html__") for row in marked.values() for value in row.values())


def test_highlights_never_turn_the_search_text_into_markup(library):
    marked = initiative_highlights([library["garage"]], "<mark>garage</mark> <img src=x onerror=alert(1)>")
    html = marked[library["garage"].pk]["title"] + marked[library["garage"].pk]["summary"]
    assert "<img" not in html
    assert html.count("<mark>") == html.count("</mark>")


def test_highlights_accept_pks_and_a_blank_text(library):
    assert initiative_highlights([library["garage"].pk], "Garages")[library["garage"].pk]["title"] == (
        "<mark>Garage</mark> solidaire"
    )
    assert initiative_highlights([library["garage"]], "") == {}
    assert initiative_highlights([], "garage") == {}


@pytest.mark.parametrize("count", [3, 30])
def test_search_and_highlights_take_one_query_each_whatever_the_rows(
    library, mobility, django_assert_max_num_queries, count
):
    InitiativeFactory.create_batch(count, title="Garage de quartier", summary="Un garage.", sector=mobility)
    with django_assert_max_num_queries(1):
        page = list(initiative_search(Initiative.objects.select_related("sector"), "garage")[:20])
        sectors = [initiative.sector for initiative in page]
    assert len(page) == min(20, count + 1) and sectors
    with django_assert_max_num_queries(1):
        initiative_highlights([initiative.pk for initiative in page], "garage")


# PostgreSQL ----------------------------------------------------------------------------------------------------


def test_three_spellings_find_the_same_initiatives_on_postgresql(postgresql, library, mobility):
    InitiativeFactory(title="Les garages solidaires du Nord", summary="Un réseau.", sector=mobility)
    InitiativeFactory(title="Mobilité", summary="Des garages, des solidarités, des solidaires.")
    found = [set(search(text)) for text in ("garage solidaire", "garages solidaires", "Garage Solidaire")]
    assert found[0] == found[1] == found[2]
    assert {"Garage solidaire", "Les garages solidaires du Nord", "Mobilité"} <= found[0]
    assert "Épicerie solidaire" not in found[0]


def test_a_typo_still_finds_on_postgresql(postgresql, library):
    assert search("garrage")[0] == "Garage solidaire"
    assert search("Épicerrie") == ["Épicerie solidaire"]


def test_words_in_the_long_texts_find_on_postgresql(postgresql, library):
    # Stemmed: « outil » is « outils ».
    assert search("outil") == ["Repair café"]
    assert set(search("insertion")) == {"Auto-école sociale", "Garage solidaire"}


def test_websearch_syntax_on_postgresql(postgresql, library):
    assert search('"garage solidaire"') == ["Garage solidaire"]
    assert "Épicerie solidaire" in search("solidaire -garage")
    assert "Garage solidaire" not in search("solidaire -garage")
    assert set(search("garage or épicerie")) >= {"Garage solidaire", "Épicerie solidaire"}


def test_the_search_may_read_the_indexes_on_postgresql(postgresql, library):
    """Both conditions are indexable (GIN on the vector, GIN trigram on lower(title)): with scans forbidden, the
    planner reads both indexes rather than every row. (On a small table it rightly prefers a scan.)"""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = initiative_search(Initiative.objects.only("pk", "title"), "garrage").explain()
    assert "initiative_search_vector" in plan and "initiative_title_trgm" in plan, plan
    assert "Seq Scan" not in plan, plan


# SQLite ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("the fallback search of SQLite")


def test_every_word_must_be_found_on_sqlite(sqlite, library):
    assert search("garage modestes") == ["Garage solidaire"]
    assert search("garage épicerie") == []
    # Any of the title, summary, tags or description.
    assert search("insertion") == ["Auto-école sociale", "Garage solidaire"]
    assert search("outils") == ["Repair café"]


def test_title_matches_come_first_on_sqlite(sqlite, library):
    InitiativeFactory(title="Atelier", summary="Un garage solidaire de vélos.")
    assert search("garage solidaire") == ["Garage solidaire", "Atelier"]
