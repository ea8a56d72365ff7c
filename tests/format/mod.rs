//! Per-container reading and writing, byte preservation, peer read-back.

mod fallback;
mod gif;
mod gltf;
mod gltf_objects;
mod heif;
mod jpeg;
mod mp4;
mod pdf;
mod png;
mod psd;
mod sidecar;
mod svg;
mod tiff;
mod webp;
