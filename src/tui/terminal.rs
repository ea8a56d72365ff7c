//! Terminal setup and restore: raw mode, alternate screen, bracketed paste, optional
//! mouse capture, key-release reporting where the terminal supports it (so releases
//! can be ignored reliably). The terminal is restored when the guard drops, when the
//! program panics on the UI thread (a panic hook restores first, then prints the
//! panic; panics of background threads are caught and shown as errors), on
//! Ctrl-C (a key in raw mode, handled as quit), and on SIGTERM, SIGHUP and SIGINT
//! (see [`crate::tui::signals`]).

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::thread::ThreadId;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    KeyboardEnhancementFlags, PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

/// Whether the terminal is currently set up (so restore runs once).
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);
static ENHANCED: AtomicBool = AtomicBool::new(false);

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct Guard {
    pub terminal: Term,
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Sets the terminal up for the UI and installs the panic hook.
pub fn setup(mouse: bool) -> io::Result<Guard> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    let result = (|| {
        execute!(
            out,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        if mouse {
            execute!(out, EnableMouseCapture)?;
            MOUSE.store(true, Ordering::SeqCst);
        }
        // Report event types (press/repeat/release) where supported: releases are
        // then marked and dropped, instead of arriving as ambiguous presses.
        if crossterm::terminal::supports_keyboard_enhancement().unwrap_or(false) {
            execute!(
                out,
                PushKeyboardEnhancementFlags(
                    KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES
                        | KeyboardEnhancementFlags::REPORT_EVENT_TYPES
                )
            )?;
            ENHANCED.store(true, Ordering::SeqCst);
        }
        Terminal::new(CrosstermBackend::new(io::stdout()))
    })();
    match result {
        Ok(terminal) => Ok(Guard { terminal }),
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if ENHANCED.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, PopKeyboardEnhancementFlags);
    }
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// The thread that owns the terminal.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    let _ = UI_THREAD.set(std::thread::current().id());
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let ui = UI_THREAD.get() == Some(&std::thread::current().id());
        if ACTIVE.load(Ordering::SeqCst) && !ui {
            // A background thread: its panic is caught and reported in the UI (a read
            // or write error); printing now would scribble over the screen.
            return;
        }
        // Restore before printing, or the message lands in the alternate screen.
        restore();
        previous(info);
    }));
}

/// Writes raw bytes to the terminal (OSC 52 clipboard).
pub fn write_raw(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(bytes)?;
    out.flush()
}
