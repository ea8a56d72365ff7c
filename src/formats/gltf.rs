//! OWNER: formats helper. (gltf)
