"""The `siwu` command: the headless contract of ARCHITECTURE.md, and the way into the window.

- `common`: exit codes (0 success, 1 rejected input or validation errors, 2 wrong usage),
  `Rejected` / `UsageError`, the Chinese `Parser`, tables, JSON, and the argument helpers
  (`add_return_args` defines `--county/--year/--form/--period`).
- one module per topic (`catalog`, `profile`, `returns`, `excel`, `printing`, `packs`,
  `city`, `restore`, `window`) with its handlers and a `register(sub)` that adds its
  commands and their arguments, naming the handler function itself;
- `program`: `build_parser` builds the parser from every module's `register` and `main` runs the chosen handler.

Command modules import only `common` (an import-linter contract) and nothing heavy at
module level: storage, openpyxl and Qt load inside the handler that needs them.
"""

from siwu_desktop.cli.program import main

__all__ = ["main"]
