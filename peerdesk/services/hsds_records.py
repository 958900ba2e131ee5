"""From HSDS rows (3.0 or 1.x column names) to PeerDesk directory records, checking every
reference between them. Required references that are broken are problems (nothing is
imported); optional ones are warnings and the link is left out.

The shapes a package is read into (:class:`Row`, :class:`Problem`, :class:`Package`) live
here, below :mod:`peerdesk.services.hsds_package`, which reads the files and then calls
:func:`build_records`: imports run one way, hsds_import -> hsds_package -> hsds_records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from peerdesk.domain.resources import category_key
from peerdesk.i18n import _


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return _("{file}, line {line}: {message}").format(file=self.file, line=self.line,
                                                          message=self.message)


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


@dataclass
class Package:
    """What was read. ``records[kind][hsds id]`` holds model field values plus references
    (``organization``, ``service``, ``location``) as HSDS ids."""

    folder: Path
    layout: str = "3.0"
    records: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)
    service_terms: set[tuple[str, str]] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # table -> file name read

    @property
    def ok(self) -> bool:
        return not self.problems


Records = dict[str, dict[str, object]]


def _float(row: Row, column: str, file: str, package: Package) -> float | None:
    text = row.get(column)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        package.warnings.append(Problem(file, row.line, _(
            "{col} '{value}' is not a number: left empty.").format(col=column, value=text)))
        return None


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def build_records(tables: dict[str, list[Row]], package: Package) -> None:
    files = package.files

    def broken(table: str, row: Row, text: str) -> None:
        package.problems.append(Problem(files[table], row.line, text))

    def unusable(table: str, row: Row, text: str) -> None:
        package.warnings.append(Problem(files[table], row.line, text))

    orgs: Records = {}
    for row in tables.get("organizations", []):
        orgs[row.get("id")] = {
            "name": row.get("name"), "alternate_name": row.get("alternate_name"),
            "description": row.get("description"), "email": row.get("email"),
            "website": row.get("website") or row.get("url"),
            "parent_hsds_id": row.get("parent_organization_id")}
    for ident, org in orgs.items():
        parent = str(org["parent_hsds_id"])
        if parent and parent not in orgs:
            line = next(r.line for r in tables["organizations"] if r.get("id") == ident)
            package.warnings.append(Problem(files["organizations"], line, _(
                "parent_organization_id {ref} is not in this package: the link to a parent "
                "organization is not used.").format(ref=parent)))

    vocabularies = {r.get("id"): r.get("name") for r in tables.get("taxonomies", [])}
    terms: Records = {}
    for row in tables.get("taxonomy_terms", []):
        vocabulary = row.get("taxonomy") or row.get("vocabulary")
        taxonomy_id = row.get("taxonomy_id")
        if taxonomy_id:
            if taxonomy_id in vocabularies:
                vocabulary = vocabularies[taxonomy_id] or vocabulary
            else:
                unusable("taxonomy_terms", row, _(
                    "taxonomy_id {ref} is not in this package: the vocabulary's name is taken "
                    "from the term itself.").format(ref=taxonomy_id))
        parent = row.get("parent_id")
        if parent and parent not in {r.get("id") for r in tables["taxonomy_terms"]}:
            unusable("taxonomy_terms", row, _(
                "parent_id {ref} is not in this package: the term is kept without its "
                "parent.").format(ref=parent))
        code = row.get("code")
        terms[row.get("id")] = {
            "code": code[:100], "name": row.get("name"), "description": row.get("description"),
            "taxonomy": vocabulary, "parent_hsds_id": parent,
            "category": category_key(code, vocabulary)}

    services: Records = {}
    for row in tables.get("services", []):
        org = row.get("organization_id")
        if org and org not in orgs:
            broken("services", row, _(
                "service '{name}' names organization_id {ref}, which is not in "
                "{file}.").format(name=row.get("name"), ref=org,
                                  file=files.get("organizations", "organizations.csv")))
        services[row.get("id")] = {
            "organization": org, "name": row.get("name"),
            "alternate_name": row.get("alternate_name"), "description": row.get("description"),
            "url": row.get("url"), "email": row.get("email"),
            "status": (row.get("status") or "active").lower()[:40],
            "application_process": row.get("application_process"),
            "eligibility": row.get("eligibility_description"),
            "fees": row.get("fees_description") or row.get("fees"),
            "wait_time": row.get("wait_time"),
            "interpretation_services": row.get("interpretation_services")}
        for ref in (t.strip() for t in row.get("taxonomy_ids").split(",")):
            if not ref:
                continue
            if ref in terms:
                package.service_terms.add((row.get("id"), ref))
            else:
                unusable("services", row, _(
                    "taxonomy id {ref} is not in this package: that category is not "
                    "used.").format(ref=ref))

    locations: Records = {}
    for row in tables.get("locations", []):
        org = row.get("organization_id")
        if org and org not in orgs:
            unusable("locations", row, _(
                "organization_id {ref} is not in this package: the location is imported "
                "without its organization.").format(ref=org))
            org = ""
        locations[row.get("id")] = {
            "organization": org, "name": row.get("name"),
            "alternate_name": row.get("alternate_name"), "description": row.get("description"),
            "transportation": row.get("transportation"),
            "latitude": _float(row, "latitude", files["locations"], package),
            "longitude": _float(row, "longitude", files["locations"], package)}

    addresses: Records = {}
    for row in tables.get("addresses", []):
        if row.get("location_id") not in locations:
            broken("addresses", row, _(
                "the address's location_id {ref} is not in {file}.").format(
                    ref=row.get("location_id"), file=files.get("locations", "locations.csv")))
        addresses[row.get("id")] = {
            "location": row.get("location_id"),
            "address_type": (row.get("address_type") or "physical").lower()[:20],
            "attention": row.get("attention"), "address_1": row.get("address_1"),
            "address_2": _join(row.get("address_2"), row.get("address_3"),
                               row.get("address_4")),
            "city": row.get("city"), "region": row.get("region"),
            "state_province": row.get("state_province"),
            "postal_code": row.get("postal_code")[:20], "country": row.get("country")[:40]}

    links: Records = {}
    for row in tables.get("service_at_location", []):
        missing = [what for what, ref, pool in (("service_id", row.get("service_id"), services),
                                                ("location_id", row.get("location_id"),
                                                 locations)) if ref not in pool]
        for what in missing:
            broken("service_at_location", row, _(
                "{col} {ref} is not in this package.").format(col=what, ref=row.get(what)))
        links[row.get("id")] = {"service": row.get("service_id"),
                                "location": row.get("location_id"),
                                "description": row.get("description")}

    _service_terms(tables, package, services, terms, broken, unusable)
    phones = _phones(tables, package, orgs, services, locations, links)
    package.records = {"organizations": orgs, "services": services, "locations": locations,
                       "addresses": addresses, "phones": phones, "service_locations": links,
                       "taxonomy_terms": terms}


def _service_terms(tables, package, services, terms, broken, unusable):  # type: ignore[no-untyped-def]
    for row in tables.get("services_taxonomy", []):
        service, term = row.get("service_id"), row.get("taxonomy_id")
        for col, ref, pool in (("service_id", service, services),
                               ("taxonomy_id", term, terms)):
            if ref not in pool:
                broken("services_taxonomy", row, _("{col} {ref} is not in this package.")
                       .format(col=col, ref=ref))
        package.service_terms.add((service, term))
    for row in tables.get("attributes", []):
        entity = row.get("link_entity").lower()
        if entity != "service":
            unusable("attributes", row, _(
                "links a taxonomy term to '{entity}', not to a service: not used.").format(
                    entity=row.get("link_entity") or "?"))
            continue
        service, term = row.get("link_id"), row.get("taxonomy_term_id")
        for col, ref, pool in (("link_id", service, services),
                               ("taxonomy_term_id", term, terms)):
            if ref not in pool:
                broken("attributes", row, _("{col} {ref} is not in this package.").format(
                    col=col, ref=ref))
        package.service_terms.add((service, term))


def _phones(tables, package, orgs, services, locations, links) -> Records:  # type: ignore[no-untyped-def]
    file = package.files.get("phones", "phones.csv")
    phones: Records = {}
    for row in tables.get("phones", []):
        refs = {"organization": "", "service": "", "location": ""}
        for col, key, pool in (("organization_id", "organization", orgs),
                               ("service_id", "service", services),
                               ("location_id", "location", locations)):
            ref = row.get(col)
            if ref and ref in pool:
                refs[key] = ref
            elif ref:
                package.warnings.append(Problem(file, row.line, _(
                    "{col} {ref} is not in this package: that link is not used.").format(
                        col=col, ref=ref)))
        at = row.get("service_at_location_id")
        if at and at in links:
            refs["service"] = refs["service"] or str(links[at]["service"])
            refs["location"] = refs["location"] or str(links[at]["location"])
        elif at:
            package.warnings.append(Problem(file, row.line, _(
                "service_at_location_id {ref} is not in this package: that link is not "
                "used.").format(ref=at)))
        if not any(refs.values()):
            package.warnings.append(Problem(file, row.line, _(
                "phone {number} belongs to nothing in this package: not used.").format(
                    number=row.get("number"))))
            continue
        phones[row.get("id")] = {
            **refs, "number": row.get("number").strip('"').strip()[:60],
            "extension": row.get("extension")[:20],
            "phone_type": row.get("type")[:20], "description": row.get("description"),
            "languages": row.get("language")}
    return phones
