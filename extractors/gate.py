"""Which patterns can match a text, and where their matches can begin.

``required_literals`` reads from a pattern the literals one of which every match
contains. ``Gate.mask`` finds every literal of several patterns in the
lower-cased text with one Aho-Corasick scan (in C) and sets bit i for each
pattern i that may match: a pattern whose bit is clear cannot match, and its
scan can be skipped. One pass replaces a substring test per literal (~150 for
the trigger patterns of a language) or a scan per pattern.

``leading_literals`` reads the literals one of which every match starts with;
``Leads`` tries its pattern only at the offsets where one begins, with the same
results as ``finditer``/``search``: a (?i) pattern with a leading alternation is
otherwise tried at every character, at ~100 ns each.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

import ahocorasick

# The regex parser and its op codes: private modules, read only by required_literals,
# which falls back to "always run the pattern" if they change.
_sre: Any = importlib.import_module("re._constants")
_sre_parser: Any = importlib.import_module("re._parser")


def required_literals(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case literals one of which every match of ``rx`` contains, or None if the
    pattern promises none (then it must always be run).

    With ``low = ascii_lower(text)``, ``rx`` can match ``text`` only if one of the literals
    is in ``low``: a substring test in C rules a pattern out far faster than its scan.
    Read from the parsed pattern: a run of literal characters, the union over the
    alternatives of a branch, the body of a group or of a repeat taken at least once,
    a class of a few literal characters.
    Cased non-ASCII letters end a run (their case folding is left to the regex).
    """
    try:
        parsed = _sre_parser.parse(rx.pattern, rx.flags)
    except Exception:  # a pattern the private parser cannot read is simply always run
        return None
    need = _seq_literals(list(parsed))
    if not need or not all(need):
        return None
    return need


def _seq_literals(items: list[tuple[Any, Any]]) -> tuple[str, ...] | None:
    """The best requirement of a sequence: any one of its items' requirements holds."""
    found: list[tuple[str, ...]] = []
    run = ""
    for op, av in items:
        if op is _sre.LITERAL:
            ch = chr(av)
            if ch.isascii() or ch.lower() == ch.upper():
                run += ch.lower()
                continue
        if run:
            found.append((run,))
            run = ""
        if op is not _sre.LITERAL:
            need = _item_literals(op, av)
            if need is not None:
                found.append(need)
    if run:
        found.append((run,))
    # the requirement whose shortest literal is longest rules out the most text
    return max(found, key=lambda n: min(map(len, n)), default=None)


def _item_literals(op: Any, av: Any) -> tuple[str, ...] | None:
    if op is _sre.SUBPATTERN:
        return _seq_literals(list(av[3]))
    if op is _sre.BRANCH:
        out: list[str] = []
        for alt in av[1]:
            need = _seq_literals(list(alt))
            if need is None:
                return None
            out.extend(need)
        return tuple(dict.fromkeys(out))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
        return _seq_literals(list(av[2]))
    if op is _sre.IN:  # 笔|起 is parsed as the class [笔起]: one of its characters
        return _set_lead(av)
    return None


