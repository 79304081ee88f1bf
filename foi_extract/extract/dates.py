"""Dates in answers, at the precision the text gives, and the role each plays for a system.

Formats: "31/03/2027", "31st March 2027", "March 31, 2027", "March 2028", "Mar-28", "2019",
ISO "2027-03-31", financial years "2024/25" and "FY 19/20", ranges "2019 to 2024", and dates
relative to the response date ("next year", "the end of this financial year", "March next year").
UK day first. The role (in use since, contract start, contract end) comes from cue words before
the date in its sentence, else from the question the answer belongs to (rules/dates.toml).

A financial year is two dates: the day it starts (1 April) for a start or an in-use date, the
day it ends (31 March) for an end. The text gives no finer precision, and an end "in 2024/25"
is read as the end of that year, as councils mean it. dateutil does the month arithmetic of
extensions (a month added to 31 January is 28 or 29 February).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from foi_extract.extract.cells import HeadedValue, header_at
from foi_extract.extract.findings import Finding
from foi_extract.extract.literals import AnyMatch, PreCheck, fold
from foi_extract.rules import (
    DateRoles,
    any_of,
    date_rules,
    resource_cache,
    resource_memo,
    rule_ref,
)

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


def _month(group: str) -> str:
    return rf"(?P<{group}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"


_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR4 = r"(?P<{0}>(?:19|20)\d\d)"
_DATE = re.compile(
    r"\b(?:"
    + rf"(?P<iso>{_YEAR4.format('iso_y')}-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d))"
    + rf"|{_DAY.format('dmy_d')}\s+(?:of\s+)?{_month('dmy_m')},?\s+"
    + r"(?P<dmy_y>(?:19|20)\d\d|\d\d(?![\d:]))"
    + rf"|{_month('mdy_m')}\s+{_DAY.format('mdy_d')},?\s+{_YEAR4.format('mdy_y')}"
    + rf"|{_month('my_m')},?\s+{_YEAR4.format('my_y')}"
    + rf"|{_month('mys_m')}\s*[-'’]\s*(?P<mys_y>\d\d)(?!\d)"
    + r"|(?P<num_d>[0-3]?\d)[/.-](?P<num_m>[01]?\d)[/.-](?P<num_y>(?:19|20)\d\d|\d\d)(?![\d/])"
    + r"|(?P<nmy_m>0?[1-9]|1[0-2])/(?P<nmy_y>(?:19|20)\d\d)(?![\d/])"  # "Go-live: 10/2014"
    + r"|(?:FY\s*|financial year\s*)?(?P<fy_a>(?:19|20)\d\d)\s*[/-]\s*"
    + r"(?P<fy_b>\d\d(?:\d\d)?)(?![\d/])"
    + r"|(?:FY\s*|financial year\s*)(?P<fys_a>\d\d)\s*[/-]\s*(?P<fys_b>\d\d)(?![\d/])"
    + r"|(?P<fyb_a>1[3-9]|2\d)/(?P<fyb_b>1[4-9]|2\d)(?![\d/])"
    + rf"|{_YEAR4.format('year')}(?![/\d]))\b",
    re.IGNORECASE,
)
_NAMED_BY_YEAR = re.compile(
    r"\b(?:Act|Acts|Regulations?|Order|Measure|Code|Rules)"
    r"(?: \((?:Scotland|Wales|Northern Ireland)\))?,?\s*$"
)
_EXTENDED = re.compile(
    r"\b(?:(?:since |has been |have been |was |been )?extended (?:to|until)"
    r"|(?:now|currently) (?:runs?|expires?|ends?) (?:to|until|on|in)?"
    # a decision that extends it, not an option to: "To extend the contract with Y for three
    # years, so that it ends on 31 March 2027"
    r"|^\W*(?:to |we have |the council has |it was agreed to )?extend(?:ed)? the (?:[\w-]+ ){0,2}"
    r"(?:contract|agreement|licence)\b[^.;]{0,120}?\b(?:ends?|expires?|runs to|until)"
    r"(?: on| in)?)\s*$",
    re.I,
)  # an end that replaced an earlier one: "extended to ...", "... and now runs to ..."
_EXTENSION_PERIOD = re.compile(r"\bextend(?:s|ed|ing)?\b[^.;]{0,160}?\bfrom\s*$", re.I)
"""A range that is an extension's period: "to extend the contract ... for 24 months, from
1 January 2024 to 31 December 2025" ends the contract and starts nothing."""
_IN_REFERENCE = re.compile(r"[A-Za-z][-/_]$")
_RANGE_LINK = re.compile(r"^\s*(?:to|until|till|through|-|–|—)\s*$", re.IGNORECASE)
ROLES = ("in_use_since", "contract_start", "contract_end")
STARTS = ("in_use_since", "contract_start")


