"""Cheap pre-checks for sets of regular expressions: the words one of which any match must
contain, read from the patterns themselves, so a text without any of them is not scanned.

`requirements` walks a pattern's parse tree: a run of literal characters (through zero-width
assertions) is a word every match contains, an alternation of such runs is spelt out into its
words; a group, a repeat of at least one, an alternation (each branch's words) pass their words
up. A pattern where no such word can be read gives no pre-check: every text may match.

Case is ignored on both sides (so a case-sensitive pattern's words are checked loosely, which
is still implied), and a text is folded as `re.IGNORECASE` folds it: the few non-ASCII letters
that match an ASCII letter are mapped to it first (see `FOLD`).
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # stdlib's own pattern parser (private; 3.11 and later)
from collections.abc import Iterable
from typing import cast

from foi_extract.rules import any_of, one_search

FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The non-ASCII characters `re.IGNORECASE` matches to an ASCII letter or digit (İ, ı, ſ and
the Kelvin sign): every other character it folds to ASCII is ASCII already."""

Words = frozenset[str]


def fold(text: str) -> str:
    """`text` lower-cased the way a case-insensitive literal sees it (one character each)."""
    return text.lower() if text.isascii() else text.translate(FOLD).lower()


def requirements(pattern: str, flags: int = 0) -> tuple[Words, ...]:
    """Sets of lower-case words a match of `pattern` (compiled with `flags`) contains one of
    each of, most telling first; none when no word can be read."""
    try:
        parsed = list(sre_parse.parse(pattern, flags))
    except Exception:  # a parser that changed with Python: no pre-check, every text is scanned
        return ()
    candidates, exact = _read(parsed)
    usable = {_shortened(w) for w in [*candidates, exact] if w and all(w)}  # no empty word
    return tuple(sorted(usable, key=_telling, reverse=True))


WORD_CHARS = 8  # a longer word is looked for by its start: as telling, and fewer to look for


def _shortened(words: Words) -> Words:
    """`words` cut to their first `WORD_CHARS` characters, less any that holds another (a text
    with a word holds its start, and a text with "in use" is found by it, not "was in use")."""
    cut = {word[:WORD_CHARS] for word in words}
    return frozenset(w for w in cut if not any(o != w and o in w for o in cut))


class PreCheck:
    """Whether a text may hold a match of any of some patterns: a text that lacks, for each
    pattern, a word of one of its `requirements` has none (and is not scanned)."""

    def __init__(self, patterns: Iterable[str], flags: int = 0) -> None:
        needs = [requirements(pattern, flags) for pattern in patterns]
        self.needs: list[tuple[Words, ...]] | None = None if not all(needs) else needs

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> PreCheck:
        """The check of one compiled pattern."""
        return cls([pattern.pattern], pattern.flags)

    def may_match(self, text: str) -> bool:
        return self.holds(fold(text))

    def holds(self, folded: str) -> bool:
        """`may_match` of a text already folded (`fold`)."""
        if self.needs is None:
            return True
        for need in self.needs:  # loops, not generators: this runs for every sentence
            for words in need:
                for word in words:
                    if word in folded:
                        break
                else:
                    break  # none of these words: this pattern cannot match
            else:
                return True
        return False


MAX_WORDS = 256  # the most spellings a run of alternatives is spelt out into


def _best(read: tuple[list[Words], Words | None]) -> Words | None:
    candidates, exact = read
    usable = [w for w in [*candidates, exact] if w and all(w)]  # no empty word
    if not usable:
        return None
    return max(usable, key=_telling)


def _telling(words: Words) -> tuple[int, float]:
    """How rarely a text holds one of `words`, guessed: the longer the shortest, the rarer."""
    return min(map(len, words)), sum(map(len, words)) / len(words)


def _read(items: list[tuple[object, object]]) -> tuple[list[Words], Words | None]:
    """The words of a sequence: candidates (each one a match contains) and, when every item
    is spelt out, the whole sequence spelt out (`exact`: its match is one of them)."""
    candidates: list[Words] = []
    run: Words | None = frozenset({""})  # the items since the last one not spelt out
    all_exact = True
    for op, value in items:
        words, exact = _item(op, value)
        if exact and words is not None and run is not None:
            if len(run) * len(words) <= MAX_WORDS:
                run = frozenset(a + b for a in run for b in words)
                continue
            all_exact = False  # too many spellings: spelt out in parts
        if run is not None:
            candidates.append(run)
        if exact and words is not None:
            run = words
            continue
        all_exact = False
        run = frozenset({""})
        if words is not None:
            candidates.append(words)
    if all_exact:
        return candidates, run
    return [*candidates, *([run] if run is not None else [])], None


ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}  # consume nothing: spelt out as ""
REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _item(op: object, value: object) -> tuple[Words | None, bool]:
    """An item's words, and whether they spell out its every match (exact)."""
    name = str(op)
    if name == "LITERAL":
        return _words([chr(value)]), True  # type: ignore[arg-type]
    if name in ZERO_WIDTH:
        return frozenset({""}), True
    if name == "SUBPATTERN":
        return _inner(list(value[-1]))  # type: ignore[index]
    if name == "ATOMIC_GROUP":
        return _inner(list(value))  # type: ignore[call-overload]
    if name in REPEATS:
        low, high, body = cast(tuple[int, int, list[tuple[object, object]]], value)
        if low < 1:
            return None, False
        words, exact = _inner(list(body))
        return words, exact and low == high == 1
    if name == "BRANCH":
        return _branch([list(branch) for branch in value[1]])  # type: ignore[index]
    if name == "IN":
        members = list(value)  # type: ignore[call-overload]
        if members and all(str(kind) == "LITERAL" for kind, _ in members):
            return _words([chr(code) for _, code in members]), True
    return None, False


