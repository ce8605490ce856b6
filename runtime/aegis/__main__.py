"""``python -m aegis`` and the zipapp entry point."""

import sys

from aegis.cli import main
from aegis.paths import private_umask

if __name__ == "__main__":
    private_umask()            # what a run creates is private whatever the umask (as aegis.pyz)
    sys.exit(main())
