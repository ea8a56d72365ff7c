//! OWNER: formats helper. (jpeg)
