"""Where the tests find the shipped seed and the shared corpus.

The corpus (real feeds, pages and labelled articles nobody on the team wrote) sits beside
a developer's checkout and CI's, at ../shared/corpus. A bare clone has nothing beside it:
a test that needs a corpus file asks `corpus_file`, which skips that test with one line
naming the missing file. What a feature needs to be tested at all lives in tests/data/.
"""

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED = SEEDS / "000_ef2b2176f828013d.txt"
DATA = REPO / "tests" / "data"
CORPUS = REPO.parent / "shared" / "corpus"


def repo_env(**extra: str) -> dict[str, str]:
    """The environment for a `python -m briefing` subprocess: this checkout first on
    PYTHONPATH, what was there kept after it (CI's clock shim under libfaketime, whose
    time.sleep every process, the refresh's workers too, needs), then `extra`."""
    path = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    return {**os.environ, "PYTHONPATH": path, **extra}


def missing(path: Path) -> str:
    """The one-line reason a corpus test is skipped."""
    inside = path.relative_to(CORPUS).as_posix()
    where = "../shared/corpus" + ("" if inside == "." else f"/{inside}")
    return f"needs {where} (the shared corpus beside the checkout; not found)"


def corpus_file(*parts: str) -> Path:
    """A path in the shared corpus; skips the calling test when it is not there."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(missing(path))
    return path


def needs_corpus(*parts: str) -> pytest.MarkDecorator:
    """A mark that skips a test (or, as `pytestmark`, a module) without that corpus file."""
    path = CORPUS.joinpath(*parts)
    return pytest.mark.skipif(not path.exists(), reason=missing(path))


def corpus_params(values: list, *parts: str) -> list:
    """Parameters read from the corpus, or one skipped parameter naming the missing file."""
    path = CORPUS.joinpath(*parts)
    return values if path.exists() else [pytest.param(None, marks=pytest.mark.skip(
        reason=missing(path)))]


def bench_script(name: str) -> ModuleType:
    """A script of bench/ (not a package) loaded as a module, e.g. "train_panels"."""
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
