"""argparse subcommands whose parsers are only built when the command is chosen.

Every CLI start used to build all ~20 subcommand parsers (each an
``ArgumentParser`` with its own gettext look-ups and help formatters): about
two thirds of ``aegis version``. ``LazyParser`` is given to ``add_subparsers`` as
``parser_class``: it records what the command's definition does to it
(``add_argument``, ``set_defaults``, ``add_mutually_exclusive_group``, ...) and
builds the real parser, replaying those calls in order, the first time anything
else is asked of it — argparse's own ``parse_known_args`` when the command is on
the command line, or a caller inspecting it. The top-level parser never looks
inside its subparsers for ``--help``, usage or "invalid choice" errors (it lists
their names and help from its own records), so every message is the one the
eagerly built parser gave.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

# Calls that only describe the parser: recorded, replayed on the real one.
RECORDED = frozenset({"add_argument", "set_defaults", "add_mutually_exclusive_group",
                      "add_argument_group"})


class _Recorder:
    """Stands in for a parser or one of its argument groups until the parser is built."""

    def __init__(self, owner: LazyParser):
        self._owner = owner
        self._calls: list[tuple[str, tuple, dict, _Recorder | None]] = []
        self._real_target: Any = None

    def _record(self, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if self._real_target is not None:      # built meanwhile: act on the real one
                return getattr(self._real_target, name)(*args, **kwargs)
            group = _Recorder(self._owner) if name.endswith("_group") else None
            self._calls.append((name, args, kwargs, group))
            return group
        return call

    def _replay(self, target: Any) -> None:
        self._real_target = target
        calls, self._calls = self._calls, []
        for name, args, kwargs, group in calls:
            result = getattr(target, name)(*args, **kwargs)
            if group is not None:
                group._replay(result)

    def __getattr__(self, name: str) -> Any:       # only for what the recorder lacks
        if name in RECORDED and self._real_target is None:
            return self._record(name)
        self._owner.build()
        return getattr(self._real_target, name)


class LazyParser(_Recorder):
    """A subcommand parser built on first real use; see the module docstring."""

    parser_class: type          # the real class; see ``lazy_parser_class``

    def __init__(self, **kwargs: Any):
        super().__init__(self)
        self._kwargs = kwargs

    def build(self) -> Any:
        """The real parser (built now, with every recorded call replayed, if need be)."""
        if self._real_target is None:
            self._replay(type(self).parser_class(**self._kwargs))
        return self._real_target


def lazy_parser_class(parser_class: type) -> type:
    """A ``parser_class`` for ``add_subparsers`` that builds ``parser_class`` lazily."""
    return type("Lazy" + parser_class.__name__, (LazyParser,), {"parser_class": parser_class})


def lazy_width_formatter(base: type) -> type:
    """``base`` (an argparse ``HelpFormatter``) asking the terminal for its width only
    when it formats help, not each time argparse makes one to check a metavar.

    argparse imports ``shutil`` (and with it ``bz2``, ``lzma``, ``fnmatch``) to learn
    the width in every formatter's constructor; this computes the same two values
    (argparse's default width and help position, as in 3.10–3.13) on first use.
    """
    class LazyWidthFormatter(base):
        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                     width: int | None = None, *args: Any, **kwargs: Any):
            self._asked = (width, max_help_position, indent_increment)
            self._sizes: tuple[int, int] | None = None
            super().__init__(prog, indent_increment, max_help_position,
                             0 if width is None else width, *args, **kwargs)

        def _resolved(self) -> tuple[int, int]:
            if self._sizes is None:
                width, position, indent = self._asked
                if width is None:
                    import shutil
                    width = shutil.get_terminal_size().columns - 2
                self._sizes = (width, min(position, max(width - 20, indent * 2)))
            return self._sizes

        # argparse's constructor assigns both; the values above replace what it computed.
        _width = property(lambda self: self._resolved()[0], lambda self, value: None)
        _max_help_position = property(lambda self: self._resolved()[1],
                                      lambda self, value: None)

    LazyWidthFormatter.__name__ = LazyWidthFormatter.__qualname__ = "LazyWidth" + base.__name__
    return LazyWidthFormatter
