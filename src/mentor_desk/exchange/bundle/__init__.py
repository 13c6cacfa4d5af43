"""The yearly bundle for the municipality: a signed BagIt bag of CSV tables in a zip.

A pure library (no storage, services or Qt); docs/bundle-format.md describes the format.
"""

from mentor_desk.exchange.bundle.format import (
    FORMAT_VERSION,
    BundleError,
    BundleInfo,
    BundleMeta,
    PrivacyLevel,
    TableSpec,
    tables_for,
)
from mentor_desk.exchange.bundle.inspect import inspect_bundle
from mentor_desk.exchange.bundle.keys import (
    fingerprint,
    generate_municipality_key,
    load_municipality_private_key,
    load_municipality_public_key,
    load_or_create_pseudonym_secret,
    load_or_create_signing_key,
    private_key_pem,
    pseudonym,
    public_key_pem,
)
from mentor_desk.exchange.bundle.reader import Bundle, read_bundle
from mentor_desk.exchange.bundle.writer import build_bundle, write_bundle

__all__ = [
    "FORMAT_VERSION",
    "Bundle",
    "BundleError",
    "BundleInfo",
    "BundleMeta",
    "PrivacyLevel",
    "TableSpec",
    "build_bundle",
    "fingerprint",
    "generate_municipality_key",
    "inspect_bundle",
    "load_municipality_private_key",
    "load_municipality_public_key",
    "load_or_create_pseudonym_secret",
    "load_or_create_signing_key",
    "private_key_pem",
    "pseudonym",
    "public_key_pem",
    "read_bundle",
    "tables_for",
    "write_bundle",
]
