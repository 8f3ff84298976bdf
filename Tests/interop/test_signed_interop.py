"""Signed cards across implementations: our Swift CLI against an independent Python
implementation written from docs/FORMAT.md (bhxh_reference.py), and keys against openssl."""
import json
import os
import stat
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

import bhxh_reference as ref
from conftest import SAMPLES, json_lines, run

NAMES = sorted(p.stem for p in (SAMPLES / "cards").glob("*.json"))
ALGS = ["ES256", "EdDSA"]
IAT = 1735693200  # 2025-01-01T08:00+07:00


def card(name):
    return json.loads((SAMPLES / "cards" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("alg", ["es256", "eddsa"])
@pytest.mark.parametrize("name", NAMES)
def test_bundled_signed_samples_verify_in_python(alg, name):
    trust = ref.load_trust(SAMPLES / "DEMO-ONLY-trust.json")
    claims, decoded = ref.verify((SAMPLES / "signed" / alg / f"{name}.txt").read_text(), trust)
    assert decoded == card(name)
    assert claims[1] == ("VN-79" if alg == "es256" else "VN-56") and claims[6] == IAT


@pytest.fixture(params=ALGS)
def issuer(request, tmp):
    prefix = tmp / request.param
    kid = run("keygen", "--alg", request.param, "--out", prefix, check=0).stdout.strip()
    run("trust", "add", "--trust", tmp / "trust.json", "--iss", "VN-01", f"{prefix}.pub.pem", check=0)
    return {"alg": request.param, "key": f"{prefix}.key.pem", "pub": f"{prefix}.pub.pem", "kid": kid, "trust": tmp / "trust.json"}


def test_we_sign_python_verifies_and_decodes_the_same(issuer):
    files = [SAMPLES / "cards" / f"{n}.json" for n in NAMES]
    out = run("issue", "--key", issuer["key"], "--iss", "VN-01", "--at", "2025-01-01T08:00:00+07:00", *files, check=0).stdout
    lines = out.splitlines()
    assert len(lines) == len(NAMES)
    trust = ref.load_trust(issuer["trust"])
    assert len(trust) == 1 and ref.b64u(trust[0]["kid"]) == issuer["kid"]
    for name, text in zip(NAMES, lines):
        assert text.startswith("BHXH1:") and text[6:].isdigit()
        claims, decoded = ref.verify(text, trust)
        assert decoded == card(name), name
        assert claims[6] == IAT and claims[1] == "VN-01"


def test_python_signs_swift_decodes_the_same():
    keys = {"ES256": ec.generate_private_key(ec.SECP256R1()), "EdDSA": ed25519.Ed25519PrivateKey.generate()}
    for alg, key in keys.items():
        texts = [ref.issue(card(n), "VN-48", IAT, key) for n in NAMES]
        rows = json_lines(run("inspect", "--json", "-", input="\n".join(texts) + "\n", check=0).stdout)
        for name, row in zip(NAMES, rows):
            assert row["format"] == "signed" and row["alg"] == alg and row["iss"] == "VN-48" and row["iat"] == IAT
            assert row["kid"] == ref.b64u(ref.kid_of(key.public_key()))
            got = {k: row["card"][k] for k in card(name)}
            assert got == card(name), name


def tamper_cases(text, key):
    """The four classic attacks, each as (name, text)."""
    protected, alg, kid, payload, sig = ref.unwrap(text)
    import cbor2
    digits = text[6:]
    i = len(digits) // 2
    flipped = text[:6] + digits[:i] + str((int(digits[i]) + 1) % 10) + digits[i + 1:]
    other = ec.generate_private_key(ec.SECP256R1())
    swapped_protected = cbor2.dumps({1: alg, 4: ref.kid_of(other.public_key())}, canonical=True)
    swapped = cbor2.dumps(cbor2.CBORTag(18, [swapped_protected, {}, payload, sig]), canonical=True)
    unprot_alg = cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({4: kid}, canonical=True), {1: alg}, payload, sig]), canonical=True)
    trailing = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, sig]), canonical=True) + b"\x00"
    return {
        "flipped digit": flipped,
        "swapped kid": ref.PREFIX + ref.b10encode(swapped),
        "alg unprotected": ref.PREFIX + ref.b10encode(unprot_alg),
        "trailing byte": ref.PREFIX + ref.b10encode(trailing),
    }


