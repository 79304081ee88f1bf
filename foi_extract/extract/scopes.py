"""ConText-style cue scopes (after medspaCy's ConText): a cue phrase in a sentence reaches the
names that stand in its scope, forward or backward from it, within `max_chars` and up to a
termination. Two rule files use it:

- rules/modifiers.toml: a name a modifier reaches is no fact of the council's (it is negated,
  another organisation's, an example, the request restated, or not software);
- rules/status.toml: the nearest status cue says whether a system is current, previous or
  planned ("we moved from CareFirst", "which will replace CareFirst", "decommissioned 2018").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from foi_extract.extract.literals import RulePatterns, fold
from foi_extract.rules import (
    ScopeRules,
    any_of,
    context_rules,
    modifier_rules,
    resource_cache,
    resource_memo,
    rule_ref,
    status_rules,
)

CLAUSE_END = re.compile(r"\.\s|;")


@dataclass(frozen=True)
class Cue:
    """A cue whose scope reaches a name: its category and the rule (`file.id@version`)."""

    category: str
    rule_id: str


@dataclass(frozen=True)
class _Scope:
    cue: Cue
    direction: str
    max_chars: int
    ends: re.Pattern[str]
    cancel: re.Pattern[str] | None  # words in the cue's clause that make it no cue at all

    def cancelled(self, sentence: str, start: int, end: int) -> bool:
        """The clause holding the cue at [start, end) has one of the rule's `cancelled_by`
        words: "Until 2021 LCS and LAS were hosted on premise" dates hosting, not use."""
        if self.cancel is None:
            return False
        opened = max(sentence.rfind(". ", 0, start), sentence.rfind(";", 0, start)) + 1
        closing = CLAUSE_END.search(sentence, end)
        return (
            self.cancel.search(sentence, opened, closing.start() if closing else len(sentence))
            is not None
        )

    def spans(self, between: str) -> bool:
        """The scope spans `between`, the text from its cue to the name (an abbreviation's
        full stop ends nothing: `context.toml` `abbreviations`)."""
        if len(between) > self.max_chars:
            return False
        if "." in between:
            between = _abbreviations().sub(lambda found: "_" * len(found[0]), between)
        return not self.ends.search(between[: _quotation_opened(between)])


def _quotation_opened(between: str) -> int:
    """Where a quotation that is still open at the name begins in `between` (else its end):
    nothing inside a quotation ends a scope ('you asked for "... I believe you use Mosaic,
    but please confirm whether you have moved to Eclipse"')."""
    curly = between.rfind("“")
    if curly > between.rfind("”"):
        return curly
    if between.count('"') % 2:
        return between.rfind('"')
    return len(between)


@resource_cache
def _abbreviations() -> re.Pattern[str]:
    words = sorted(context_rules().abbreviations, key=len, reverse=True)
    return re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, words))})", re.IGNORECASE)


def _compile(rules: ScopeRules, file: str) -> list[_Scope]:
    return [
        _Scope(
            Cue(rule.category, rule_ref(file, rule.id, rule.version)),
            rule.direction,
            rule.max_chars,
            any_of(rule.terminations or rules.terminations),
            any_of(rule.cancelled_by) if rule.cancelled_by else None,
        )
        for rule in rules.rule
    ]


def _rules_of(kind: str) -> ScopeRules:
    return modifier_rules() if kind == "modifiers" else status_rules()


@resource_cache
def _scopes(kind: str) -> list[_Scope]:
    return _compile(_rules_of(kind), kind)


@resource_cache
def _cue_patterns(kind: str) -> RulePatterns:
    """Every rule's cue patterns, indexed by their words (extract/literals.py)."""
    return RulePatterns([rule.patterns for rule in _rules_of(kind).rule])


@resource_memo(maxsize=1024)
def _cued(kind: str, folded: str) -> tuple[tuple[_Scope, re.Pattern[str]], ...]:
    """The scopes whose cue words the (folded) sentence holds (a sentence without them has no
    cue), each with the alternation of its patterns that may match the sentence: worked out
    once per sentence, which is read once for each name it holds."""
    scopes = _scopes(kind)
    return tuple((scopes[n], pattern) for n, pattern in _cue_patterns(kind).held(folded))


def _reaching(
    kind: str,
    sentence: str,
    start: int,
    end: int,
    others: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, Cue]]:
    """(distance, cue) of every cue whose scope reaches the name at [start, end).

    A forward cue stands before the name, a backward one after it (a backward pattern's `^`
    is the end of the name). A scope ends at a termination, and at another name (`others`):
    in "LCS goes live in April, after which Azeus Care will be retired" only Azeus Care is."""
    before, after = sentence[:start], sentence[end:]
    found = []
    for scope, pattern in _cued(kind, fold(sentence)):
        if scope.direction in ("forward", "both"):
            for cue in pattern.finditer(before):
                if scope.cancelled(sentence, cue.start(), cue.end()):
                    continue
                between = before[cue.end() :]
                crossed = _crosses(sentence, cue.end(), start, others)
                if not crossed and scope.spans(between):
                    found.append((len(between), scope.cue))
        if scope.direction in ("backward", "both"):
            for cue in pattern.finditer(after):
                # a pattern anchored at the name ("^[^.;]{0,60} retired") reaches its last word
                if scope.cancelled(sentence, end + cue.start(), end + cue.end()):
                    continue
                between, reach = after[: cue.start()], cue.end()
                crossed = any(end <= s and e <= end + reach for s, e in others)
                if not crossed and scope.spans(between):
                    found.append((reach, scope.cue))
    return found


COORDINATED = re.compile(
    r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:(?:on|in|for|at) [^.;,:]{1,30}?\s+)?(?:and|or|&)\s+"
)  # what joins one name of a list to the next: ", ", " and ", " on the children's side and "
# (not a clause: "LCS replaced ICS in children's social care, and LAS replaced CareFirst")


def _crosses(sentence: str, cue_end: int, start: int, others: Sequence[tuple[int, int]]) -> bool:
    """Another name stands between a forward cue and the name at `start`, and is not an item
    of the list the name ends: "replaced two older systems: Capita ICS on the children's side
    and CareFirst on the adults' side" reaches CareFirst; "moved from CareFirst to Mosaic"
    does not reach Mosaic."""
    between = sorted((s, e) for s, e in others if cue_end <= s and e <= start)
    if not between:
        return False
    ends = [e for _, e in between]
    starts = [s for s, _ in between[1:]] + [start]
    return any(
        COORDINATED.fullmatch(sentence, e, s) is None for e, s in zip(ends, starts, strict=True)
    )


def modifier_of(sentence: str, start: int, end: int) -> Cue | None:
    """The first modifier (rule order) that reaches the name at [start, end) of `sentence`,
    else None (offsets relative to the sentence)."""
    reaching = _reaching("modifiers", sentence, start, end)
    return reaching[0][1] if reaching else None


def status_of(
    sentence: str, start: int, end: int, others: list[tuple[int, int]] | None = None
) -> Cue | None:
    """The nearest status cue (current, previous or planned) that reaches the name at
    [start, end) of `sentence` without passing another name (`others`), else None."""
    reaching = _reaching("status", sentence, start, end, others or [])
    return min(reaching, key=lambda hit: (hit[0], hit[1].category))[1] if reaching else None
