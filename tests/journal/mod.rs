//! The undo journal on disk and its crash safety.

mod crash;
mod noop;
mod store;
