"""Immutable value types declared like dataclasses, at a fraction of the start-up cost.

Hooks run on every prompt. On CPython 3.12/3.13 ``import dataclasses`` (it
imports ``inspect``) and building the ~17 classes the recall path defines cost
~18 ms per process — more than the interpreter's own start-up — so the modules
a hook loads declare their values as ``Record`` subclasses instead::

    class Hit(Record):
        id: str
        score: float = 0.0
        tags: tuple[str, ...] = ()

Fields are the class annotations, in order (a subclass appends its own); a
class attribute of the same name is the field's default and must be immutable (``EMPTY_MAPPING`` for a mapping).
A record is built from positional or keyword arguments, compares and hashes by
value, refuses attribute assignment, and has ``replace(**changes)`` and
``as_dict()``. Fields named in ``_hidden`` are left out of the repr (secrets).
"""

from __future__ import annotations

from types import MappingProxyType

_MISSING = object()
EMPTY_MAPPING = MappingProxyType({})      # the default for a mapping field (never a dict)


class Record:
    _fields: tuple[str, ...] = ()
    _defaults: dict = {}                    # field -> default, for the fields that have one
    _hidden: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        names = list(cls._fields)
        own = cls.__dict__.get("__annotations__")
        if own is None and "__annotate__" in cls.__dict__:     # 3.14's lazy annotations
            own = cls.__annotations__
        names += [name for name in own or () if not name.startswith("_") and name not in names]
        defaults = {}
        for name in names:
            default = getattr(cls, name, _MISSING)
            if isinstance(default, (list, dict, set, bytearray)):
                raise TypeError(f"{cls.__name__}.{name}: a mutable default would be shared")
            if default is not _MISSING:
                defaults[name] = default
        cls._fields, cls._defaults = tuple(names), defaults

    def __init__(self, *args, **kwargs) -> None:
        cls = type(self)
        if args:
            if len(args) > len(cls._fields):
                raise TypeError(f"{cls.__name__}() takes {len(cls._fields)} fields, "
                                f"got {len(args)} positional arguments")
            for name, value in zip(cls._fields, args):
                if name in kwargs:
                    raise TypeError(f"{cls.__name__}() got {name!r} twice")
                kwargs[name] = value
        values = {**cls._defaults, **kwargs}
        if len(values) != len(cls._fields) or not values.keys() <= set(cls._fields):
            unknown = [name for name in kwargs if name not in cls._fields]
            if unknown:
                raise TypeError(f"{cls.__name__}() has no field {unknown[0]!r}")
            missing = [name for name in cls._fields if name not in values]
            raise TypeError(f"{cls.__name__}() is missing the field {missing[0]!r}")
        self.__dict__.update(values)     # not through __setattr__, which refuses changes

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields
                          if name not in self._hidden)
        return f"{type(self).__name__}({shown})"

    def replace(self, **changes) -> Record:
        """A copy with ``changes`` applied."""
        return type(self)(**{**self.as_dict(), **changes})

    def as_dict(self) -> dict:
        """The fields as a new dict (values are not copied)."""
        return {name: getattr(self, name) for name in self._fields}
