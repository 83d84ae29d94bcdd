"""Writes digits.csv beside this script from scikit-learn's copy of the UCI digits.

Run once with `python3 export_digits.py` (needs scikit-learn). The output is one header row,
then one row per image: the 64 pixel counts (integers 0 to 16) in row-major order, named
`pixel_<row>_<column>` as scikit-learn names them, and the digit in the last column.
"""

import csv
from pathlib import Path

from sklearn.datasets import load_digits

digits = load_digits()
columns = list(digits.feature_names) + ["digit"]
path = Path(__file__).with_name("digits.csv")
with path.open("w", newline="") as file:
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(columns)
    for pixels, digit in zip(digits.data, digits.target):
        # The pixel counts are whole numbers stored as floats; written as integers.
        writer.writerow([int(p) for p in pixels] + [int(digit)])
print(f"wrote {path}: {len(digits.target)} rows of {len(columns)} columns")
