"""The offline verifier (audit/reverify_jsonl.py): an auditor with only the public key and a JSON
lines export checks a round on a machine without the app. Standard library only, and strict: it
says VERIFIED only when everything is checked, and refuses anything else."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from audit import reverify_jsonl
from audit.keys import checkpoint_key
from audit.reverify_jsonl import Refused, ed25519_verify, verify

SCRIPT = Path(reverify_jsonl.__file__)


@given(seed=st.binary(min_size=32, max_size=32), message=st.binary(max_size=300))
def test_the_standard_library_ed25519_agrees_with_cryptography(seed, message):
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = private.public_key().public_bytes_raw()
    signature = private.sign(message)
    assert ed25519_verify(public, message, signature)
    assert not ed25519_verify(public, message + b"x", signature)
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    assert not ed25519_verify(public, message, flipped)
    other = Ed25519PrivateKey.from_private_bytes(bytes((b + 1) % 256 for b in seed))
    assert not ed25519_verify(other.public_key().public_bytes_raw(), message, signature)


@given(public=st.binary(max_size=40), signature=st.binary(max_size=70), message=st.binary())
def test_garbage_keys_and_signatures_are_refused_not_crashed(public, signature, message):
    # Random bytes are a valid signature with odds of about 2^-252: any True here is a bug.
    assert ed25519_verify(public, message, signature) is False


@given(lines=st.lists(st.text(max_size=200), max_size=6))
def test_any_text_is_refused_with_a_reason_never_a_crash(lines):
    public = "11" * 32
    with pytest.raises(Refused):
        verify(lines, public)


@given(
    data=st.dictionaries(
        st.sampled_from(["type", "chain", "seq", "hash", "at", "key", "signature", "hashes", "x"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=70),
            st.lists(st.text(max_size=70), max_size=3),
        ),
    )
)
def test_a_checkpoint_file_of_any_shape_is_refused_with_a_reason(data):
    """The checkpoint parser reads files from outside the database: anything malformed is a
    CheckpointError naming the line, never another exception."""
    from audit.checkpoints import CheckpointError, parse

    try:
        parsed = parse([json.dumps(data)])
    except CheckpointError as error:
        assert "line 1" in str(error)
    else:  # only a well-formed checkpoint gets through, and then it must not verify
        assert len(parsed) == 1 and not parsed[0].signature_ok({})


@pytest.fixture
def exported(round_, auditor, as_user, tmp_path):
    response = as_user(auditor).post(f"/rounds/{round_.pk}/trail/export.jsonl")
    path = tmp_path / "trail.jsonl"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def run(*args):
    """The script as an auditor runs it: a bare interpreter, no site-packages, no app."""
    return subprocess.run(  # noqa: S603 - our own script and interpreter
        [sys.executable, "-I", "-S", str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_export_verifies_offline_with_only_the_public_key(exported):
    done = run(exported, "--public-key", checkpoint_key().public_hex)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("VERIFIED: ")


def test_without_the_public_key_it_refuses(exported):
    done = run(exported)
    assert done.returncode == 2 and "REFUSED" in done.stdout


def test_another_public_key_is_refused(exported):
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw().hex()
    done = run(exported, "--public-key", other)
    assert done.returncode == 1 and "not with the public key given" in done.stdout


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def test_an_unsigned_copy_is_refused(exported):
    lines = _lines(exported)[:-1]
    with pytest.raises(Refused, match="not a signed checkpoint"):
        verify(lines, checkpoint_key().public_hex)


def test_events_past_the_signature_are_refused(exported):
    lines = _lines(exported)
    closing = json.loads(lines[-1])["checkpoint"]
    # A copy cut short, with the old closing line: its events stop before the signed head.
    with pytest.raises(Refused, match="names event #\\d+ with another hash|covers events"):
        verify(lines[:-3] + [lines[-1]], checkpoint_key().public_hex)
    assert closing["seq"] == len(lines) - 1


def test_a_forged_closing_checkpoint_is_refused(exported):
    lines = _lines(exported)
    closing = json.loads(lines[-1])
    closing["checkpoint"]["seq"] -= 1
    with pytest.raises(Refused, match="signature does not match"):
        verify([*lines[:-2], json.dumps(closing)], checkpoint_key().public_hex)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.update(extra="field"), "fields are not exactly"),
        (lambda e: e.update(seq=True), "seq has the wrong type"),
        (lambda e: e.update(round="1"), "round has the wrong type"),
    ],
)
def test_malformed_events_are_refused(exported, change, message):
    lines = _lines(exported)
    event = json.loads(lines[0])
    change(event)
    with pytest.raises(Refused, match=message):
        verify([json.dumps(event), *lines[1:]], checkpoint_key().public_hex)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"seq": 1, "seq": 2}', "appears twice"),
        ('{"seq": 1.5}', "not whole"),
        ('{"seq": NaN}', "not allowed"),
        ("[1, 2", "not valid JSON"),
    ],
)
def test_json_that_is_not_strict_is_refused(exported, text, message):
    lines = _lines(exported)
    with pytest.raises(Refused, match=message):
        verify([text, *lines[1:]], checkpoint_key().public_hex)


def test_a_published_checkpoint_that_no_longer_matches_is_refused(exported):
    lines = _lines(exported)
    event = json.loads(lines[2])
    checkpoint = json.loads(lines[-1])["checkpoint"]
    forged_publication = {**checkpoint, "seq": event["seq"], "hash": "0" * 64}
    with pytest.raises(Refused, match="signature does not match"):
        verify(lines, checkpoint_key().public_hex, [forged_publication])
