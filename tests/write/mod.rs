//! Safe writing: atomic swaps, in-place patches, racing writers, kills mid-write.

mod concurrent_writers;
mod crash_set;
mod damaged;
mod free_space;
mod races;
mod safe_write;
mod truncation;
