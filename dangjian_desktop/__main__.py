"""``python -m dangjian_desktop`` and the ``dangjian-desktop`` entry point."""

import sys

from dangjian_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
