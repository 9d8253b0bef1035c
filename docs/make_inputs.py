"""Write ``docs/inputs.md``, the input tables and their columns, from the field tables.

The columns are described once, in ``src/symbiosis/catalogue/fields/*.csv``. Edit those files,
then run::

    python docs/make_inputs.py

``tests/io/test_io_columns.py`` fails when ``docs/inputs.md`` differs from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from symbiosis.io.headers import input_tables_markdown

INPUTS = Path(__file__).resolve().parent / "inputs.md"

if __name__ == "__main__":
    INPUTS.write_text(input_tables_markdown(), encoding="utf-8")
    print(f"wrote {INPUTS}")
