//! The `xmpedit` binary: parses arguments, dispatches, maps errors to exit codes
//! (0 ok, 1 some files failed, 2 usage).

#![deny(clippy::unwrap_used, clippy::panic)]

// Reading a folder allocates many small nodes per packet on several threads; mimalloc
// cuts the allocator's share of that work (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    xmpedit::cli::main()
}
