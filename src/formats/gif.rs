//! gif (being written).
