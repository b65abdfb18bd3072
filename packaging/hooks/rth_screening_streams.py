"""Runtime hook: give the windowed executable real (discarding) standard streams.

A Windows executable built with ``console=False`` starts with ``sys.stdout`` and ``sys.stderr`` set
to None, and code that writes to them (logging's StreamHandler, a stray ``print(file=sys.stderr)``)
fails with AttributeError. Point them at the null device instead; `screening-cli` has a console and
keeps its streams.
"""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process
del _name
