"""`python -m mentor_desk` runs the same CLI as the `mentor-desk` script."""

from mentor_desk.cli import main

raise SystemExit(main())
