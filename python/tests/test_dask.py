"""The README's Dask recipe runs on a two-process LocalCluster and gives the same result as a
single-process run."""

from __future__ import annotations

import os
import pathlib
import re
from typing import Any

import pytest

import policydiff

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
RECIPE = re.findall(r"```python dask\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_the_recipe() -> None:
    assert len(RECIPE) == 1


@pytest.fixture(scope="module")
def recipe(root: pathlib.Path) -> dict[str, Any]:
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'dask[distributed]')")
    pytest.importorskip("dask.distributed", reason="dask.distributed is not installed")
    namespace: dict[str, Any] = {"__name__": "__readme_dask__"}
    exec(compile(RECIPE[0], str(README), "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def root() -> pathlib.Path:
    return pathlib.Path(__file__).resolve().parents[2]


def test_dask_import_equals_single_process(recipe: dict[str, Any], root: pathlib.Path) -> None:
    paths = sorted(p for p in (root / "corpus").rglob("*") if p.is_file() and p.suffix != ".json")
    # A bad item travels back from a worker as an exception instance, in its place.
    items: list[Any] = [*paths, b"", root / "no-such-file.md"]
    cwd = os.getcwd()
    try:
        distributed = recipe["import_corpus_with_dask"](items, n_workers=2)
    finally:
        os.chdir(cwd)
    single = policydiff.import_many(items, jobs=1)
    assert len(distributed) == len(single) == len(items)
    for a, b in zip(distributed, single, strict=True):
        if isinstance(b, policydiff.Policy):
            assert a == b
        else:
            assert type(a) is type(b) and str(a) == str(b)


def test_dask_diff_equals_single_process(recipe: dict[str, Any], root: pathlib.Path) -> None:
    pairs: list[Any] = recipe["consecutive_pairs"](root / "corpus" / "versions")
    assert len(pairs) == 15
    pairs.append((pairs[0][0], root / "no-such-file.md"))
    distributed = recipe["diff_corpus_with_dask"](pairs, n_workers=2)
    single = policydiff.diff_many(pairs, jobs=1)
    assert len(distributed) == len(single) == len(pairs)
    for a, b in zip(distributed, single, strict=True):
        if isinstance(b, policydiff.DiffReport):
            assert a == b
        else:
            assert type(a) is type(b) and str(a) == str(b)
