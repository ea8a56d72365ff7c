//! Namespace registry and property types (data under `assets/schema`), validation.
//!
//! OWNER: schema helper.
