//! Packet text encodings: UTF-8, UTF-16 and UTF-32 detection and decoding.
//!
//! OWNER: reader helper.
