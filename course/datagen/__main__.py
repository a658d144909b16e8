"""``python -m course.datagen`` (see :mod:`course.datagen.cli`)."""

import sys

from course.datagen.cli import main

sys.exit(main())
