"""Regenerate the bundled datasets (重新生成内置数据).

    python datasets/generate.py                      # -> datasets/*.csv + ground_truth.json
    python datasets/generate.py --out /tmp/ds --seed 7
    python datasets/generate.py --big 1000000        # -> datasets/big/b2b_leads_1000000.csv

All logic lives in :mod:`course.datagen`.
"""

from course.datagen import main

if __name__ == "__main__":
    raise SystemExit(main())
