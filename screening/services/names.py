"""How names are compared: lower case, without accents, word by word.

``name_key("Zoë O'Brien-Łukasz")`` is ``"zoe obrien lukasz"``; ``name_tokens`` of it are
``zoe``, ``obrien``, ``lukasz`` and ``obrienlukasz`` (a double-barrelled name is found by either
half and by both run together). A search matches a person when every word typed is the start of
one of their name words, in any order: "kow jan" finds Jan Kowalski.

``NAME_INDEX_VERSION`` changes whenever these rules do; the people service rebuilds the
search index of every person when the stored version is older.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

NAME_INDEX_VERSION = 1

# Letters that carry no combining mark to strip, with what a person typing in English would use.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ß": "ss",
    }
)
_APOSTROPHES = re.compile(r"['’‘`ʼ´]")
_SEPARATORS = re.compile(r"[^\w]+|_")
_HYPHENS = re.compile(r"[-‐‑‒–—]")

TOKEN_UPPER_BOUND = "\U0010ffff"
"""Appended to a prefix to give the exclusive upper end of a range scan (``token < prefix+this``)."""


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped (``"O'Brien"`` -> ``"obrien"``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", _APOSTROPHES.sub("", stripped.translate(_FOLD)))


def name_key(text: str) -> str:
    """A name as stored for sorting and range scans: its folded words, single-spaced."""
    return " ".join(words(text))


def words(text: str) -> list[str]:
    """The folded words of ``text`` (hyphens and other punctuation separate words)."""
    return [w for w in _SEPARATORS.split(fold(text)) if w]


def name_tokens(names: Iterable[str]) -> set[str]:
    """Every word of every name, plus hyphenated names run together."""
    tokens: set[str] = set()
    for name in names:
        folded = fold(name)
        tokens.update(words(name))
        for part in folded.split():
            if _HYPHENS.search(part):
                joined = "".join(words(part))
                if joined:
                    tokens.add(joined)
    return tokens


def prefix_range(prefix: str) -> tuple[str, str]:
    """``(low, high)`` so that ``low <= token < high`` holds exactly for tokens starting with
    ``prefix`` (a range scan an index can answer, unlike ``LIKE``)."""
    return prefix, prefix + TOKEN_UPPER_BOUND
