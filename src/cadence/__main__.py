"""``python -m cadence``: the ``cadence`` command."""

from cadence.cli import main

raise SystemExit(main())
