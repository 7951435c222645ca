"""The keys that sign the decision trail. None of them is ever stored in the database they protect.

Two kinds, for two audiences:

- Event keys (AUDIT_EVENT_KEYS): HMAC-SHA256 secrets the app signs every event with. HMAC costs
  about a microsecond, so every append and every verification can afford it; a database
  administrator without the secret cannot forge, backdate or re-hash an event. Only the holder of
  the secret can check these signatures, so they protect the trail against the database, not
  against the council.
- The checkpoint key (AUDIT_SIGNING_KEY): an Ed25519 private key. It signs checkpoints (a chain's
  head at a moment) and publications, and its public key is published, so anyone outside can check
  a trail without trusting the app or the council's word. Ed25519 verification costs about a
  hundred times an HMAC, which is fine for a checkpoint but not for every event.

Rotation: the last event key listed signs; older ones stay listed so old events still verify, and
each chain records the change (`audit.key_rotated`) the first time it signs with a new key. Retired
checkpoint public keys stay listed in AUDIT_PUBLIC_KEYS.
"""

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class KeyConfigError(ImproperlyConfigured):
    pass


EVENT_SIGNATURE_PREFIX = b"co-commissioning audit event v1\n"


@dataclass(frozen=True)
class EventKey:
    id: str
    secret: bytes

    def sign(self, event_hash: str) -> str:
        message = EVENT_SIGNATURE_PREFIX + self.id.encode() + b"\n" + event_hash.encode()
        return hmac.digest(self.secret, message, "sha256").hex()  # one-shot: a few times faster

    @property
    def fingerprint(self) -> str:
        """Lets whoever holds a secret confirm it is this key, without revealing it."""
        return hmac.new(self.secret, b"fingerprint", hashlib.sha256).hexdigest()[:16]


def parse_event_keys(raw: str) -> dict[str, EventKey]:
    """ "id:secret,id2:secret2" -> keys in order; the last one signs."""
    keys: dict[str, EventKey] = {}
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        key_id, sep, secret = part.partition(":")
        if not sep or not key_id or len(secret) < 32 or not key_id.isascii():
            raise KeyConfigError(
                "AUDIT_EVENT_KEYS must be a comma-separated list of id:secret pairs, each secret "
                "at least 32 characters."
            )
        if key_id in keys:
            raise KeyConfigError(f"AUDIT_EVENT_KEYS lists the key id {key_id!r} twice.")
        keys[key_id] = EventKey(key_id, secret.encode("utf-8"))
    return keys


def event_keys() -> dict[str, EventKey]:
    return _event_keys(settings.AUDIT_EVENT_KEYS)


@lru_cache(maxsize=4)
def _event_keys(raw: str) -> dict[str, EventKey]:
    return parse_event_keys(raw)


def signing_event_key() -> EventKey:
    keys = event_keys()
    if not keys:
        raise KeyConfigError(
            "AUDIT_EVENT_KEYS is not set: the decision trail cannot be signed, so nothing can be "
            "recorded. See the README, 'Keys'."
        )
    return list(keys.values())[-1]


# Checkpoint keys (Ed25519) -------------------------------------------------------------------


def public_key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


@dataclass(frozen=True)
class CheckpointKey:
    private: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def public_hex(self) -> str:
        return self.public_raw.hex()

    @property
    def id(self) -> str:
        return public_key_id(self.public_raw)

    def sign(self, message: bytes) -> str:
        return self.private.sign(message).hex()


def parse_private_key(raw: str) -> CheckpointKey:
    """A 64-hex-digit Ed25519 seed, or a PEM private key."""
    raw = raw.strip()
    try:
        if raw.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(raw.encode(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise KeyConfigError("AUDIT_SIGNING_KEY must be an Ed25519 key.")
            return CheckpointKey(key)
        return CheckpointKey(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(raw)))
    except ValueError as exc:
        raise KeyConfigError(
            "AUDIT_SIGNING_KEY must be 64 hexadecimal digits (an Ed25519 seed) or a PEM "
            "private key."
        ) from exc


def checkpoint_key() -> CheckpointKey | None:
    raw = settings.AUDIT_SIGNING_KEY
    return _checkpoint_key(raw) if raw else None


@lru_cache(maxsize=4)
def _checkpoint_key(raw: str) -> CheckpointKey:
    return parse_private_key(raw)


def public_keys() -> dict[str, bytes]:
    """Every public key a checkpoint may be signed with: the current one and retired ones."""
    keys = {}
    for hex_key in settings.AUDIT_PUBLIC_KEYS:
        try:
            raw = bytes.fromhex(hex_key)
            Ed25519PublicKey.from_public_bytes(raw)
        except ValueError as exc:
            raise KeyConfigError(
                f"AUDIT_PUBLIC_KEYS holds {hex_key!r}, which is not an Ed25519 public key "
                "in hexadecimal."
            ) from exc
        keys[public_key_id(raw)] = raw
    current = checkpoint_key()
    if current is not None:
        keys[current.id] = current.public_raw
    return keys


def signature_valid(public_raw: bytes, message: bytes, signature_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(bytes.fromhex(signature_hex), message)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def generate_private_hex() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        .hex()
    )
