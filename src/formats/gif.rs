//! OWNER: formats helper. (gif)
