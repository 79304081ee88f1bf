"""Dates in answers, at the precision the text gives, and the role each plays for a system.

Formats: "31/03/2027", "31 March 2027", "March 2028", "2019", ranges "2019 to 2024". UK day
first. The role (in use since, contract start, contract end) comes from cue words before the
date in its sentence, else from the question the answer belongs to (rules/dates.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from foi_extract.rules import DateRoles, date_rules, resource_cache

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<year2>(?:19|20)\d\d)"
    r"|(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>(?:19|20)?\d\d)"
    r"|(?P<year3>(?:19|20)\d\d)(?![/\d]))\b",
    re.IGNORECASE,
)
_RANGE_LINK = re.compile(r"^\s*(?:to|until|till|through|-|–|—)\s*$", re.IGNORECASE)
ROLES = ("in_use_since", "contract_start", "contract_end")


@dataclass(frozen=True)
class FoundDate:
    """A date in a text: its span, its ISO value and, once known, its role."""

    start: int
    end: int
    value: str
    role: str | None = None


def find_dates(text: str) -> list[FoundDate]:
    """Every date in `text`, as ISO at its precision; impossible dates are skipped."""
    found = []
    for match in _DATE.finditer(text):
        value = _iso(match)
        if value:
            found.append(FoundDate(match.start(), match.end(), value))
    return found


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups["year"]:
        return _valid(int(groups["year"]), MONTHS[groups["month"].lower()], int(groups["day"]))
    if groups["year2"]:
        return f"{groups['year2']}-{MONTHS[groups['month2'].lower()]:02d}"
    if groups["y"]:
        year = int(groups["y"]) + (2000 if len(groups["y"]) == 2 else 0)
        return _valid(year, int(groups["m"]), int(groups["d"]))
    return groups["year3"]


def _valid(year: int, month: int, day: int) -> str | None:
    days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if 1 <= month <= 12 and 1 <= day <= days[month - 1]:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


@resource_cache
def _cues(question: bool) -> dict[str, list[re.Pattern[str]]]:
    rules = date_rules()
    roles: DateRoles = rules.question_roles if question else rules.roles
    return {
        role: [re.compile(pattern, re.IGNORECASE) for pattern in getattr(roles, role)]
        for role in ROLES
    }


def _nearest_cue(text: str, question: bool) -> str | None:
    """The role whose cue ends closest to the end of `text`."""
    best: tuple[int, str] | None = None
    for role, patterns in _cues(question).items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                if best is None or match.end() > best[0]:
                    best = (match.end(), role)
    return best[1] if best else None


def dates_with_roles(sentence: str, question: str | None) -> list[FoundDate]:
    """The dates of `sentence` with their roles; dates without a role are left out."""
    dates = find_dates(sentence)
    result: list[FoundDate] = []
    fallback = _nearest_cue(question, question=True) if question else None
    index = 0
    while index < len(dates):
        date = dates[index]
        following = dates[index + 1] if index + 1 < len(dates) else None
        if following and _RANGE_LINK.match(sentence[date.end : following.start]):
            result.append(FoundDate(date.start, date.end, date.value, "contract_start"))
            result.append(
                FoundDate(following.start, following.end, following.value, "contract_end")
            )
            index += 2
            continue
        role = _nearest_cue(sentence[: date.start], question=False) or fallback
        if role:
            result.append(FoundDate(date.start, date.end, date.value, role))
        index += 1
    return result


NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "twelve": 12, "eighteen": 18, "twenty-four": 24}  # fmt: skip


@resource_cache
def _extension_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in date_rules().extension.patterns]


def extension_until(sentence: str, contract_end: str) -> tuple[str, int, int] | None:
    """The contract end pushed out by the extension the sentence offers, with the phrase span.

    "until 31 March 2025 with the option to extend for two years" gives 2027-03-31; "+1+1" two
    one-year options, 2027 from 2025. The result keeps the precision of `contract_end`.
    """
    for pattern in _extension_patterns():
        match = pattern.search(sentence)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("plus"):
            months = 12 * sum(int(part) for part in re.findall(r"\d", groups["plus"]))
        else:
            word = (groups.get("number") or "one").lower()
            count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
            if count is None:
                continue
            months = count * (12 if groups["unit"].lower().startswith("year") else 1)
        return _add_months(contract_end, months), match.start(), match.end()
    return None


def _add_months(value: str, months: int) -> str:
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return f"{parts[0] + months // 12:04d}"
    total = parts[0] * 12 + parts[1] - 1 + months
    year, month = divmod(total, 12)
    if len(parts) == 2:
        return f"{year:04d}-{month + 1:02d}"
    day = min(parts[2], 28 if month == 1 else 30 if month in (3, 5, 8, 10) else 31)
    return f"{year:04d}-{month + 1:02d}-{day:02d}"