def _inner(items: list[tuple[object, object]]) -> tuple[Words | None, bool]:
    candidates, exact = _read(items)
    if exact is not None:
        return exact, True
    return _best((candidates, None)), False


def _branch(branches: list[list[tuple[object, object]]]) -> tuple[Words | None, bool]:
    """Any branch may match: the union of their words (exact if every branch's is)."""
    words: set[str] = set()
    exact = True
    for branch in branches:
        found, spelt = _inner(branch)
        if found is None or (not spelt and "" in found):
            return None, False
        words |= found
        exact = exact and spelt
    if not exact and "" in words:
        return None, False
    return frozenset(words), exact


def _words(strings: list[str]) -> Words | None:
    """The strings lower-cased; None if one is not ASCII (a non-ASCII letter may match an
    ASCII one, see `FOLD`, so it cannot be looked for as it is)."""
    if not all(s.isascii() for s in strings):
        return None
    return frozenset(s.lower() for s in strings)


class WordIndex:
    """Patterns (by their place in a list) indexed by the words of their first requirement: a
    text is looked through once for each distinct such word, and only the patterns whose word
    it holds have their other requirements checked (cheaper than each pattern's check in turn
    when many patterns share words)."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE) -> None:
        needs = [requirements(p, flags) for p in patterns]
        self.rest = [need[1:] for need in needs]
        by_word: dict[str, list[int]] = {}
        for i, need in enumerate(needs):
            for word in need[0] if need else ():
                by_word.setdefault(word, []).append(i)
        self.by_word = sorted(by_word.items())
        self.always = [i for i, need in enumerate(needs) if not need]  # no word to look for

    def holding(self, folded: str) -> list[int]:
        """The patterns (in list order) whose every requirement the folded text meets."""
        found = [i for word, places in self.by_word if word in folded for i in places]
        return [i for i in sorted({*self.always, *found}) if _holds_all(self.rest[i], folded)]


class Alternation:
    """`any_of(patterns)`, compiled of only the patterns that may match a text (those whose
    words it holds, `WordIndex`): a pattern that cannot match the text changes nothing in the
    alternation's matches, and the fewer alternatives the faster the scan (one pattern alone
    keeps the regex engine's search for its first characters). Each set of alternatives is
    compiled once. Patterns may not refer back to a group by number (numbers would shift)."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE) -> None:
        self.patterns = patterns
        self.flags = flags
        self.compiled: dict[tuple[int, ...], re.Pattern[str]] = {}

    def of(self, held: tuple[int, ...]) -> re.Pattern[str]:
        """The alternation of the patterns at the places `held` (in order); of none, a
        pattern that matches nothing."""
        found = self.compiled.get(held)
        if found is None:
            found = any_of([self.patterns[i] for i in held] or ["(?!)"], self.flags)
            self.compiled[held] = found
        return found


class RulePatterns:
    """The patterns of some rules (a list of patterns each), indexed by their words: for a
    text, each rule that may match it, with the alternation of only those of its patterns
    whose words the text holds (`WordIndex`, `Alternation`)."""

    def __init__(self, rules: list[list[str]], flags: int = re.IGNORECASE) -> None:
        self.index = WordIndex([pattern for patterns in rules for pattern in patterns], flags)
        self.places = [(n, i) for n, patterns in enumerate(rules) for i in range(len(patterns))]
        self.alternations = [Alternation(patterns, flags) for patterns in rules]

    def held(self, folded: str) -> list[tuple[int, re.Pattern[str]]]:
        """(rule, the alternation of its patterns that may match) for each rule that may
        match the folded text, in rule order."""
        held: dict[int, list[int]] = {}
        for pattern in self.index.holding(folded):
            rule, place = self.places[pattern]
            held.setdefault(rule, []).append(place)
        return [(n, self.alternations[n].of(tuple(held[n]))) for n in sorted(held)]


class AnyMatch:
    """Whether any of some patterns matches a text: each pattern is searched only where the
    text holds its words (`WordIndex`), so a text is scanned by the few patterns that may
    match it, not by one alternation of them all (which loses the regex engine's search for
    a pattern's first characters, and costs as much as every pattern in turn)."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE) -> None:
        self.pattern = one_search(patterns, flags)  # one scan, for a caller's `match`
        self.index = WordIndex(patterns, flags)
        self.each = [re.compile(p, flags) for p in patterns]

    def search(self, text: str) -> bool:
        return any(self.each[i].search(text) for i in self.index.holding(fold(text)))


def _holds_all(needs: tuple[Words, ...], folded: str) -> bool:
    """`folded` holds a word of each of `needs` (a pattern with none may match any text)."""
    for words in needs:
        for word in words:
            if word in folded:
                break
        else:
            return False
    return True