@dataclass(frozen=True)
class FoundDate:
    """A date in a text: its span, its ISO value and, once known, its role.

    `start_value` differs from `value` for a financial year: its first day, where `value` is
    its last."""

    start: int
    end: int
    value: str
    start_value: str | None = None

    def as_role(self, role: str, rule_id: str, supersedes: bool = False) -> Finding:
        """This date as a finding in `role` (the field), with the value a start or an end of
        it means, read by the cue rule `rule_id`."""
        value = self.start_value if role in STARTS and self.start_value else self.value
        return Finding(role, value, self.start, self.end, rule_id, supersedes=supersedes)


_DIGIT = re.compile(r"\d")


def find_dates(text: str, today: date | None = None) -> list[FoundDate]:
    """Every date in `text`, as ISO at its precision; impossible dates are skipped.

    With `today` (the response date), relative phrases ("next year") are read as dates too."""
    found = []
    for match in _DATE.finditer(text) if _DIGIT.search(text) else ():  # every form has a digit
        if _NAMED_BY_YEAR.search(text, max(0, match.start() - 40), match.start()):
            continue  # "the Freedom of Information Act 2000" is no date
        if _IN_REFERENCE.search(text, max(0, match.start() - 2), match.start()):
            continue  # "FOI-2025-0087", "EIR/2024/31" are references
        values = _iso(match)
        if values:
            found.append(FoundDate(match.start(), match.end(), values[1], start_value=values[0]))
        elif month := _year_month(match[0]):  # "2016-09", ISO's year and month
            found.append(FoundDate(match.start(), match.end(), month))
        elif match.group("fy_a"):  # "2019-2024" is no financial year but two years
            found += [
                FoundDate(match.start(group), match.end(group), match.group(group))
                for group in ("fy_a", "fy_b")
                if re.fullmatch(r"(?:19|20)\d\d", match.group(group))
            ]
    if today is not None:
        found += _relative_dates(text, today, found)
    return sorted(found, key=lambda found_date: found_date.start)


_YEAR_MONTH = re.compile(r"((?:19|20)\d\d)-(0[1-9]|1[0-2])")


def _year_month(said: str) -> str | None:
    """A year and month in ISO form ("2016-09"), which no financial year ("2016-17") is."""
    found = _YEAR_MONTH.fullmatch(said)
    return found[0] if found else None


