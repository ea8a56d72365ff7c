//! OWNER: formats helper. (svg)
