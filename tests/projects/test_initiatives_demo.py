"""The library's demonstration initiatives: published, across the sectors, plainly fictitious, loaded once."""

from io import StringIO

from django.core.management import call_command

from projects.demo import initiatives_seed
from projects.demo_data import INITIATIVE_NOTE, INITIATIVES
from projects.models import Initiative, Project
from territories.models import Region, Sector


def seed():
    call_command("seed_demo", stdout=StringIO())


def initiative_rows():
    return (Initiative.objects.count(), Initiative.history.count(), Region.objects.count(), Project.history.count())


def test_demo_initiatives_are_published_across_the_sectors_and_a_second_run_changes_nothing(
    official_territories, settings
):
    settings.DEBUG = True
    seed()
    published = Initiative.objects.published()
    assert published.count() >= 25
    assert published.values("sector").distinct().count() >= 5
    assert set(Sector.objects.filter(initiatives__isnull=False).values_list("slug", flat=True)) == {
        "economie-residentielle",
        "habitat-batiment-durables",
        "environnement",
        "mobilite",
        "alimentation-circuits-courts",
    }
    # A draft too, which only coordinators read.
    assert Initiative.objects.filter(status=Initiative.Status.DRAFT).exists()
    for initiative in Initiative.objects.select_related("origin_region", "sector"):
        # Every one plainly demonstration data, from a real region, fully described.
        assert initiative.structure_name.endswith("(exemple inventé)"), initiative
        assert initiative.description.endswith(INITIATIVE_NOTE), initiative
        assert initiative.origin_region is not None and initiative.origin_town, initiative
        assert initiative.year_started and initiative.jobs_fte is not None and initiative.tag_list, initiative
        if initiative.status == Initiative.Status.PUBLISHED:
            assert initiative.results and initiative.replication_conditions, initiative
    # Regions from the official file, by INSEE code: Hauts-de-France (loaded) and the others.
    assert Region.objects.get(code="32").name == "Hauts-de-France"
    assert Region.objects.get(code="53").name == "Bretagne"
    assert Initiative.objects.filter(origin_region__code="84").exists()
    assert published.values("origin_region").distinct().count() >= 10
    # The demonstration's replication project names the initiative it replicates.
    replication = Project.objects.get(origin=Project.Origin.REPLICATION)
    assert replication.initiative.title == "Livraison solidaire à vélo"

    rows = initiative_rows()
    seed()
    assert initiative_rows() == rows


def test_without_the_official_file_an_initiative_keeps_only_a_loaded_region(db, settings, tmp_path, coordinator):
    settings.TERRITORY_DATA_DIR = tmp_path  # no regions.json there
    Region.objects.create(code="32", name="Hauts-de-France")
    initiatives_seed(by=coordinator)
    assert Initiative.objects.count() == len(INITIATIVES)
    assert Region.objects.count() == 1
    with_region = Initiative.objects.filter(origin_region__isnull=False)
    assert set(with_region.values_list("origin_region__code", flat=True)) == {"32"}
    assert Initiative.objects.filter(origin_region__isnull=True, origin_town="Saint-Aubin-des-Landes").exists()


def test_suggestions_beside_a_demo_need_give_no_word_of_the_demonstration_notes(official_territories, settings):
    """The needs and the initiatives both say they are demonstration data, in words that share nothing: a
    suggestion's reasons speak of the subject, not of « fictive » or « démonstration »."""
    from projects.selectors.initiative_search import initiative_suggestions
    from territories.demo import DEMO_NOTE
    from territories.models import Need

    settings.DEBUG = True
    seed()
    need = Need.objects.get(title__contains="Mobilité des demandeurs d'emploi sans permis")
    assert need.description.endswith(DEMO_NOTE)
    suggestions = initiative_suggestions(record=need, user=None)
    assert len(suggestions) == 5
    reasons = " ".join(" ".join(reasons) for _initiative, reasons in suggestions)
    for word in ("fictive", "démonstration", "réelle", "donnée", "exemple", "inventé"):
        assert word not in reasons.lower(), reasons
    assert "Mots en commun\u00a0: permis" in reasons
