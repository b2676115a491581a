"""``python -m sarsat`` runs the ``sarsat`` command."""

import sys

from sarsat.cli import main

sys.exit(main())
