//! OWNER: formats helper. (webp)
