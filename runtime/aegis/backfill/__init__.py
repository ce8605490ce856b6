"""Backfill: memory from the Claude Code sessions already on disk (``aegis backfill``).

``discover`` finds transcripts, ``projects`` maps them to namespaces, ``run``
feeds them through live capture's pipeline, ``dating`` gives each memory the
time it was said, ``state`` and ``notice`` offer it once at session start, and
``summary`` words the result for the terminal.
"""
