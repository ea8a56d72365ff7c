//! Per-container reading and writing, byte preservation, peer read-back.

mod fallback;
mod gif;
mod gltf;
mod jpeg;
mod pdf;
mod png;
mod psd;
mod sidecar;
mod svg;
mod tiff;
mod webp;
