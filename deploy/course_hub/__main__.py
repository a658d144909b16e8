"""``python -m course_hub`` is the ``course-hub`` command."""

import sys

from course_hub.cli import main

sys.exit(main())
