"""manage.py bench on the governance pages (committees, a committee, a meeting, decisions) beside the admin
changelists of their models, and the pack build measured with the exports."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from governance.models import CommitteePack, Decision, Meeting
from governance.scale import row_counts


@pytest.fixture
def tiny_scale(official_territories, settings):
    settings.DEBUG = True
    call_command("seed_scale", "--scale", "0.005", "--sans-geographie", stdout=StringIO())


def bench(*args):
    out = StringIO()
    call_command("bench", *args, stdout=out)
    return json.loads(out.getvalue())


def test_governance_pages_beside_their_admin_changelists(tiny_scale):
    result = bench("--runs", "1", "--pages", "committees,committee,meeting,decisions", "--sans-exports")
    admin = {
        "committees": "/admin/governance/committee/",
        "committee": "/admin/governance/committee/",
        "meeting": "/admin/governance/meeting/",
        "decisions": "/admin/governance/decision/",
    }
    assert set(result["pages"]) == set(admin)
    for name, entry in result["pages"].items():
        assert set(entry["roles"]) == {"coordinator", "referent", "partner"}
        for role, measured in entry["roles"].items():
            assert measured["status"] == 200, (name, role, measured["url"])
            assert measured["admin"]["url"] == admin[name] and measured["admin"]["status"] == 200
    assert result["rows"]["meetings"] == Meeting.objects.count() == row_counts(0.005)["meetings"]
    assert result["rows"]["decisions"] == Decision.objects.count() > 0
    assert result["pack"] == {}


def test_the_pack_build_is_measured_with_the_exports(tiny_scale):
    result = bench("--runs", "1", "--pages", "committees")
    pack = result["pack"]
    assert pack["projects on agendas"] == row_counts(0.005)["projects on the pack year's agendas"]
    assert pack["seconds"] > 0 and pack["peak_mb"] >= pack["start_mb"] > 0 and pack["pdf_kb"] > 0
    # The measured version is not kept.
    assert not CommitteePack.objects.exists()
