"""`python -m siwu_desktop` is the `siwu` command."""

import sys

from siwu_desktop.cli import main

sys.exit(main())
