//! The `xmpedit` binary: runs the command line and chooses the exit code from how the
//! command ended (0 ok, 1 some files failed, 2 usage, 128+N a signal).

#![deny(clippy::unwrap_used, clippy::panic)]

use std::process::ExitCode;
use xmpedit::exit::Outcome;

// Reading a folder allocates many small nodes per packet on several threads; mimalloc
// cuts the allocator's share of that work (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match xmpedit::cli::main() {
        Outcome::Done => ExitCode::SUCCESS,
        Outcome::SomeFailed => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
        Outcome::Signal(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(1)),
    }
}