def leading_literals(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case literals one of which every match of ``rx`` starts with, or None.

    Where ``low = ascii_lower(text)`` holds none of them at an offset, no match of
    ``rx`` begins there (see ``Starts``). Read like ``required_literals``, but only
    at the front: zero-width items (``\\b``, lookarounds) are passed over, a group
    or a repeat opens with its body, an optional one may also be skipped.
    """
    try:
        parsed = _sre_parser.parse(rx.pattern, rx.flags)
    except Exception:  # a pattern the private parser cannot read is scanned whole
        return None
    lead = _seq_lead(list(parsed))
    if not lead or not all(lead):
        return None
    return lead


_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


def _seq_lead(items: list[tuple[Any, Any]]) -> tuple[str, ...] | None:
    k = 0
    while k < len(items) and items[k][0] in _ZERO_WIDTH:
        k += 1
    if k == len(items):
        return None
    op, av = items[k]
    rest = items[k + 1 :]
    if op is _sre.LITERAL:
        run = ""
        for op2, av2 in items[k:]:
            ch = chr(av2) if op2 is _sre.LITERAL else ""
            if not ch or not (ch.isascii() or ch.lower() == ch.upper()):
                break
            run += ch.lower()
        return (run,) if run else None
    if op is _sre.IN:
        return _set_lead(av)
    if op is _sre.SUBPATTERN:
        return _seq_lead(list(av[3]) + rest)
    if op is _sre.BRANCH:
        out: list[str] = []
        for alt in av[1]:
            lead = _seq_lead(list(alt) + rest)
            if lead is None:
                return None
            out.extend(lead)
        return tuple(dict.fromkeys(out))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        lead = _seq_lead(list(av[2]) + rest)
        if lead is not None and av[0] == 0:  # the body may be skipped
            more = _seq_lead(rest)
            lead = None if more is None else tuple(dict.fromkeys(lead + more))
        return lead
    return None


def _set_lead(items: list[tuple[Any, Any]]) -> tuple[str, ...] | None:
    """The characters of a class of literals and small ASCII ranges ([1-9], [a-h])."""
    chars: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            chars.append(chr(av))
        elif op is _sre.RANGE and 0 <= av[0] <= av[1] < 128 and av[1] - av[0] < 26:
            chars.extend(map(chr, range(av[0], av[1] + 1)))
        else:  # \d, a negated class, a wide range: too many starts to list
            return None
    if not all(c.isascii() or c.lower() == c.upper() for c in chars):
        return None
    return tuple(dict.fromkeys(c.lower() for c in chars))


class Leads:
    """One pattern, tried only where its ``leading_literals`` begin (found in one scan)."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self._automaton: Any = None
        lead = leading_literals(rx)
        if lead:
            self._automaton = ahocorasick.Automaton()
            for word in lead:
                self._automaton.add_word(word, len(word) - 1)
            self._automaton.make_automaton()

    def finditer(self, text: str, low: str) -> list[re.Match[str]]:
        """``list(rx.finditer(text))``; ``low`` is ``ascii_lower(text)``.

        The same leftmost, non-overlapping matches: no match begins at an offset
        left out, and each one listed is tried as the scan would reach it."""
        if self._automaton is None:
            return list(self.rx.finditer(text))
        out: list[re.Match[str]] = []
        pos = 0
        for at in self._starts(low):
            if at < pos:
                continue
            m = self.rx.match(text, at)
            if m is not None:
                out.append(m)
                pos = m.end()
        return out

    def search(self, text: str, low: str) -> re.Match[str] | None:
        """``rx.search(text)``; ``low`` is ``ascii_lower(text)``."""
        if self._automaton is None:
            return self.rx.search(text)
        for at in self._starts(low):
            m = self.rx.match(text, at)
            if m is not None:
                return m
        return None

    def _starts(self, low: str) -> list[int]:
        starts = set()
        for end, back in self._automaton.iter(low):
            starts.add(end - back)
        return sorted(starts)


class Gate:
    """The patterns ``needs`` describes (bit i for ``needs[i]``) that a text can hold."""

    def __init__(self, needs: Sequence[tuple[str, ...] | None]) -> None:
        bits: dict[str, int] = {}
        self.always = 0  # the patterns with no literal: always run
        for i, need in enumerate(needs):
            if need is None:
                self.always |= 1 << i
                continue
            for word in need:
                bits[word] = bits.get(word, 0) | 1 << i
        self._automaton: Any = None
        if bits:
            self._automaton = ahocorasick.Automaton()
            for word, bit in bits.items():
                self._automaton.add_word(word, bit)
            self._automaton.make_automaton()

    @classmethod
    def of(cls, patterns: Sequence[re.Pattern[str]]) -> Gate:
        """The gate of ``patterns``' required literals."""
        return cls([required_literals(rx) for rx in patterns])

    def mask(self, low: str) -> int:
        """Bit i set where ``needs[i]`` is None or one of its literals is in ``low``
        (the text's ``ascii_lower``)."""
        found = self.always
        if self._automaton is not None:
            for _, bit in self._automaton.iter(low):
                found |= bit
        return found
