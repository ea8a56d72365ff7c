//! What the journaled commands share: refusing read-only mode, opening the session,
//! printing its notices and per-file outcomes, the write and scope flags.

use crate::exit::Outcome;

use xmpedit_core::present::{safe_path, safe_text};
use xmpedit_formats::WritePolicy;
use xmpedit_session::writeback::Report;
use xmpedit_session::{Folders, Session};

/// The write options every writing command takes (one set, so that `set`, `undo`,
/// `redo` and the TUI loosen the same refusals the same way).
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct WriteFlags {
    /// Rewrite a file that has other hard links under this name only: the other
    /// names keep the old content (without it such a file is written in place when
    /// the packet fits, and refused otherwise).
    #[arg(long)]
    pub break_links: bool,
    /// Replace XMP that could not be read completely (damaged Extended XMP, an XMP
    /// chunk that does not inflate): what could not be read is lost. Also rewrite a
    /// damaged file (garbage after a JPEG's XMP segment, a PNG chunk with a bad CRC,
    /// a broken TIFF IFD), copying the damaged bytes as they are.
    #[arg(long)]
    pub repair_unsafe: bool,
    /// In recursive runs, also write through symlinks that point outside the named
    /// folders.
    #[arg(long)]
    pub follow_symlinks: bool,
}

impl WriteFlags {
    pub fn policy(&self) -> WritePolicy {
        WritePolicy {
            break_links: self.break_links,
            repair_unsafe: self.repair_unsafe,
            follow_symlinks: self.follow_symlinks,
        }
    }
}

/// Refuses a writing command in `--read-only` mode (checked before anything is
/// opened).
pub fn refuse_read_only(command: &str) -> Outcome {
    eprintln!("xmpedit: {command}: --read-only mode never writes; nothing was changed");
    Outcome::Usage
}

/// The session over the default journal, with its load warnings printed; a failure
/// is printed and mapped to the exit code.
pub fn open() -> Result<Session, Outcome> {
    // `[write] metadata_date`: whether writes set xmp:MetadataDate to now.
    let stamp = match xmpedit_catalog::Config::load() {
        Ok(c) => xmpedit_session::stamp::enabled(&c),
        Err(e) => Err(e.to_string()),
    };
    let stamp = match stamp {
        Ok(on) => on,
        Err(e) => {
            eprintln!("xmpedit: {}", safe_text(&e));
            return Err(Outcome::Usage);
        }
    };
    match Session::open(None) {
        Ok(mut s) => {
            s.set_metadata_date(stamp);
            print_notices(&mut s);
            Ok(s)
        }
        Err(e) => {
            eprintln!("xmpedit: {}", safe_text(&e.to_string()));
            Err(Outcome::SomeFailed)
        }
    }
}

/// [`open`] for commands that only read: `None` when there is no journal yet, and
/// nothing is created.
pub fn open_existing() -> Result<Option<Session>, Outcome> {
    match Session::open_existing(None) {
        Ok(mut s) => {
            if let Some(s) = s.as_mut() {
                print_notices(s);
            }
            Ok(s)
        }
        Err(e) => {
            eprintln!("xmpedit: {}", safe_text(&e.to_string()));
            Err(Outcome::SomeFailed)
        }
    }
}

/// Prints what the session noticed on the side (settled batches, leftovers).
pub fn print_notices(session: &mut Session) {
    for n in session.take_notices() {
        eprintln!("xmpedit: {n}");
    }
}

/// The folders `undo`, `redo` and `log` act on.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ScopeFlags {
    /// Only batches that touched files under this folder (repeatable; by default the
    /// current folder).
    #[arg(long = "in", value_name = "PATH", conflicts_with = "all")]
    pub in_: Vec<std::path::PathBuf>,
    /// Every batch, wherever its files are.
    #[arg(long)]
    pub all: bool,
}

impl ScopeFlags {
    pub fn folders(&self) -> Folders {
        if self.all {
            Folders::All
        } else if self.in_.is_empty() {
            Folders::under(&[std::path::PathBuf::from(".")])
        } else {
            Folders::under(&self.in_)
        }
    }
}

/// Prints `wrote FILE (how)` per written file (`wrote LINK -> FILE (how)` through a
/// symlink) and `xmpedit: FILE: message` per failure; returns whether something
/// failed.
pub fn print_report(report: &Report) -> bool {
    let mut failed = false;
    for o in &report.outcomes {
        match &o.result {
            Ok(done) => {
                match &o.through {
                    Some(t) => outln!(
                        "wrote {} -> {} ({})",
                        safe_path(&o.path),
                        safe_path(t),
                        done.describe()
                    ),
                    None => outln!("wrote {} ({})", safe_path(&o.path), done.describe()),
                }
                for note in &o.replaced {
                    eprintln!("xmpedit: {}: {}", safe_path(&o.path), safe_text(note));
                }
            }
            Err(m) => {
                failed = true;
                eprintln!(
                    "xmpedit: {}: {}",
                    safe_path(&o.path),
                    safe_text(&m.to_string())
                );
            }
        }
    }
    for e in &report.journal_errors {
        failed = true;
        eprintln!("xmpedit: {}", safe_text(&e.to_string()));
    }
    failed
}

/// The command line as recorded in the journal.
pub fn command_line() -> String {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut s = args.join(" ");
    if s.len() > 2000 {
        let mut cut = 2000;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push_str(" ...");
    }
    s
}
