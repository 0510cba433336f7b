"""Position rules for names: a word after a person's title is a person, not a company."""

from __future__ import annotations

import pytest

from extractors import structural_names
from extractors.text import ascii_lower

# (text, the name's words, whether a title stands before one of them)
PERSONS = [
    ("Broadcom chief executive Hock Tan said demand was strong.", ["Hock", "Tan"], True),
    ("Mr. Tan told reporters on Monday.", ["Tan"], True),
    ("Tan Semiconductor raised $20 million from investors.", ["Tan"], False),
    ("The director said " + "x" * 60 + " Tan Semiconductor grew.", ["Tan"], False),
    ("CEO Lisa Su and AMD", ["Lisa", "Su"], True),
    ("", ["Tan"], False),
]


@pytest.mark.parametrize(("text", "words", "expected"), PERSONS)
def test_is_person(text: str, words: list[str], expected: bool) -> None:
    assert structural_names._is_person(text, ascii_lower(text), words) is expected
