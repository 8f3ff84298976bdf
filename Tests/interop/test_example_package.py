"""Examples/verify-card: a separate package using only BHYTKit's public API (built by `make test`)."""
import os
import subprocess

import pytest

from conftest import ROOT, SAMPLES

TRUST = SAMPLES / "DEMO-ONLY-trust.json"
EXAMPLE = os.environ.get("VERIFY_CARD")


@pytest.fixture(scope="module")
def verify_card():
    # make test builds the example and names it; a run without it is a failure, not a skip.
    assert EXAMPLE and os.path.exists(EXAMPLE), "VERIFY_CARD must name the built Examples/verify-card (make test-interop builds it)"
    return EXAMPLE


def test_a_sample_card_is_valid_and_a_tampered_one_invalid(verify_card):
    text = (SAMPLES / "signed" / "eddsa" / "d2021-open.txt").read_text().strip()  # open-ended: valid on any day
    ok = subprocess.run([verify_card, TRUST, text], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and ok.stdout.splitlines() == ["valid"], ok
    i = len(text) - 5
    tampered = text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1:]
    bad = subprocess.run([verify_card, TRUST, tampered], capture_output=True, text=True, cwd=ROOT)
    lines = bad.stdout.splitlines()
    assert bad.returncode == 1 and lines[0] == "invalid" and len(lines) >= 2 and ":" in lines[1], bad
    assert lines[1].split(":")[0].isupper()  # a stable reason code first
    assert subprocess.run([verify_card], capture_output=True, text=True).returncode == 2


def test_the_example_stays_small():
    main = (ROOT / "Examples" / "verify-card" / "Sources" / "verify-card" / "main.swift").read_text().splitlines()
    assert len(main) <= 30
