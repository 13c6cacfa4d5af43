"""Entry script of the PyInstaller build: the same CLI as the `mentor-desk` command.

Without a sub-command it opens the window; `selftest`, `info`, `backup`, `demo` work as in
an installed wheel (see mentor_desk.cli).
"""

import sys

from mentor_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
