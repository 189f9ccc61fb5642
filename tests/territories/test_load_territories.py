"""load_territories on the real files of @etalab/decoupage-administratif."""

import json
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from territories.models import EPCI, Commune, Departement, Region

PICARDIE = ("02", "60", "80")


def load(*args):
    out = StringIO()
    call_command("load_territories", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        Region.objects.count(),
        Departement.objects.count(),
        EPCI.objects.count(),
        Commune.objects.count(),
        EPCI.departements.through.objects.count(),
    )


@pytest.mark.django_db
def test_default_scope_is_the_former_picardie():
    load()
    assert Commune.objects.filter(departement__code__in=PICARDIE).count() == 2248
    picardie_epcis = EPCI.objects.filter(communes__departement__code__in=PICARDIE).distinct()
    assert picardie_epcis.count() == 57
    assert EPCI.objects.count() == 57
    amiens = EPCI.objects.get(siren="248000531")
    assert amiens.kind == "CA" and amiens.communes.count() == 39
    assert Region.objects.get(code="32").name == "Hauts-de-France"


@pytest.mark.django_db
def test_three_epci_cross_picardie_border_and_know_their_departements():
    load()
    crossing = [
        epci
        for epci in EPCI.objects.prefetch_related("departements")
        if {d.code for d in epci.departements.all()} - set(PICARDIE)
    ]
    assert len(crossing) == 3
    villes_soeurs = EPCI.objects.get(name="CC des Villes Soeurs")
    assert {d.code for d in villes_soeurs.departements.all()} == {"76", "80"}
    # Each loaded EPCI is complete, members outside Picardie included.
    for epci in crossing:
        assert epci.communes.exclude(departement__code__in=PICARDIE).exists()


@pytest.mark.django_db
def test_commune_fields():
    load()
    nogent = Commune.objects.select_related("departement", "epci").get(code="60463")
    assert nogent.name == "Nogent-sur-Oise"
    assert nogent.departement.code == "60"
    assert nogent.siren == "216004580"
    assert nogent.postcodes == ["60180"]
    assert nogent.population > 15000 and nogent.population_year == 2023
    assert nogent.epci is not None


@pytest.mark.django_db
def test_second_run_changes_nothing():
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "communes: 0 créé(s), 0 modifié(s)" in output
    assert "epci: 0 créé(s), 0 modifié(s)" in output


@pytest.mark.django_db
def test_changed_official_data_is_updated_in_place():
    load()
    Commune.objects.filter(code="60463").update(name="Ancien nom", population=1)
    output = load()
    assert "communes: 0 créé(s), 1 modifié(s)" in output
    assert Commune.objects.get(code="60463").name == "Nogent-sur-Oise"


@pytest.mark.django_db
def test_departements_option_widens_the_scope():
    load("--departements", "59,62")
    assert Commune.objects.filter(departement__code="59").count() > 600
    assert (
        not Commune.objects.filter(departement__code="60").exists()
        or EPCI.objects.filter(communes__departement__code="60").exists()
    )


@pytest.mark.django_db
def test_unknown_departement_is_a_clear_error():
    with pytest.raises(CommandError, match="Département inconnu : 999"):
        load("--departements", "999")
    assert snapshot() == (0, 0, 0, 0, 0)


@pytest.fixture
def broken_source(tmp_path):
    source = settings.TERRITORY_DATA_DIR
    for name in ("regions.json", "departements.json", "communes.json", "epci.json"):
        shutil.copy(source / name, tmp_path / name)
    return tmp_path


@pytest.mark.django_db
def test_missing_file_is_a_clear_error_and_changes_nothing(broken_source):
    load()
    before = snapshot()
    (broken_source / "epci.json").unlink()
    with pytest.raises(CommandError, match="Fichier source introuvable"):
        load("--data-dir", str(broken_source))
    assert snapshot() == before


@pytest.mark.django_db
def test_malformed_file_is_a_clear_error_and_changes_nothing(broken_source):
    (broken_source / "communes.json").write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="Fichier source illisible"):
        load("--data-dir", str(broken_source))
    assert snapshot() == (0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_record_without_required_field_is_a_clear_error(broken_source):
    records = json.loads((broken_source / "epci.json").read_text(encoding="utf-8"))
    del records[3]["membres"]
    (broken_source / "epci.json").write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(CommandError, match="epci.json, enregistrement n° 4 : champ « membres » manquant"):
        load("--data-dir", str(broken_source))
    assert snapshot() == (0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_failure_midway_rolls_everything_back(monkeypatch):
    from territories import geography

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(geography, "_sync_epci_departements", explode)
    with pytest.raises(RuntimeError):
        load()
    assert snapshot() == (0, 0, 0, 0, 0)