def _iso(match: re.Match[str]) -> tuple[str | None, str] | None:
    """(start value, value) of a date match, or None when it is no date."""
    groups = match.groupdict()
    if groups["iso"]:
        one = _valid(int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"]))
    elif groups["dmy_y"]:
        year = _four_digits(groups["dmy_y"])
        one = _valid(year, MONTHS[groups["dmy_m"].lower()], int(groups["dmy_d"]))
    elif groups["mdy_y"]:
        one = _valid(int(groups["mdy_y"]), MONTHS[groups["mdy_m"].lower()], int(groups["mdy_d"]))
    elif groups["my_y"]:
        one = f"{groups['my_y']}-{MONTHS[groups['my_m'].lower()]:02d}"
    elif groups["mys_y"]:
        one = f"{_four_digits(groups['mys_y'])}-{MONTHS[groups['mys_m'].lower()]:02d}"
    elif groups["num_y"]:
        year = _four_digits(groups["num_y"])
        one = _valid(year, int(groups["num_m"]), int(groups["num_d"]))
    elif groups["nmy_y"]:
        one = f"{groups['nmy_y']}-{int(groups['nmy_m']):02d}"
    elif groups["year"]:
        one = groups["year"]
    else:
        return _financial_year(groups)
    return (None, one) if one else None


def _four_digits(year: str) -> int:
    return int(year) + (2000 if len(year) == 2 else 0)


def _financial_year(groups: dict[str, str | None]) -> tuple[str, str] | None:
    """A UK financial year (1 April to 31 March): "2024/25", "2024-2025", "FY 19/20", "19/20"."""
    for first, second in (("fy_a", "fy_b"), ("fys_a", "fys_b"), ("fyb_a", "fyb_b")):
        if groups[first] and groups[second]:
            start_year = _four_digits(groups[first] or "")
            end = groups[second] or ""
            end_year = int(end) if len(end) == 4 else start_year // 100 * 100 + int(end)
            if end_year != start_year + 1:
                return None
            return f"{start_year}-04-01", f"{end_year}-03-31"
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@resource_cache
def _relative_patterns() -> list[tuple[re.Pattern[str], str, PreCheck]]:
    """Each relative phrase's pattern, value template and the check of the words its every
    match holds."""
    month = _month("month")
    patterns = [
        (re.compile(rule.pattern.replace("MONTH", month), re.IGNORECASE), rule.value)
        for rule in date_rules().relative
    ]
    return [(pattern, value, PreCheck.of(pattern)) for pattern, value in patterns]


def _relative_dates(text: str, today: date, taken: list[FoundDate]) -> list[FoundDate]:
    """Phrases dated against `today`: each rule's `value` is a template of `{year}`, `{next}`,
    `{last}`, `{fy_end}`, `{next_fy_end}`, `{fy_start}`, `{month}` and `{in_years}`."""
    fy_end = today.year + (1 if today.month >= 4 else 0)
    found: list[FoundDate] = []
    folded = fold(text)
    for pattern, template, words in _relative_patterns():
        if not words.holds(folded):
            continue  # none of its words: no match (see literals.py)
        for match in pattern.finditer(text):
            if any(d.start < match.end() and match.start() < d.end for d in taken + found):
                continue
            groups = match.groupdict()
            month = MONTHS.get((groups.get("month") or "").lower().rstrip("."), 0)
            years = number_of(groups.get("years"))
            value = template.format(
                year=today.year,
                next=today.year + 1,
                last=today.year - 1,
                fy_end=f"{fy_end}-03-31",
                next_fy_end=f"{fy_end + 1}-03-31",
                fy_start=f"{fy_end - 1}-04-01",
                month=f"{month:02d}",
                in_years=today.year + (years or 0),
            )
            found.append(FoundDate(match.start(), match.end(), value))
    return found


NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18,
                "twenty-four": 24, "thirty-six": 36}  # fmt: skip


def number_of(word: str | None) -> int | None:
    """A count written in digits or as a word ("12", "two"), else None."""
    if not word:
        return None
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


KINDS = ("roles", "column_roles", "question_roles")
NO_ROLE = "none"


@resource_cache
def _cues(kind: str) -> dict[str, list[re.Pattern[str]]]:
    """Role -> cue patterns of one kind: sentence cues, column headers or question cues."""
    roles: DateRoles = getattr(date_rules(), kind)
    anchored = kind == "column_roles"
    return {
        role: [re.compile(rf"^\s*(?:{p})\s*$" if anchored else p, re.IGNORECASE) for p in
               getattr(roles, role)]
        for role in (NO_ROLE, *ROLES)
    }  # fmt: skip


@resource_memo(maxsize=4096)  # a question is read again for every sentence of its answer
def _nearest_cue(text: str, kind: str) -> str | None:
    """The role (or "none") whose cue ends closest to the end of `text` (a tie goes to "none":
    "planned go-live" is no go-live)."""
    best: tuple[int, str] | None = None
    for role, patterns in _cues(kind).items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                if best is None or match.end() > best[0]:
                    best = (match.end(), role)
    return best[1] if best else None


def names_a_date_field(label: str) -> bool:
    """`label` heads a date of ours, or one that plays none, as a table column would ("Start",
    "End", "Go-live", "Extension options"): a field of the system in play, not a name."""
    return _nearest_cue(label, "column_roles") is not None


RANGE = rule_ref("dates", "range")


def _cue_rule(kind: str, role: str) -> str:
    return rule_ref("dates", f"{kind}.{role}")


FOOTNOTE_MARK = re.compile(r"\s*(?:[*†‡]+|\(\d\)|\[\d\])\s*$")


