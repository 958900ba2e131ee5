"""Service-note rules: settings, service types, minutes, validation. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from peerdesk.domain.participants import FieldProblem
from peerdesk.i18n import _

SETTINGS = {
    "community": _("Community"),
    "hospital": _("Hospital / emergency department"),
    "jail": _("Jail / prison"),
    "treatment": _("Treatment program"),
    "recovery_center": _("Recovery center"),
    "home": _("Home"),
    "phone": _("Phone"),
    "video": _("Video"),
}


@dataclass(frozen=True)
class ServiceType:
    label: str
    code: str
    modifier: str = ""


# Defaults until billing settings exist (the reports issue makes codes configurable).
SERVICE_TYPES = {
    "recovery_coaching": ServiceType(_("Recovery coaching (individual)"), "H0038"),
    "group_support": ServiceType(_("Group recovery support"), "H0038", "HQ"),
    "resource_navigation": ServiceType(_("Resource navigation"), "H0038"),
    "crisis_support": ServiceType(_("Crisis support"), "H0038"),
    "outreach": ServiceType(_("Outreach / engagement"), ""),
    "advocacy": ServiceType(_("Advocacy"), "H0038"),
}
GROUP_MODIFIER = "HQ"
MAX_MINUTES = 12 * 60


def minutes_between(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


@dataclass
class EncounterInput:
    participant_id: int
    service_date: date
    start_time: time
    end_time: time
    setting: str
    service_type: str
    narrative: str = ""
    service_code: str | None = None  # None: the service type's default
    modifier: str | None = None
    is_group: bool = False
    naloxone_kits: int = 0
    test_strips: int = 0
    other_supplies: str = ""
    other_supplies_count: int = 0
    extra: dict[str, str] = field(default_factory=dict)


def validate_encounter(data: EncounterInput, now: datetime) -> list[FieldProblem]:
    problems: list[FieldProblem] = []

    def add(name: str, message: str) -> None:
        problems.append(FieldProblem(name, message))

    if data.service_date > now.date():
        add("service_date", _("The date of service cannot be in the future."))
    minutes = minutes_between(data.start_time, data.end_time)
    if minutes <= 0:
        add("end_time", _("The stop time must be after the start time."))
    elif minutes > MAX_MINUTES:
        add("end_time", _("A note covers at most 12 hours; please check the times."))
    if data.service_date == now.date() and data.end_time > now.time().replace(second=59):
        add("end_time", _("The stop time is later than now."))
    if data.setting not in SETTINGS:
        add("setting", _("Please choose where the service took place."))
    if data.service_type not in SERVICE_TYPES:
        add("service_type", _("Please choose the type of service."))
    for name in ("naloxone_kits", "test_strips", "other_supplies_count"):
        value = getattr(data, name)
        if value < 0 or value > 500:
            add(name, _("Please enter a count from 0 to 500."))
    if data.other_supplies_count and not data.other_supplies.strip():
        add("other_supplies", _("Please say what the other supplies were."))
    if len(data.narrative) > 20_000:
        add("narrative", _("The note is limited to 20,000 characters."))
    return problems


def validate_for_signing(narrative: str, minutes: int) -> list[FieldProblem]:
    problems = []
    if len(narrative.strip()) < 10:
        problems.append(FieldProblem(
            "narrative", _("Please write the note (at least a sentence) before signing.")))
    if minutes <= 0:
        problems.append(FieldProblem("end_time", _("The stop time must be after the start.")))
    return problems
