//! Regenerates the bundled sample set: `cargo run --example make_samples -- assets/samples`.

fn main() -> std::process::ExitCode {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "assets/samples".into());
    match xmpedit_testkit::make(std::path::Path::new(&dir)) {
        Ok(()) => {
            println!("wrote the sample set to {dir}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("make_samples: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