def test_tampering_is_refused_by_python(issuer):
    text = run("issue", "--key", issuer["key"], "--iss", "VN-01", "--at", "2025-01-01", SAMPLES / "cards" / "dn-2016.json", check=0).stdout.strip()
    trust = ref.load_trust(issuer["trust"])
    expected = {"swapped kid": {"KEY_UNKNOWN"}, "alg unprotected": {"COSE_MALFORMED"}, "trailing byte": {"CBOR_MALFORMED"},
                "flipped digit": {"BASE10_INVALID", "DECOMPRESS_FAILED", "CBOR_MALFORMED", "COSE_MALFORMED", "SIGNATURE_INVALID", "CLAIMS_INVALID"}}
    for name, bad in tamper_cases(text, issuer["key"]).items():
        with pytest.raises(ref.Refused) as e:
            ref.verify(bad, trust)
        assert e.value.code in expected[name], name


def test_structural_tampering_is_refused_by_swift_inspect(issuer):
    text = run("issue", "--key", issuer["key"], "--iss", "VN-01", "--at", "2025-01-01", SAMPLES / "cards" / "dn-2016.json", check=0).stdout.strip()
    cases = tamper_cases(text, issuer["key"])
    for name, want in [("alg unprotected", "COSE_MALFORMED"), ("trailing byte", "CBOR_MALFORMED")]:
        (row,) = json_lines(run("inspect", "--json", cases[name], check=1).stdout)
        assert row["error"]["code"] == want, name


def test_keys_files_and_openssl(tmp):
    prefix = tmp / "k"
    proc = run("keygen", "--alg", "ES256", "--out", prefix, check=0)
    key_file, pub_file = tmp / "k.key.pem", tmp / "k.pub.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert "PRIVATE" not in proc.stdout + proc.stderr
    # never overwrite a key
    assert run("keygen", "--alg", "ES256", "--out", prefix).returncode != 0
    # ours load in openssl, and the kid is SHA-256 of the SPKI as openssl writes it
    subprocess.run(["openssl", "pkey", "-in", key_file, "-noout"], check=True)
    der = subprocess.run(["openssl", "pkey", "-pubin", "-in", pub_file, "-outform", "DER"], check=True, capture_output=True).stdout
    import hashlib
    assert ref.b64u(hashlib.sha256(der).digest()[:8]) == proc.stdout.strip()
    # openssl's keys work in ours
    for algo in (["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], ["-algorithm", "ed25519"]):
        k = tmp / ("o-" + algo[1] + ".pem")
        subprocess.run(["openssl", "genpkey", *algo, "-out", k], check=True)
        pub = tmp / ("o-" + algo[1] + ".pub.pem")
        subprocess.run(["openssl", "pkey", "-in", k, "-pubout", "-out", pub], check=True)
        kid = run("trust", "add", "--trust", tmp / "t.json", "--iss", "VN-02", pub, check=0).stdout.strip()
        text = run("issue", "--key", k, "--iss", "VN-02", "--at", "2025-01-01", SAMPLES / "cards" / "hs-2016.json", check=0).stdout.strip()
        claims, decoded = ref.verify(text, [t for t in ref.load_trust(tmp / "t.json") if ref.b64u(t["kid"]) == kid])
        assert decoded == card("hs-2016")


def test_issue_from_stdin_and_refusals(issuer):
    lines = "\n".join(json.dumps(card(n), ensure_ascii=False) for n in NAMES[:3])
    out = run("issue", "--key", issuer["key"], "--iss", "VN-01", "--at", "2025-01-01", "-", input=lines + "\n", check=0).stdout
    assert len(out.splitlines()) == 3
    bad = dict(card("dn-2016"), validTo="2020-01-01")
    proc = run("issue", "--key", issuer["key"], "--iss", "VN-01", "-", input=json.dumps(bad) + "\n{oops\n", check=1)
    assert "VALIDITY_RANGE_INVALID" in proc.stderr and "not a card" in proc.stderr and proc.stdout == ""


def test_inspect_signed_says_it_does_not_judge_trust():
    out = run("inspect", SAMPLES / "signed" / "es256" / "d2021-k1.txt", check=0).stdout
    assert "does NOT check the signature" in out and "ES256" in out and "VN-79" in out and "Hoàng Thị Lụa" in out
