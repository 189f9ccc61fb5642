"""manage.py bench: one JSON object with every page beside its admin page, and query counts that do not
grow with the rows (the times themselves are not asserted: they belong to the machine)."""

import json
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from core.roles import Role
from fabrique.bench import EXPORTS, PAGES, Page, page_query_counts, served_pages
from projects.models import Initiative, NextStep, Project
from territories.models import EngagedTerritory, Need

MEASURE_KEYS = {"url", "status", "median_ms", "p95_ms", "queries"}


def seed(scale):
    call_command("seed_scale", "--scale", scale, "--sans-geographie", stdout=StringIO())


def bench(*args):
    out = StringIO()
    call_command("bench", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def tiny_scale(official_territories, settings):
    settings.DEBUG = True
    seed("0.005")


def test_prints_one_json_object_with_every_page_per_role(tiny_scale):
    result = json.loads(bench("--runs", "1"))
    assert result["runs"] == 1
    assert result["rows"]["needs"] == Need.objects.count()
    assert set(result["floor"]) >= MEASURE_KEYS and result["floor"]["status"] == 200
    assert set(result["pages"]) == {page.name for page in PAGES}
    for page in PAGES:
        entry = result["pages"][page.name]
        assert entry["kind"] == page.kind
        assert set(entry["roles"]) == {str(role) for role in page.roles}
        for role, measured in entry["roles"].items():
            assert MEASURE_KEYS | {"admin", "ratio", "meets_target"} <= set(measured), (page.name, role)
            assert measured["status"] == 200, (page.name, role, measured["url"])
            assert set(measured["admin"]) >= MEASURE_KEYS
            assert measured["admin"]["status"] == 200 and measured["admin"]["url"].startswith("/admin/")
            assert measured["p95_ms"] >= measured["median_ms"] > 0
            # The ratio is rounded to 3 decimals, from medians rounded to 2: a fast page's ratio differs in the 3rd.
            assert measured["ratio"] == pytest.approx(
                measured["median_ms"] / measured["admin"]["median_ms"], rel=0.01, abs=0.002
            )
    assert result["pages"]["invitations"]["roles"].keys() == {Role.COORDINATOR, Role.REFERENT}
    assert set(result["exports"]) == {f"{name}.{kind}" for name, _, _ in EXPORTS for kind in ("csv", "xlsx")}
    needs_csv = result["exports"]["needs.csv"]
    assert needs_csv["rows"] == Need.objects.count() and needs_csv["bytes"] > 0
    assert {"seconds", "peak_mb"} <= set(needs_csv)
    # Every page over the target is listed, with what it missed by.
    missed = {(miss["page"], miss["role"]) for miss in result["misses"]}
    assert missed == {
        (name, role)
        for name, entry in result["pages"].items()
        for role, measured in entry["roles"].items()
        if not measured["meets_target"]
    }


def test_pages_option_limits_the_run(tiny_scale):
    result = json.loads(bench("--runs", "1", "--pages", "sectors,home", "--sans-exports"))
    assert set(result["pages"]) == {"sectors", "home"}
    assert result["exports"] == {}


def test_refuses_unknown_pages_and_an_unseeded_database(tiny_scale):
    with pytest.raises(CommandError, match="Pages inconnues"):
        bench("--pages", "nowhere")
    User = Need.recorded_by.field.related_model
    NextStep.objects.all().delete()  # their owners are protected
    User.objects.filter(email__endswith="@echelle.fabrique.fr").delete()
    with pytest.raises(CommandError, match="seed_scale"):
        bench("--runs", "1")


def test_the_floor_view_is_not_served_by_the_site(db):
    with pytest.raises(Resolver404):
        resolve("/__bench__/ok/")


def query_counts(scale):
    """{(page, role): queries} of every page at `scale`; the data is rolled back afterwards."""
    with transaction.atomic():
        seed(scale)
        counts = page_query_counts()
        transaction.set_rollback(True)
    return counts


def test_query_counts_do_not_grow_with_the_rows(official_territories, settings):
    """Budgets at two sizes: a page's query count at national scale (20,000 projects, 300 territories, 20,000
    needs) is the one it has at 1,000 projects (15 territories, 1,000 needs)."""
    settings.DEBUG = True
    small = query_counts("0.05")
    large = query_counts("1")
    assert Need.objects.count() == 0  # both sizes were rolled back
    assert set(small) == {(page.name, str(role)) for page in PAGES for role in page.roles}
    different = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert different == {}


def test_project_pages_beside_the_admin_changelist_of_projects(tiny_scale):
    result = json.loads(bench("--runs", "1", "--pages", "projects,board,project", "--sans-exports"))
    assert set(result["pages"]) == {"projects", "board", "project"}
    assert result["rows"]["projects"] == Project.objects.count() > 0
    assert result["rows"]["journal entries"] > 0 and result["rows"]["funding lines"] > 0
    for name, entry in result["pages"].items():
        for role, measured in entry["roles"].items():
            assert measured["status"] == 200, (name, role)
            assert measured["admin"]["url"] == reverse("admin:projects_project_changelist")
    # The list filtered to one territory of the referent, as from their home; the detail for editors only.
    listed = result["pages"]["projects"]["roles"][Role.REFERENT]["url"]
    territory = EngagedTerritory.objects.get(slug=listed.split("territoire=")[1])
    assert listed.startswith(reverse("project_list")) and territory.referent_actor.members.exists()
    assert result["pages"]["project"]["roles"].keys() == {Role.COORDINATOR, Role.REFERENT}
    project = Project.objects.get(pk=int(result["pages"]["project"]["roles"][Role.REFERENT]["url"].split("/")[-2]))
    assert project.journal_entries.exists() and project.funding_lines.exists()


def test_a_page_whose_url_is_not_served_yet_is_left_out(db, monkeypatch):
    monkeypatch.setattr("fabrique.bench.PAGES", [*PAGES, Page("later", "list", "not_served_yet", "")])
    served = {page.name for page in served_pages()}
    assert "later" not in served and {"needs", "projects", "board", "project"} <= served


def test_initiative_searches_and_need_suggestions_beside_the_admin_search_of_initiatives(tiny_scale):
    names = "initiatives-search-word,initiatives-search-phrase,initiatives-search-typo,need-suggestions"
    result = json.loads(bench("--runs", "1", "--pages", names, "--sans-exports"))
    assert set(result["pages"]) == set(names.split(","))
    assert result["rows"]["initiatives"] == Initiative.objects.count() > 0
    changelist = reverse("admin:projects_initiative_changelist")
    searched = {
        "initiatives-search-word": "garage",
        "initiatives-search-phrase": '"garage solidaire"',
        "initiatives-search-typo": "garrage",
    }
    for name, words in searched.items():
        for role, measured in result["pages"][name]["roles"].items():
            assert measured["status"] == 200, (name, role)
            # The same words asked of the catalogue and of the admin.
            query = "?" + urlencode({"q": words})
            assert measured["url"] == reverse("initiative_list") + query
            assert measured["admin"]["url"] == changelist + query and measured["admin"]["status"] == 200
    # The need page (with its suggestions), beside the admin's search of the initiatives for the need's words.
    for role, measured in result["pages"]["need-suggestions"]["roles"].items():
        need = Need.objects.get(pk=int(measured["url"].split("/")[-2]))
        assert measured["status"] == 200 and measured["url"] == reverse("need_detail", args=[need.pk])
        words = " ".join(word for word in need.title.split() if sum(char.isalpha() for char in word) > 2)
        assert words and "n°" not in words
        assert measured["admin"]["url"] == changelist + "?" + urlencode({"q": words}), role
        assert measured["admin"]["status"] == 200
