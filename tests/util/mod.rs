//! Helpers shared by the test modules: peer-tool skips, sample models, format
//! and TUI harnesses. Each was once copied into several test binaries.

pub mod skip;
pub mod common;
pub mod set_support;
pub mod tui_support;
pub mod edit_support;
pub mod fmt_common;
pub mod fmt2_common;
pub mod errors;
pub mod model;
pub mod oracle_compare;
