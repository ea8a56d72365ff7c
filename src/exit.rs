//! Process exit codes, shared by both shells: 0 all went well, 1 some files failed
//! (the others were done), 2 the command line or the configuration was wrong and
//! nothing was done. The TUI and the CLI both end through these, so neither shell
//! imports the other for them.

/// Some files failed; the rest were done.
pub const FAILED: u8 = 1;
/// Usage error: nothing was done.
pub const USAGE: u8 = 2;
