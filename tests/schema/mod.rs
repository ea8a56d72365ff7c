//! Schema registry and value validation.

mod validate;
