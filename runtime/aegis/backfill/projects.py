"""Which project a transcript's ``cwd`` belongs to, by the live sessions' rule.

A directory that still exists gets the namespace a live session there would get
(``aegis.namespace``: git remote, else repository root, else the directory,
with a project's own ``.aegis.json`` namespace honoured). A directory that no
longer exists (moved or deleted) cannot be asked for its git remote, so it
falls back to the path-based namespace ``dir:<path>`` — and is flagged, so the
summary can say so. ``AEGIS_NAMESPACE`` from the environment is left out of
the mapping: it names the memory of the project backfill runs for, and would
otherwise make every transcript look like that project's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from aegis.capture.worker import settings_for
from aegis.config import KNOBS_BY_NAME
from aegis.namespace import project_namespace

NAMESPACE_ENV = KNOBS_BY_NAME["namespace"].env


@dataclass(frozen=True)
class Mapped:
    namespace: str
    exists: bool                  # False: the cwd is gone; ``namespace`` is path-based


def path_namespace(cwd: str) -> str:
    return "dir:" + os.path.normpath(cwd).replace(os.sep, "/")


class ProjectMapper:
    """Maps working directories to namespaces, once per directory."""

    def __init__(self, env: Mapping[str, str]):
        self.env = {key: value for key, value in env.items() if key != NAMESPACE_ENV}
        self._cache: dict[str, Mapped] = {}

    def map(self, cwd: str) -> Mapped:
        mapped = self._cache.get(cwd)
        if mapped is None:
            mapped = self._cache[cwd] = self._map(cwd)
        return mapped

    def _map(self, cwd: str) -> Mapped:
        if not os.path.isdir(cwd):
            return Mapped(path_namespace(cwd), exists=False)
        settings = settings_for(self.env, cwd)
        return Mapped(project_namespace(cwd, settings.namespace), exists=True)
