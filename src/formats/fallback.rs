//! OWNER: formats helper. (fallback)
