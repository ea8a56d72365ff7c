//! OWNER: formats helper. (png)
