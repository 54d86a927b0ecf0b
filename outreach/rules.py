"""The rules of asking units for things, held as data: what may be asked, by when (in
working days of the office's holiday calendar, or after the Decree 09/2019 cut-off of a
period), and the reminder ladder. A change of rule is a change of these tables, not of code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from core.errors import ValidationError
from inspections import followup, workdays

CUTOFF_DAY = 14  # Decree 09/2019: every period's data end on the 14th (the next starts on the 15th)


@dataclass(frozen=True)
class DeadlineRule:
    """When a unit's answer is due. `after` is what the count starts from: the period's
    cut-off, the conclusion notice (the inspections slice's remedy rule) or the visit;
    `working_days` counts forward (after the cut-off) or back (before the visit)."""

    after: str  # "cutoff" | "conclusion" | "visit" | "created"
    working_days: int = 0


# kind -> the rule of its default deadline (a person may still choose another day).
REQUEST_KINDS: dict[str, DeadlineRule] = {
    "period_inputs": DeadlineRule("cutoff", 2),  # inputs for the quarterly / 6-, 9-month / annual report
    "monthly_figures": DeadlineRule("cutoff", 2),  # the month's TTHC results from the one-stop system
    "self_inspection": DeadlineRule("visit", -5),  # the self-inspection report, before the team comes
    "remedy": DeadlineRule("conclusion"),  # the remedy report: the inspections slice's rule (15 days)
    "activity_progress": DeadlineRule("cutoff", 2),  # lead units report their activities' progress
}

# The fields a unit fills in for a kind (besides an optional file); each a (name, type).
KIND_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "period_inputs": (("text", "text"),),
    "monthly_figures": (("text", "text"),),  # the figures themselves come as the unit's results file
    "self_inspection": (("text", "text"),),
    "remedy": (("text", "text"),),
    "activity_progress": (("percent", "number"), ("text", "text")),
}


@dataclass(frozen=True)
class Rung:
    """One step of the reminder ladder: on the day `offset` working days from the deadline
    (negative: before it), a reminder goes to `to`, with `cc` in copy."""

    code: str
    offset: int
    to: str  # "liaison" | "leadership"
    cc: tuple[str, ...] = ()


# Ordered by offset. A run sends, for each unit that still owes and each audience, the
# highest rung reached that has not been delivered yet — so a missed day is caught up, and
# a unit reached late gets the late reminder, not the early one.
LADDER: tuple[Rung, ...] = (
    Rung("before", -3, "liaison"),
    Rung("late", 1, "liaison", cc=("head",)),
    Rung("escalated", 5, "leadership"),
)

# A reminder letter (công văn đôn đốc) gives late units this many working days more.
LETTER_WORKING_DAYS = 5

# What the daily run asks for by itself (outreach.recurring): the month's TTHC figures from
# the units of these kinds; a self-inspection report from a unit whose announced visit is at
# most this many days ahead; a remedy report after a conclusion notice of at most this many days ago.
MONTHLY_FIGURES_KINDS = ("department", "commune")
SELF_INSPECTION_NOTICE_DAYS = 21
REMEDY_LOOKBACK_DAYS = 15
# Issued reports go by e-mail to leadership when issued at most this many days ago (so a
# first run does not send the whole register).
ISSUED_LOOKBACK_DAYS = 7

# The periodic report is due by the 20th of the period's last month (DOMAIN.md); from the
# day after the cut-off until then the daily run e-mails its draft to leadership and staff.
PERIODIC_REPORT_DUE_DAY = 20
PERIODIC_PERIODS = {3: "Q1", 6: "H1", 9: "9M", 12: ""}  # last month -> the period code's suffix


def periodic_period(on: date) -> str | None:
    """The periodic report whose draft is due on `on` (2026-Q1, 2026-H1, 2026-9M, 2026), or None."""
    if on.month not in PERIODIC_PERIODS or not CUTOFF_DAY < on.day < PERIODIC_REPORT_DUE_DAY:
        return None
    suffix = PERIODIC_PERIODS[on.month]
    return f"{on.year}-{suffix}" if suffix else str(on.year)


def monthly_publication_month(db: Database, on: date) -> str | None:
    """The month (2026-11) whose TTHC publication the daily run drafts on `on`: the last
    month whose data ended (its cut-off on or before `on`), once the monthly figures
    request's deadline (REQUEST_KINDS["monthly_figures"]) has passed; None before that."""
    year, month = (on.year, on.month) if on.day >= CUTOFF_DAY else (on.year - (on.month == 1), (on.month - 2) % 12 + 1)
    period = f"{year}-{month:02d}"
    due = default_due(db, "monthly_figures", period=period)
    return period if due is not None and on > due else None


_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H1|9M|0[1-9]|1[0-2]))?$")


def cutoff(period: str) -> date:
    """The data cut-off of a period code (2026-11, 2026-Q4, 2026-H1, 2026-9M, 2026): the
    14th of the period's last month (a year ends on 14/12)."""
    match = _PERIOD.match((period or "").strip().upper())
    if not match:
        raise ValidationError("outreach.error.period_invalid", period=period)
    year, part = int(match.group(1)), match.group(2)
    last_month = {None: 12, "H1": 6, "9M": 9}.get(part) if part in (None, "H1", "9M") else None
    if last_month is None:
        last_month = 3 * int(part[1]) if part.startswith("Q") else int(part)
    return date(year, last_month, CUTOFF_DAY)


def add_working_days(db: Database, start: date, count: int) -> date:
    """The working day `count` working days after `start` (before it when negative); 0 gives
    `start` itself when it is a working day, else the next working day."""
    overrides = workdays.overrides_map(db)
    step = 1 if count >= 0 else -1
    day = start
    if count == 0:
        while not workdays.is_working_day(db, day, overrides):
            day += timedelta(days=1)
        return day
    left = abs(count)
    while left:
        day += timedelta(days=step)
        if workdays.is_working_day(db, day, overrides):
            left -= 1
    return day


def default_due(db: Database, kind: str, *, period: str = "", on: date | None = None) -> date | None:
    """The deadline the rules give a request of `kind`: from the period's cut-off, the
    conclusion notice or the visit day `on`. None when the rule's starting point is missing."""
    rule = REQUEST_KINDS.get(kind)
    if rule is None:
        raise ValidationError("outreach.error.kind_unknown", kind=kind)
    if rule.after == "cutoff":
        return add_working_days(db, cutoff(period), rule.working_days) if period else None
    if on is None:
        return None
    if rule.after == "conclusion":
        return followup.default_deadline(on)
    return add_working_days(db, on, rule.working_days)


def rung_day(db: Database, due_on: date, rung: Rung) -> date:
    """The day a rung is reached for a deadline."""
    return add_working_days(db, due_on, rung.offset)
