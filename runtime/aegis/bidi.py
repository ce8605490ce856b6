"""Bidirectional-text controls, taken out of what Aegis stores and shows.

The embedding and override controls (U+202A–U+202E) and the isolates
(U+2066–U+2069) reorder how a terminal or a page displays the text after them, so
a memory could read differently to a person (``aegis list``, the viewer) than to
the model ("Trojan Source"). Right-to-left scripts display correctly without
them; the implicit marks (U+200E, U+200F) are kept.
"""

from __future__ import annotations

CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def strip(text: str) -> str:
    return text.translate(CONTROLS)
