//! SIGTERM, SIGHUP and SIGINT while the TUI runs.
//!
//! Their default action ends the process at once: the terminal stays in raw mode on
//! the alternate screen, and a write in progress stops mid-batch (the journal keeps
//! the batch open until the next command settles it). Instead, a signal only sets a
//! flag that the event loop checks on every turn; the loop then restores the
//! terminal and lets the worker finish the write it is running before the process
//! exits. A second signal while that happens ends the process at once, so a stuck
//! write can still be interrupted.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// The signals caught, with their conventional names.
#[cfg(unix)]
const CAUGHT: [(i32, &str); 3] = [
    (signal_hook::consts::SIGTERM, "SIGTERM"),
    (signal_hook::consts::SIGHUP, "SIGHUP"),
    (signal_hook::consts::SIGINT, "SIGINT"),
];

/// The installed handlers; dropping this restores the default actions.
pub struct Signals {
    got: Arc<AtomicUsize>,
    #[cfg(unix)]
    ids: Vec<signal_hook::SigId>,
}

impl Signals {
    /// Installs the handlers.
    #[cfg(unix)]
    pub fn install() -> io::Result<Signals> {
        let got = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for (sig, _) in CAUGHT {
            // Order matters: the shutdown check must run before the flag is set, so
            // that the first signal only sets it and a second one exits.
            ids.push(signal_hook::flag::register_conditional_shutdown(
                sig,
                128 + sig,
                Arc::clone(&seen),
            )?);
            ids.push(signal_hook::flag::register(sig, Arc::clone(&seen))?);
            ids.push(signal_hook::flag::register_usize(
                sig,
                Arc::clone(&got),
                sig as usize,
            )?);
        }
        Ok(Signals { got, ids })
    }

    #[cfg(not(unix))]
    pub fn install() -> io::Result<Signals> {
        Ok(Signals {
            got: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// The signal received, if any.
    pub fn received(&self) -> Option<Caught> {
        match self.got.load(Ordering::SeqCst) {
            0 => None,
            n => Some(Caught(i32::try_from(n).unwrap_or(i32::MAX))),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        #[cfg(unix)]
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// A signal that ended the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caught(pub i32);

impl Caught {
    /// `SIGTERM`, `SIGHUP`, ...
    pub fn name(self) -> String {
        #[cfg(unix)]
        if let Some((_, n)) = CAUGHT.iter().find(|(s, _)| *s == self.0) {
            return (*n).to_string();
        }
        format!("signal {}", self.0)
    }
}
