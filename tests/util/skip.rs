//! Skipping a test for a missing peer tool or a missing `../shared` corpus: a printed
//! reason on a developer machine, a failure where `XMPEDIT_REQUIRE_PEERS=1` says the
//! peers are installed (CI sets it in `.ci/run`).

/// Reports a missing peer (`why` starts with "skipping"); panics (failing the test) under `XMPEDIT_REQUIRE_PEERS=1`.
#[allow(dead_code)]
pub fn missing(why: &str) {
    if std::env::var_os("XMPEDIT_REQUIRE_PEERS").is_some_and(|v| v == "1") {
        panic!("required peer missing (XMPEDIT_REQUIRE_PEERS=1): {why}");
    }
    eprintln!("{why}");
}
