"""HSDS import: both shared example packages (3.0 and 1.x), re-import without duplicates
and with hand notes kept, and all-or-nothing on broken copies (each problem named with its
file and line; nothing imported)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from peerdesk.db.models import AuditEvent
from peerdesk.db.resource_models import (
    ResourceAddress,
    ResourceOrganization,
    ResourcePhone,
    ResourceService,
    ResourceServiceLocation,
)
from peerdesk.services import directory, hsds_import
from peerdesk.services.errors import PermissionDenied
from tests.conftest import shared_data

SHARED = shared_data()
V3 = SHARED / "hsds-3.0-example"
V1 = SHARED / "hsds-1.1-sample"
SERVICE_V1 = "c89eb05c-62dd-4b64-b494-0cc347b6ea7f"  # Never Homeless Helpline


def copy(src: Path, tmp_path: Path, name: str = "pkg") -> Path:
    dest = tmp_path / name
    shutil.copytree(src, dest)
    for f in dest.iterdir():
        f.chmod(0o644)
    dest.chmod(0o755)
    return dest


def counts(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        return {m.__tablename__: s.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (ResourceOrganization, ResourceService, ResourceAddress,
                          ResourcePhone, ResourceServiceLocation)}


def run(store, folder: Path, **kw):  # type: ignore[no-untyped-def]
    return hsds_import.import_with_store(store, folder, **kw)


def by_kind(report) -> dict[str, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    return {k: (c.added, c.updated, c.unchanged) for k, c in report.counts.items()}


def test_the_hsds_3_0_example_imports_with_what_it_could_not_use(new_store,
                                                                  tmp_path: Path) -> None:
    report = run(new_store, copy(V3, tmp_path))
    assert report.imported and report.problems == [] and report.layout == "3.0"
    assert by_kind(report) == {
        "organizations": (1, 0, 0), "taxonomy_terms": (1, 0, 0), "locations": (1, 0, 0),
        "addresses": (1, 0, 0), "services": (1, 0, 0), "service_locations": (1, 0, 0),
        "phones": (1, 0, 0), "service_terms": (0, 0, 0)}
    warnings = "\n".join(report.warning_lines())
    # The official example's dangling optional references are reported, not fatal.
    assert "datapackage.json: could not be read" in warnings
    assert "locations.csv, line 2: organization_id 985e4a42" in warnings
    assert "organizations.csv, line 2: parent_organization_id cd09a387" in warnings
    assert "taxonomy_terms.csv, line 2: taxonomy_id 07ff6aee" in warnings
    assert "taxonomy_terms.csv, line 2: parent_id 0bc248fa" in warnings
    assert "attributes.csv, line 2: links a taxonomy term to 'link_entity'" in warnings
    assert "Not used by PeerDesk: accessibility.csv, contacts.csv" in warnings
    with new_store.session() as s:
        [row] = directory.search_services(s, new_store.actor, "counselling")
        assert (row.city, row.postal_code, row.phone) == ("MyCity", "ABC 1234",
                                                          "+44 1234 234567")
        detail = directory.service_detail(s, new_store.actor, row.id)
        assert detail.organization == "Example Organization Inc." and detail.imported
        assert detail.places[0].address.startswith("1-30 Main Street, MyVillage, MyCity")


def test_the_hsds_1_1_sample_imports_and_reimports_without_duplicates(new_store,
                                                                      tmp_path: Path) -> None:
    folder = copy(V1, tmp_path)
    first = run(new_store, folder)
    assert first.imported and first.layout == "1.x"
    assert by_kind(first)["services"] == (13, 0, 0)
    assert by_kind(first)["organizations"] == (10, 0, 0)
    assert by_kind(first)["service_locations"] == (13, 0, 0)
    assert by_kind(first)["phones"] == (5, 0, 0)
    assert "postal_addresses.csv" in first.unused
    before = counts(new_store)
    with new_store.session() as s:
        [helpline] = directory.search_services(s, new_store.actor, "never homeless")
        directory.set_notes(s, new_store.actor, helpline.id, "Ask for Maria at intake")
        directory.set_favourite(s, new_store.actor, helpline.id, True)
        # The sample's inactive service is hidden unless asked for.
        assert "Food Safety Program" not in {r.name for r in directory.search_services(
            s, new_store.actor)}
    again = run(new_store, folder)
    assert again.imported and counts(new_store) == before
    assert {k: (a, u) for k, (a, u, _n) in by_kind(again).items()} == {
        k: (0, 0) for k in hsds_import.KINDS}
    assert by_kind(again)["services"] == (0, 0, 13)
    services_csv = folder / "services.csv"
    services_csv.write_text(services_csv.read_text(encoding="utf-8").replace(
        "Never Homeless Helpline", "Never Homeless Help Line"), encoding="utf-8")
    changed = run(new_store, folder)
    assert by_kind(changed)["services"] == (0, 1, 12) and counts(new_store) == before
    with new_store.session() as s:
        [row] = directory.search_services(s, new_store.actor, "maria")
        assert row.name == "Never Homeless Help Line" and row.favourite and row.has_notes


def test_both_layouts_side_by_side_and_a_second_directory_is_noted(new_store,
                                                                   tmp_path: Path) -> None:
    run(new_store, copy(V1, tmp_path, "one"))
    report = run(new_store, copy(V3, tmp_path, "three"))
    assert report.imported
    assert any("service(s) imported earlier are not in this package" in w
               for w in report.warning_lines())
    assert counts(new_store)["resource_services"] == 14


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    ("missing column", V3, lambda f: _edit(f, "organizations.csv", "id,name,", "id,title,"),
     "organizations.csv, line 1: required column(s) missing: name."),
    ("not UTF-8", V1, lambda f: (f / "locations.csv").write_bytes(
        (f / "locations.csv").read_bytes().replace(b"Example City Hall,,This is",
                                                   b"Example City H\xe4ll,,This is", 1)),
     "locations.csv, line 9: this file is not UTF-8 text (byte 0xe4"),
    ("duplicate id", V1, lambda f: (f / "locations.csv").write_text(
        (f / "locations.csv").read_text() + (f / "locations.csv").read_text().splitlines()[1]
        + "\n"),
     "locations.csv, line 12: id 30b83c60-64a1-11e6-8b77-86f30ca893d3 is used twice "
     "(also on line 2)."),
    ("service without its organization", V1,
     lambda f: _edit(f, "services.csv", "25870bcf-7528-4e05-8f0c-7e639075ce71,18996320",
                     "25870bcf-7528-4e05-8f0c-7e639075ce71,deadbeef"),
     "services.csv, line 3: service 'Yound Minds' names organization_id deadbeef-649c-11e6-"
     "8b77-86f30ca893d3, which is not in organizations.csv."),
    ("service_at_location without its location", V3,
     lambda f: _edit(f, "service_at_location.csv", "3a19ff88-4620-4d17-9830-ac1d859eb5d5",
                     "00000000-0000-0000-0000-000000000000"),
     "service_at_location.csv, line 2: location_id 00000000-0000-0000-0000-000000000000 is "
     "not in this package."),
    ("address without its location", V1,
     lambda f: _edit(f, "physical_addresses.csv", "30b83c60", "40b83c60"),
     "physical_addresses.csv, line 2: the address's location_id 40b83c60"),
    ("empty required value", V3, lambda f: _edit(f, "phones.csv", '"""+44 1234 234567"""', ""),
     "phones.csv, line 2: 'number' is empty."),
]


@pytest.mark.parametrize(("kind", "source", "breaker", "expected"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_a_broken_package_imports_nothing_and_names_the_problem(
        new_store, tmp_path: Path, kind, source, breaker, expected) -> None:  # type: ignore[no-untyped-def]
    run(new_store, copy(source, tmp_path, "good"))  # a directory is already there
    before = counts(new_store)
    folder = copy(source, tmp_path, "bad")
    _edit(folder, "organizations.csv", "Example", "Changed") \
        if kind != "missing column" else None
    breaker(folder)
    report = run(new_store, folder)
    assert not report.imported
    assert any(str(p).startswith(expected) for p in report.problems), \
        [str(p) for p in report.problems]
    assert counts(new_store) == before
    with new_store.session() as s:
        assert not any("Changed" in n for n in s.execute(
            select(ResourceOrganization.name)).scalars())
        assert s.execute(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "directory.import")).scalar_one() == 1


def test_every_problem_is_listed_at_once(new_store, tmp_path: Path) -> None:
    folder = copy(V1, tmp_path)
    _edit(folder, "services_at_location.csv", "c89eb05c", "00000000")
    _edit(folder, "services.csv", "25870bcf-7528-4e05-8f0c-7e639075ce71,18996320",
          "25870bcf-7528-4e05-8f0c-7e639075ce71,deadbeef")
    (folder / "phones.csv").write_text("id,numero\n1,555\n")
    report = run(new_store, folder)
    files = sorted({p.file for p in report.problems})
    assert files == ["phones.csv", "services.csv", "services_at_location.csv"]
    assert counts(new_store)["resource_services"] == 0


def test_a_cancelled_import_changes_nothing(new_store, tmp_path: Path) -> None:
    seen: list[int] = []
    report = run(new_store, copy(V1, tmp_path), progress=lambda d, t, _l: seen.append(t),
                 cancelled=lambda: len(seen) > 1)
    assert report.cancelled and not report.imported
    assert counts(new_store)["resource_organizations"] == 0


def test_only_supervisors_and_administrators_import(team, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="supervisor or an administrator"):
        run(team.login("pat"), copy(V3, tmp_path))
    assert run(team.login("sue"), copy(V3, tmp_path, "again")).imported


def test_a_folder_that_is_not_a_package(new_store, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    report = run(new_store, tmp_path / "empty")
    assert [str(p) for p in report.problems] == [
        "empty: has no organizations.csv or services.csv: it does not look like an Open "
        "Referral (HSDS) data package."]


def test_cli_import_prints_counts_and_refuses_a_broken_package(new_store, tmp_path: Path,
                                                               db_path: Path) -> None:
    new_store.lock()
    good = copy(V1, tmp_path, "good")

    def cli(folder: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "peerdesk", "import", "resources", "--db", str(db_path),
             "--user", "admin", "--password-stdin", "--hsds", str(folder)],
            input="admin-pass-1\n", capture_output=True, text=True, timeout=120)

    done = cli(good)
    assert done.returncode == 0, done.stderr
    assert "HSDS 1.x layout" in done.stdout
    assert "  Services: 13 added, 0 updated, 0 unchanged" in done.stdout
    assert "What PeerDesk could not use:" in done.stdout
    bad = copy(V1, tmp_path, "bad")
    _edit(bad, "services.csv", "Never Homeless Helpline", "Renamed")
    _edit(bad, "services_at_location.csv", "c89eb05c", "00000000")
    _edit(bad, "physical_addresses.csv", "30b83c60", "40b83c60")
    refused = cli(bad)
    assert refused.returncode == 1 and refused.stdout == ""
    lines = refused.stderr.splitlines()
    assert lines[0].startswith("peerdesk: error: ") and "nothing was changed" in lines[0]
    assert any(line.startswith("  services_at_location.csv, line 2: service_id 00000000")
               for line in lines)
    assert any(line.startswith("  physical_addresses.csv, line 2:") for line in lines)
    again = cli(good)
    assert "  Services: 0 added, 0 updated, 13 unchanged" in again.stdout
