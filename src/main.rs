//! The `xmpedit` binary: parses arguments, dispatches, maps errors to exit codes
//! (0 ok, 1 some files failed, 2 usage).

fn main() -> std::process::ExitCode {
    xmpedit::cli::main()
}
