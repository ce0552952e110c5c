"""``python -m triage_app`` is the ``triage-app`` command."""

import sys

from triage_app.cli import main

sys.exit(main())
