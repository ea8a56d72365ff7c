//! Helpers shared by the test modules: peer-tool skips, sample models, format
//! and TUI harnesses. Each was once copied into several test binaries.

pub mod common;
pub mod edit_support;
pub mod errors;
pub mod fmt2_common;
pub mod fmt_common;
pub mod model;
pub mod oracle_compare;
pub mod set_support;
pub mod skip;
pub mod tui_support;
