//! The event loop's input: terminal events, read on a thread of their own, and the
//! signals that end the UI ([`crate::tui::signals`]).
//!
//! Why a thread: once the terminal is hung up (a closed tmux pane or ssh session),
//! crossterm's reader sees end-of-file and loops inside `event::poll` without ever
//! returning, so a loop that waited there could never see the SIGHUP that came with
//! the hang-up, and the process would spin forever. The reader thread may get stuck
//! that way; the loop waits on a channel instead, with a timeout, and checks the
//! signals on every turn.

use std::io;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;

use crossterm::event::{self, Event};

use crate::tui::signals::{Caught, Signals};

/// What the loop gets next.
pub enum Next {
    Event(Event),
    /// A signal asked the UI to end.
    Signal(Caught),
    /// Nothing at the moment.
    Idle,
}

/// Terminal events and signals.
pub struct Events {
    rx: Receiver<io::Result<Event>>,
    /// An event taken while waiting, handed out first.
    early: Option<Event>,
    signals: Signals,
}

impl Events {
    /// Starts the reader thread; call once the terminal is set up (setup itself
    /// queries the terminal through crossterm's reader).
    pub fn start(signals: Signals) -> io::Result<Events> {
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("xmpedit-input".into())
            .spawn(move || loop {
                let ev = event::read();
                let failed = ev.is_err();
                if tx.send(ev).is_err() || failed {
                    break;
                }
            })?;
        Ok(Events {
            rx,
            early: None,
            signals,
        })
    }

    /// The next event or signal, without waiting. A terminal read error ends the UI.
    pub fn take(&mut self) -> io::Result<Next> {
        if let Some(sig) = self.signals.received() {
            return Ok(Next::Signal(sig));
        }
        if let Some(ev) = self.early.take() {
            return Ok(Next::Event(ev));
        }
        match self.rx.try_recv() {
            Ok(ev) => ev.map(Next::Event),
            Err(TryRecvError::Empty) => Ok(Next::Idle),
            Err(TryRecvError::Disconnected) => Err(closed()),
        }
    }

    /// The signal received, if any.
    pub fn signal(&self) -> Option<Caught> {
        self.signals.received()
    }

    /// Waits up to `timeout` for an event (kept for [`Events::take`]).
    pub fn wait(&mut self, timeout: Duration) -> io::Result<()> {
        if self.early.is_some() {
            return Ok(());
        }
        match self.rx.recv_timeout(timeout) {
            Ok(ev) => {
                self.early = Some(ev?);
                Ok(())
            }
            Err(RecvTimeoutError::Timeout) => Ok(()),
            Err(RecvTimeoutError::Disconnected) => Err(closed()),
        }
    }
}

fn closed() -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "the terminal's input was closed",
    )
}
