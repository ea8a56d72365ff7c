//! OWNER: formats helper. (tiff)
