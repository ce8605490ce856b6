"""Start-up support of the ``aegis.pyz`` zipapp (not part of the ``aegis`` package).

Lives at the archive root next to shiv's ``_bootstrap``: ``serve`` prepares and
calls shiv's bootstrap, ``info`` reports how the archive started (for tests and
``doctor``-style diagnosis).
"""
