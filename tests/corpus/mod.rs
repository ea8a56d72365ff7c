//! The shared corpus of real files against the peer tools and the XMP Toolkit oracle.

mod conformance;
mod formats;
mod formats2;
mod schema;
