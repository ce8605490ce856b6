"""Regular expressions compiled the first time they are used, not when their module loads.

A hook is a fresh interpreter on every prompt, and compiling a large pattern costs
a millisecond or more: the briefing imports the restatement rules
(``aegis.supersede``) and the name patterns (``aegis.capture.named``) for the few
patterns it uses, and compiling the others at import was several milliseconds of
every session's start. ``compile`` has ``re.compile``'s signature; what it returns
answers every attribute of the compiled pattern (``search``, ``finditer``,
``pattern``…), compiling it on the first access, so a module's patterns read as
before.
"""

from __future__ import annotations

from aegis import fastre

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Pattern
    from typing import Any


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0):
        self._source, self._flags, self._compiled = pattern, flags, None

    def compiled(self) -> Pattern:
        if self._compiled is None:
            self._compiled = fastre.compile(self._source, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        # only attributes not found on the instance get here: each is looked up on the
        # compiled pattern once and kept, so later uses cost a plain attribute read
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r}, {self._flags!r})"


def compile(pattern: str, flags: int = 0) -> LazyPattern:   # noqa: A001 - re.compile's name
    return LazyPattern(pattern, flags)
