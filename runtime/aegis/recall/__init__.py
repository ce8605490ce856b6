"""Automatic recall: what the UserPromptSubmit and SessionStart hooks inject.

The hooks (``aegis.hooks.recall``, ``aegis.hooks.briefing``) are thin; the parts
live here, one concern per module:

    query      what to search for (the prompt, or the last exchange for "yes, do that")
    select     which memories: relevance floor, not already injected, top-k, briefing picks
    framing    how they are shown: quoted data with ids and dates, inside a token budget
    session    per-session state: what was injected, which notices were shown
    deadline   the hard time ceiling, measured from process start
    guard      run the storage work under that ceiling; turn backend failures into notices
    activity   the recall log and its summary for ``aegis stats``

Everything here is on the per-prompt hot path: standard library only, and no
module imports more than it needs.
"""