def _cell_role(cell: HeadedValue | None) -> tuple[str | None, int, str | None]:
    """The role a table cell's header gives a date in it, where the cell starts (so cues in
    earlier cells are not read), and the role one half of a header split at " / " gives (a
    bilingual header names its column twice, "Diwedd contract / Contract end"; but "Go-live /
    contract" holds two things, so a half's role comes after the cell's own cues)."""
    if cell is None or not cell.header:
        return None, 0, None
    header = FOOTNOTE_MARK.sub("", cell.header)  # "Contract end*", "Start date (1)"
    start = max(cell.start, 0)
    whole = _nearest_cue(header, "column_roles")
    if whole or " / " not in header:
        return whole, start, None
    halves = (_nearest_cue(part.strip(), "column_roles") for part in header.split(" / "))
    return None, start, next((role for role in halves if role), None)


Fallback = tuple[str | None, str]
"""A role from outside the sentence (a list's label, the question) and the rule that gave it."""
NO_FALLBACK: Fallback = (None, "")


def _role(
    sentence: str, found: FoundDate, fallback: Fallback, cells: Sequence[HeadedValue]
) -> tuple[str | None, str]:
    """The role of a date and the rule that gave it: its cell's column header, else the
    nearest cue before it in its sentence (from its cell's start), else `fallback` (a list
    label's, the question's)."""
    cell = header_at(cells, found.start)
    by_column, cell_start, by_half = _cell_role(cell)
    if by_column:
        return by_column, _cue_rule("column_roles", by_column)
    by_cue = _nearest_cue(sentence[cell_start : found.start], "roles")
    if by_cue:
        return by_cue, _cue_rule("roles", by_cue)
    cell_end = cell.end if cell is not None else len(sentence)
    after = _nearest_cue(sentence[found.end : max(cell_end, found.end)], "after_roles")
    if after and after != NO_ROLE:
        return after, _cue_rule("after_roles", after)
    if by_half:
        return by_half, _cue_rule("column_roles", by_half)
    return fallback


def dates_with_roles(
    sentence: str,
    question: str | None,
    today: date | None = None,
    cells: Sequence[HeadedValue] = (),
    label: str | None = None,
) -> list[Finding]:
    """The dates of `sentence` as findings whose field is their role (in_use_since,
    contract_start, contract_end), read by the rule that gave it; dates without a role (or
    whose cue says they play none, "switched off in 2016") are left out. A range ("01/04/2022
    - 31/03/2027") starts and ends a contract unless its cue makes the start an in-use date;
    then its end is when use stopped, which is no contract date. A contract date needs a word
    of contracts in the sentence or the question ("the team was known until 2017 as ..." ends
    no contract), and a sentence about money takes no role from its question ("spend in
    2024/25 was ..."). A line under a list's label ("End dates:" / "LCS: 31 March 2027.")
    takes the label's role before the question's."""
    dates = find_dates(sentence, today)
    if not dates:
        return []  # most sentences: no cue need be read
    result: list[Finding] = []
    context = f"{sentence} {label or ''} {question or ''}"
    about_contracts = _words("contract_words").search(context)
    labelled = _nearest_cue(label, "roles") if label else None
    asked = _nearest_cue(question, "question_roles") if question else None
    fallback: Fallback = NO_FALLBACK
    if labelled and labelled != NO_ROLE:
        fallback = (labelled, _cue_rule("list_label", labelled))
    elif asked and not _words("money_words").search(sentence):
        fallback = (asked, _cue_rule("question_roles", asked))
    index = 0
    while index < len(dates):
        found = dates[index]
        following = dates[index + 1] if index + 1 < len(dates) else None
        if following and _RANGE_LINK.match(sentence[found.end : following.start]):
            before, rule_id = _role(sentence, found, NO_FALLBACK, cells)
            if about_contracts and _EXTENSION_PERIOD.search(sentence[: found.start]):
                result.append(following.as_role("contract_end", RANGE, supersedes=True))
            elif before == "in_use_since":
                result.append(found.as_role(before, rule_id))
            elif about_contracts:
                first_role = before if before in STARTS else "contract_start"
                result += [
                    found.as_role(first_role, RANGE),
                    following.as_role("contract_end", RANGE),
                ]
            index += 2
            continue
        term = _term_before(sentence, found)
        if term is not None:  # "for a period of seven years from 1 October 2024"
            result += term
            index += 1
            continue
        role, rule_id = _role(sentence, found, fallback, cells)
        if role in ("contract_start", "contract_end") and not about_contracts:
            role = None
        if role == "in_use_since" and _after(found.value, today):
            role = None  # a go-live still to come ("due to go live in 2026") is no use yet
        if role and role != NO_ROLE:
            supersedes = role == "contract_end" and bool(_EXTENDED.search(sentence[: found.start]))
            result.append(found.as_role(role, rule_id, supersedes))
        index += 1
    lent_by = fallback[1] if fallback is not NO_FALLBACK else None
    return _transactions_yield(_lent_roles_yield(result, lent_by, sentence), sentence)


