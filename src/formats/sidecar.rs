//! sidecar (being written).
