//! The one integration-test binary (as ripgrep's `tests/tests.rs`): a module per
//! area, helpers shared through [`util`]. Tests run the real binary or the library
//! crates' public API, as a user or a program would.

mod util;

mod catalog;
mod cli;
mod corpus;
mod edit;
mod format;
mod fuzz;
mod journal;
mod schema;
mod tui;
mod write;
mod xmp;
