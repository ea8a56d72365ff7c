//! Edit operations (data, with apply and inverse), bulk edits, write-back targets.
