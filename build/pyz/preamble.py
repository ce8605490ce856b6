"""shiv preamble (``--preamble``): runs after the pure site-packages is active.

shiv calls it with ``archive`` (this zipapp) and ``site_packages`` (the extracted
directory) in its globals; it adds the native layer for this interpreter.
"""

from _aegis_pyz.layers import activate

activate(archive, site_packages)  # noqa: F821 -- both injected by shiv's bootstrap
