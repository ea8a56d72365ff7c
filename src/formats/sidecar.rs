//! OWNER: formats helper. (sidecar)
