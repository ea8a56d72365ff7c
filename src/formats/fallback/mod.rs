//! Fallback reader: formats without a dedicated module (placeholder, filled in below).

pub mod packet;
