"""Reading an Open Referral HSDS tabular data package (a folder of CSV files, with or
without datapackage.json), in the 3.0 layout or the older 1.x layout, into plain records.

Nothing here touches the database. Every problem that must stop an import (a missing
required column, a file that is not UTF-8, a duplicate id, a broken required reference)
is a :class:`~peerdesk.services.hsds_records.Problem` with its file and line; what can be
imported without a part of the file (an optional reference to something not in the
package, a table PeerDesk does not use) is a warning, so the report can say what could not
be used.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from peerdesk.db.resource_models import HSDS_ID_LENGTH
from peerdesk.i18n import _
from peerdesk.services.hsds_records import Package, Problem, Row, build_records

# table -> (file names, 3.0 first; required columns)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "organizations": (("organizations.csv",), ("id", "name")),
    "services": (("services.csv",), ("id", "organization_id", "name")),
    "locations": (("locations.csv",), ("id",)),
    "addresses": (("addresses.csv", "physical_addresses.csv"), ("id", "location_id")),
    "phones": (("phones.csv",), ("id", "number")),
    "service_at_location": (("service_at_location.csv", "services_at_location.csv"),
                            ("id", "service_id", "location_id")),
    "taxonomy_terms": (("taxonomy_terms.csv", "taxonomy.csv"), ("id", "name")),
    "taxonomies": (("taxonomies.csv",), ("id", "name")),
    "attributes": (("attributes.csv",), ("id", "link_id", "taxonomy_term_id")),
    "services_taxonomy": (("services_taxonomy.csv",), ("service_id", "taxonomy_id")),
}
OLD_LAYOUT_FILES = {"services_at_location.csv", "physical_addresses.csv", "taxonomy.csv",
                    "services_taxonomy.csv"}
MOST_PROBLEMS = 500


def _decode(path: Path, package: Package) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        package.problems.append(Problem(path.name, line, _(
            "this file is not UTF-8 text (byte 0x{byte:02x} cannot be read). Save it as UTF-8 "
            "(in a spreadsheet, 'CSV UTF-8') and import again.").format(
                byte=data[exc.start])))
        return None


def _read_table(path: Path, required: tuple[str, ...], package: Package) -> list[Row]:
    text = _decode(path, package)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    name = path.name
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        package.problems.append(Problem(name, 1, _("the file is empty (no header line).")))
        return []
    except csv.Error as exc:
        package.problems.append(Problem(name, 1, _("cannot be read as CSV ({e}).").format(e=exc)))
        return []
    missing = [c for c in required if c not in header]
    if missing:
        package.problems.append(Problem(name, 1, _(
            "required column(s) missing: {cols}.").format(cols=", ".join(missing))))
        return []
    rows: list[Row] = []
    seen: dict[str, int] = {}
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            package.problems.append(Problem(name, reader.line_num, _(
                "cannot be read as CSV ({e}).").format(e=exc)))
            break
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
            package.problems.append(Problem(name, start, _(
                "has {n} values but the header has {m} columns.").format(
                    n=len(values), m=len(header))))
            continue
        row = Row(start, dict(zip(header, values, strict=False)))
        for column in required:
            if not row.get(column):
                package.problems.append(Problem(name, start, _("'{col}' is empty.").format(
                    col=column)))
        ident = row.get("id")
        if ident:
            if len(ident) > HSDS_ID_LENGTH:
                package.problems.append(Problem(name, start, _("the id is longer than {n} "
                                                               "characters.").format(
                    n=HSDS_ID_LENGTH)))
            elif ident in seen:
                package.problems.append(Problem(name, start, _(
                    "id {id} is used twice (also on line {other}).").format(
                        id=ident, other=seen[ident])))
                continue
            seen[ident] = start
        rows.append(row)
    return rows


def _datapackage(folder: Path, package: Package) -> None:
    path = folder / "datapackage.json"
    if not path.is_file():
        return
    try:
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
        resources = meta["resources"]
        paths = [str(r.get("path", "")) for r in resources if isinstance(r, dict)]
    except (ValueError, KeyError, TypeError, AttributeError):
        package.warnings.append(Problem("datapackage.json", None, _(
            "could not be read as a data package description; the CSV files were read by "
            "their names.")))
        return
    for declared in paths:
        if declared and declared.endswith(".csv") and not (folder / declared).is_file():
            package.warnings.append(Problem("datapackage.json", None, _(
                "lists {file}, which is not in the folder.").format(file=declared)))


def read_package(folder: Path | str) -> Package:
    """Read and check a package. ``package.ok`` is False when it must not be imported."""
    folder = Path(folder)
    package = Package(folder)
    if not folder.is_dir():
        package.problems.append(Problem(str(folder), None, _("is not a folder.")))
        return package
    files = {p.name.lower(): p for p in folder.iterdir() if p.suffix.lower() == ".csv"}
    _datapackage(folder, package)
    tables: dict[str, list[Row]] = {}
    used: set[str] = set()
    for table, (names, required) in TABLES.items():
        found = [n for n in names if n in files]
        if found:
            used.add(found[0])
            package.files[table] = files[found[0]].name
            tables[table] = _read_table(files[found[0]], required, package)
            if found[0] in OLD_LAYOUT_FILES:
                package.layout = "1.x"
    if "organizations" not in tables and "services" not in tables:
        package.problems.append(Problem(folder.name, None, _(
            "has no organizations.csv or services.csv: it does not look like an Open "
            "Referral (HSDS) data package.")))
    elif "organizations" not in tables:
        package.problems.append(Problem("organizations.csv", None, _(
            "is missing: every service needs its organization.")))
    package.unused = sorted(n for n in files if n not in used)
    build_records(tables, package)
    del package.problems[MOST_PROBLEMS:]
    return package