def _transactions_yield(found: list[Finding], sentence: str) -> list[Finding]:
    """A start the sentence states outranks the date of a signing or award it also gives
    (`transaction_cues`): "signed in November 2023 and runs ... from 1 December 2023"."""
    starts = [f for f in found if f.field == "contract_start"]
    if len(starts) < 2 or not date_rules().transaction_cues:
        return found
    cue = _transaction_cue()
    signed = {id(f) for f in starts if cue.search(sentence, 0, f.start)}
    if len(signed) == len(starts):
        return found
    return [replace(f, score=min(f.score, LENT_SCORE)) if id(f) in signed else f for f in found]


@resource_cache
def _transaction_cue() -> re.Pattern[str]:
    return any_of(date_rules().transaction_cues)


LENT_SCORE = 0.9
"""The score of a role a date takes from its question or label where its own sentence gives
another date that role by a cue of its own (the resolver's score step)."""


def _lent_roles_yield(found: list[Finding], lent_by: str | None, sentence: str) -> list[Finding]:
    """A sentence that gives a date its role by a cue of its own outranks the role the question
    lends another of its dates: "When does the contract end? -- Mosaic was renewed together
    from 1 April 2022 for five years, to 31 March 2027" (the end is the date "to" marks). A
    date inside an extension option ("with an option to extend to 31 March 2029") is the
    option's, not a role of the sentence's own. The option is looked for only in a sentence
    with a lent role."""
    if lent_by is None or all(f.rule_id != lent_by for f in found):
        return found
    option = extension_in(sentence)
    own = {
        f.field
        for f in found
        if f.rule_id != lent_by and not (option and option.start <= f.start < option.end)
    }
    return [
        replace(f, score=LENT_SCORE) if f.rule_id == lent_by and f.field in own else f
        for f in found
    ]


def _after(value: str, today: date | None) -> bool:
    """`value` (ISO, any precision) lies after `today`, compared at its own precision."""
    return today is not None and value > today.isoformat()[: len(value)]


TERM = rule_ref("dates", "term")
TERM_REACH = 120  # the most characters a term's phrase runs before its date


@resource_cache
def _term() -> re.Pattern[str]:
    return re.compile(date_rules().term.pattern, re.IGNORECASE)


def _term_before(sentence: str, found: FoundDate) -> list[Finding] | None:
    """The start and end of a contract whose term a phrase right before the date counts from
    it ("for a period of seven years from 1 October 2024": 2024-10-01 to 2031-09-30); None
    when no such phrase stands there, or the date is only a year."""
    term = _term().search(sentence, max(0, found.start - TERM_REACH), found.start)
    count = number_of(term.group("number")) if term else None
    first = found.start_value or found.value
    if term is None or count is None or len(first) < 7:
        return None
    months = count * _unit_months(term.group("unit"))
    if len(first) == 7:  # a month: the term ends in the month before its anniversary
        last = add_months(first, months - 1)
    else:
        last = (date.fromisoformat(add_months(first, months)) - timedelta(days=1)).isoformat()
    start = found.as_role("contract_start", TERM)
    return [start, Finding("contract_end", last, found.start, found.end, TERM)]


@resource_cache
def _words(kind: str) -> AnyMatch:
    words: list[str] = getattr(date_rules(), kind)
    return AnyMatch(words)


@resource_cache
def _extension_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in date_rules().extension.patterns]


