import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_regions_stats_json_prints_the_four_counts():
    assert json.loads(run("regions", "stats", "--json")) == {
        "province": 38,
        "regency": 514,
        "district": 7285,
        "village": 83762,
    }


def test_load_regions_reports_an_unchanged_list():
    assert "unchanged" in run("load-regions", "--verbosity", "0")


def test_load_regions_from_a_missing_folder_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="berkas tidak ditemukan"):
        call_command("load-regions", "--from", str(tmp_path / "nowhere"), "--force")


def test_regions_show_and_search():
    assert "Cikeruh" in run("regions", "show", "32.11.15")
    assert "Kabupaten Sumedang" in run("regions", "search", "sumedang")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        run("regions", "show", "99")
