//! Flattening a model to the oracle's leaf listing (`../shared/tools/README.md`).
//!
//! OWNER: reader helper.
