"""Text cleaned at the door: what a form, an import or the public form may store.

Control characters other than tab, newline and carriage return are removed (a vertical tab typed in a
text must not break an export that others read later); NUL is refused rather than removed, because
PostgreSQL cannot store it and its presence means the input is not text.
"""

import re

# C0 controls but tab (\x09), newline (\x0a) and carriage return (\x0d); DEL and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NUL = "\x00"


def strip_control_characters(text: str) -> str:
    """`text` without the control characters that no user means to type (tab and line breaks stay)."""
    return CONTROL_CHARACTERS.sub("", text)


def contains_nul(text: str) -> bool:
    return NUL in text
