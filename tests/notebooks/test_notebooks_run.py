"""The example notebooks run from top to bottom, and hold no outputs in the repository.

They run in a Jupyter kernel named ``python3`` (ipykernel's kernel spec; CI installs it with
``python -m ipykernel install --sys-prefix``), with ``notebooks/`` as working directory.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = [
    "01_capecure_zone.ipynb",
    "02_heat_recovery.ipynb",
    "03_what_if.ipynb",
    "04_draft_from_registers.ipynb",
]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_notebooks", NOTEBOOKS / "make_notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_notebook_is_tested():
    assert sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_what_the_script_writes(name):
    committed = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert committed == _script().build(name)  # so no outputs, and no edit lost
    assert all(not cell.get("outputs") for cell in committed.cells)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code_cells)
