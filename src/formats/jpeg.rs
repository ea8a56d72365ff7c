//! JPEG (placeholder while being written).