@dataclass(frozen=True)
class Extension:
    """An extension option a sentence offers: a number of months, or a date it runs to."""

    start: int
    end: int
    months: int = 0
    until: str | None = None

    @property
    def value(self) -> str:
        """The option as a value: ISO 8601 months (`P24M`) or the date it runs to."""
        return self.until or f"P{self.months}M"

    @classmethod
    def parse(cls, value: str, start: int = 0, end: int = 0) -> Extension:
        """The option `value` (from `Extension.value`) stands for."""
        if value.startswith("P") and value.endswith("M"):
            return cls(start, end, months=int(value[1:-1]))
        return cls(start, end, until=value)

    def applied_to(self, contract_end: str) -> str | None:
        """The contract end pushed out by this option, at the precision of `contract_end`."""
        if self.until is not None:
            return self.until if self.until > contract_end else None
        return add_months(contract_end, self.months)


EXTENSION_OPTION = "extension_option"
"""The field of an extension option: applied to the contract end a fact ends up with, it
gives `extension_until` (extract/draft.py)."""
EXTENSION = rule_ref("dates", "extension")


def extension_in(sentence: str) -> Finding | None:
    """The extension option a sentence offers, if any, as a finding whose value is an
    `Extension.value`: "with the option to extend for two years" (`P24M`), "+1+1" (`P24M`),
    "option to extend to 31/03/2025" (`2025-03-31`)."""
    option = _extension(sentence)
    if option is None:
        return None
    return Finding(EXTENSION_OPTION, option.value, option.start, option.end, EXTENSION)


@resource_cache
def _any_extension() -> AnyMatch:
    return AnyMatch(date_rules().extension.patterns)


def _extension(sentence: str) -> Extension | None:
    if not _any_extension().search(sentence):
        return None  # one scan for the common case: no extension option at all
    for pattern in _extension_patterns():
        match = pattern.search(sentence)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("date"):
            until = find_dates(groups["date"])
            if until and until[0].start == 0:
                end = match.start("date") + until[0].end
                return Extension(match.start(), end, until=until[0].value)
            continue
        if groups.get("plus"):
            months = 12 * sum(int(part) for part in re.findall(r"\d", groups["plus"]))
        else:
            count = number_of(groups.get("number") or "one")
            if count is None:
                continue
            times = number_of(groups.get("times")) or 1  # "2 x 12 months", "two periods of"
            months = times * count * _unit_months(groups["unit"])
        end = match.end()
        while further := _more_extension().match(sentence, end):  # "one year plus one year"
            count = number_of(further.group("number"))
            if count is None:
                break
            months, end = months + count * _unit_months(further.group("unit")), further.end()
        if stated := _stated_until(sentence, end):  # "by 2 years to 2029": the date as written
            return Extension(match.start(), stated[1], until=stated[0])
        return Extension(match.start(), end, months=months)
    return None


STATED_UNTIL = re.compile(r"\s*,?\s*(?:to|until)\s+")


def _stated_until(sentence: str, end: int) -> tuple[str, int] | None:
    """The date an option's length runs to, when the sentence states it right after the length
    ("by a further 24 months to March 2028"), with where it ends."""
    joined = STATED_UNTIL.match(sentence, end)
    if joined is None:
        return None
    found = find_dates(sentence[joined.end() : joined.end() + 40])
    if not found or found[0].start != 0:
        return None
    return found[0].value, joined.end() + found[0].end


def _unit_months(unit: str) -> int:
    return 12 if unit.lower().startswith("year") else 1


@resource_cache
def _more_extension() -> re.Pattern[str]:
    return re.compile(date_rules().extension.more, re.IGNORECASE)


def add_months(value: str, months: int) -> str:
    """An ISO date of any precision moved on by `months`, at the same precision."""
    parts = [int(part) for part in value.split("-")]
    moved = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    moved += relativedelta(months=months)
    return moved.isoformat()[: len(value)]


@resource_cache
def date_cue(name: str) -> re.Pattern[str]:
    """One of the cues `rules/dates.toml` gives by name for attributing dates across systems:
    `same_time_as`, `went_live_with`, `before_frame`."""
    rules = date_rules()
    cues = {
        "same_time_as": rules.same_time_as,
        "went_live_with": rules.went_live_with,
        "before_frame": rules.before_frame,
    }
    return re.compile(cues[name], re.IGNORECASE)
