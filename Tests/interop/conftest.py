import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def bhyt_path():
    path = os.environ.get("BHYT")
    if path:
        return path
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return str(Path(out.stdout.strip()) / "bhyt")


BHYT = bhyt_path()


def run(*args, input=None, env=None, check=None):
    """Runs the bhyt CLI; returns CompletedProcess (text)."""
    e = dict(os.environ, LANG="C.UTF-8", LC_ALL="")
    if env:
        e.update(env)
    proc = subprocess.run([BHYT, *map(str, args)], input=input, capture_output=True, text=True, env=e, cwd=ROOT, timeout=120)
    if check is not None:
        assert proc.returncode == check, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    return proc


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def tmp(tmp_path):
    return tmp_path


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the session (postgres_server.Postgres)."""
    from postgres_server import Postgres
    server = Postgres()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(autouse=True)
def state_directory(tmp_path, monkeypatch):
    """Each test's own state directory: `scan` and `serve` keep their default check-in records
    there ($XDG_STATE_HOME/bhyt/records.sqlite), never in the user's home."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    return tmp_path / "state" / "bhyt"
