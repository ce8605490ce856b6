"""``python -m aegis`` and the zipapp entry point."""

import sys

from aegis.cli import main

if __name__ == "__main__":
    sys.exit(main())
