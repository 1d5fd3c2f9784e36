"""Text from the data, made safe to print in a terminal.

Ids, file names, error reasons and article text come from whoever wrote the
input. Printed raw, an escape sequence in them retitles the terminal, clears
it or rewrites what was printed before; a bidirectional override reorders the
line. Every such character is shown as its Python escape instead (`\\x1b`,
`\\u202e`), so the reader sees that it is there and what it is.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; the bidirectional embeddings, overrides and isolates;
# the line and paragraph separators, which some terminals break lines at; lone
# surrogates (from a file name that is not UTF-8), which no terminal can encode
UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
# what a multi-line view keeps: line breaks and tabs lay the text out
LAYOUT = frozenset("\n\t")


def escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, layout: bool = False) -> str:
    """`text` with every control character escaped; `layout`: keep line breaks and tabs."""

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        return char if layout and char in LAYOUT else escape(char)

    return UNSAFE.sub(shown, text)
