//! png (being written).
