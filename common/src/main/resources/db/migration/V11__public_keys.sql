-- OpenPGP encryption (issue 16): users upload public keys, exports name them as recipients, and
-- the worker encrypts each file to them at finalize time. Only public keys are ever stored; the
-- service cannot decrypt what it writes. A key belongs to its owner like an export does.
CREATE TABLE exporter.public_keys (
    id            uuid        PRIMARY KEY,
    owner         text        NOT NULL,
    name          text,
    -- hex, upper case: 40 digits for a v4 key
    fingerprint   text        NOT NULL,
    -- the fingerprint's last 16 hex digits, as gpg shows it
    key_id        text        NOT NULL,
    -- the primary key's algorithm and size or curve, e.g. "RSA 3072" or "EdDSA ed25519"
    algorithm     text        NOT NULL,
    user_ids      jsonb       NOT NULL,
    -- the key as uploaded, re-armored (exactly one public key ring)
    armored       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    -- when the key (its last usable encryption key) expires; null: never
    expires_at    timestamptz,
    UNIQUE (owner, fingerprint)
);

CREATE INDEX public_keys_owner_key_id ON exporter.public_keys (owner, key_id);
