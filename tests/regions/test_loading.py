import csv
import shutil

import pytest

from lindungi.core.errors import ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.regions.loading import DATA_DIR, load_regions, region_counts
from lindungi.regions.models import Region

OFFICIAL_COUNTS = {"province": 38, "regency": 514, "district": 7285, "village": 83762}

pytestmark = pytest.mark.django_db


def test_the_shipped_list_holds_every_official_region():
    assert region_counts() == OFFICIAL_COUNTS
    sumedang = Region.objects.get(code="32.11")
    assert (sumedang.name, sumedang.level, sumedang.parent_id) == (
        "Kabupaten Sumedang",
        "regency",
        "32",
    )
    assert Region.objects.get(code="32.11.15.2001").parent_id == "32.11.15"


def test_loading_an_unchanged_list_again_is_skipped():
    result = load_regions()
    assert result.skipped
    assert region_counts() == OFFICIAL_COUNTS


def test_forced_reload_of_the_same_list_changes_nothing():
    result = load_regions(force=True)
    assert (result.created, result.updated, result.retired) == (0, 0, 0)
    assert result.unchanged == sum(OFFICIAL_COUNTS.values())


def _copy_list(tmp_path):
    directory = tmp_path / "regions"
    shutil.copytree(DATA_DIR, directory)
    return directory


def _rewrite(path, change):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_newer_list_adds_renames_and_retires_but_never_deletes(tmp_path):
    directory = _copy_list(tmp_path)

    def change(rows):
        kept = [row for row in rows if row[0] != "32.11.15.2012"]  # Cilayung disappears
        for row in kept:
            if row[0] == "32.11.15.2001":
                row[2] = "Cikeruh Baru"
        return [*kept, ["32.11.15.2099", "32.11.15", "Desa Pemekaran"]]

    _rewrite(directory / "villages.csv", change)
    result = load_regions(directory=directory)

    assert (result.created, result.updated, result.retired) == (1, 1, 1)
    assert Region.objects.get(code="32.11.15.2001").name == "Cikeruh Baru"
    assert Region.objects.get(code="32.11.15.2099").is_active
    retired = Region.objects.get(code="32.11.15.2012")
    assert not retired.is_active
    assert region_counts()["village"] == OFFICIAL_COUNTS["village"]
    event = AuditEvent.objects.filter(action="regions.load").latest("id")
    assert event.details["retired"] == 1

    back = load_regions()  # the shipped list brings the retired village back
    assert back.created == 0
    assert Region.objects.get(code="32.11.15.2012").is_active
    assert Region.objects.get(code="32.11.15.2001").name == "Cikeruh"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (["32.11.15.201", "32.11.15", "Pendek"], "villages.csv baris 83764: kode '32.11.15.201'"),
        (["32.11.99.2001", "32.11.99", "Yatim"], "induk '32.11.99'"),
        (["32.11.15.2001", "32.11.15", "Kembar"], "muncul dua kali"),
        (["32.11.15.2098", "32.11.15", "  "], "tidak bernama"),
    ],
)
def test_a_broken_file_is_refused_naming_the_line_and_nothing_is_written(
    tmp_path, bad_row, message
):
    directory = _copy_list(tmp_path)
    _rewrite(directory / "villages.csv", lambda rows: [*rows, bad_row])
    with pytest.raises(ValidationFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_regions(directory=directory)
    assert region_counts() == OFFICIAL_COUNTS
