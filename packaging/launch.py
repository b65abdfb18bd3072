"""Entry script of the frozen executables: both run the same `screening` command line.

The windowed `screening` (no arguments) opens the desktop app; `screening-cli` is the console build
of the same program for IT staff and scripts.
"""

import sys

from screening.cli import main

if __name__ == "__main__":
    sys.exit(main())
