//! The undo journal on disk and its crash safety.

mod store;
mod crash;
