//! What flows into [`crate::tui::update::update`] ([`Action`]: keys, pastes, worker
//! results, named [`Command`]s) and what flows out of it ([`Effect`]: work for the
//! shell and the worker). Commands are the vocabulary of the keymap and the help
//! screen; their names are what the config file's `[keys]` section uses.

use std::path::PathBuf;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::tui::plan::{WritePlan, WriteProgress, WriteReport};
use xmpedit_catalog::ScanEvent;
use xmpedit_session::journal::{BatchId, BatchSummary};

/// A named command: what a key does. `Rate(n)` covers `rate_0`..`rate_5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    NextPane,
    PrevPane,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Edit,
    Cancel,
    Filter,
    Mark,
    MarkRange,
    MarkAll,
    Rate(i8),
    Reject,
    Add,
    Delete,
    MakeDefault,
    MoveItemUp,
    MoveItemDown,
    Copy,
    Paste,
    Undo,
    Redo,
    UndoLog,
    Write,
    Expression,
    ToggleGroup,
}

impl Command {
    /// Every command, in the order the help screen lists them.
    pub const ALL: &'static [Command] = &[
        Command::Up,
        Command::Down,
        Command::Left,
        Command::Right,
        Command::PageUp,
        Command::PageDown,
        Command::Top,
        Command::Bottom,
        Command::NextPane,
        Command::PrevPane,
        Command::ToggleGroup,
        Command::Filter,
        Command::Mark,
        Command::MarkRange,
        Command::MarkAll,
        Command::Edit,
        Command::Cancel,
        Command::Rate(0),
        Command::Rate(1),
        Command::Rate(2),
        Command::Rate(3),
        Command::Rate(4),
        Command::Rate(5),
        Command::Reject,
        Command::Add,
        Command::Delete,
        Command::MakeDefault,
        Command::MoveItemUp,
        Command::MoveItemDown,
        Command::Expression,
        Command::Copy,
        Command::Paste,
        Command::Undo,
        Command::Redo,
        Command::UndoLog,
        Command::Write,
        Command::Help,
        Command::Quit,
    ];

    /// The name used in the config file (`[keys] undo = "u"`).
    pub fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "help",
            Command::NextPane => "next_pane",
            Command::PrevPane => "prev_pane",
            Command::Up => "up",
            Command::Down => "down",
            Command::Left => "left",
            Command::Right => "right",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::Edit => "edit",
            Command::Cancel => "cancel",
            Command::Filter => "filter",
            Command::Mark => "mark",
            Command::MarkRange => "mark_range",
            Command::MarkAll => "mark_all",
            Command::Rate(0) => "rate_0",
            Command::Rate(1) => "rate_1",
            Command::Rate(2) => "rate_2",
            Command::Rate(3) => "rate_3",
            Command::Rate(4) => "rate_4",
            Command::Rate(_) => "rate_5",
            Command::Reject => "reject",
            Command::Add => "add",
            Command::Delete => "delete",
            Command::MakeDefault => "make_default",
            Command::MoveItemUp => "move_item_up",
            Command::MoveItemDown => "move_item_down",
            Command::Copy => "copy",
            Command::Paste => "paste",
            Command::Undo => "undo",
            Command::Redo => "redo",
            Command::UndoLog => "undo_log",
            Command::Write => "write",
            Command::Expression => "expression",
            Command::ToggleGroup => "toggle_group",
        }
    }

    /// A command by its config name.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// What the command does, for the help screen.
    pub fn describe(self) -> &'static str {
        match self {
            Command::Quit => "quit (asks when changes are not written)",
            Command::Help => "this help",
            Command::NextPane => "next pane",
            Command::PrevPane => "previous pane",
            Command::Up => "move up",
            Command::Down => "move down",
            Command::Left => "collapse group / back to the previous pane",
            Command::Right => "expand group / into the next pane",
            Command::PageUp => "page up",
            Command::PageDown => "page down",
            Command::Top => "first row",
            Command::Bottom => "last row",
            Command::Edit => "edit the selected value",
            Command::Cancel => "cancel / clear the filter / close",
            Command::Filter => "filter assets (name, text, rating>=4, keyword:alps, lang:de)",
            Command::Mark => "mark or unmark the asset",
            Command::MarkRange => "start / finish marking a range",
            Command::MarkAll => "mark all visible assets (again: unmark all)",
            Command::Rate(0) => "rating 0 (no stars)",
            Command::Rate(1) => "rating 1",
            Command::Rate(2) => "rating 2",
            Command::Rate(3) => "rating 3",
            Command::Rate(4) => "rating 4",
            Command::Rate(_) => "rating 5",
            Command::Reject => "rating -1 (rejected)",
            Command::Add => "add a property / language / item",
            Command::Delete => "delete the selected item, language or property",
            Command::MakeDefault => "make the selected language the x-default",
            Command::MoveItemUp => "move the seq item up",
            Command::MoveItemDown => "move the seq item down",
            Command::Copy => "copy the selected value (or property)",
            Command::Paste => "paste onto the current or marked assets",
            Command::Undo => "undo the last pending edit",
            Command::Redo => "redo",
            Command::UndoLog => "undo log of written changes",
            Command::Write => "write pending changes",
            Command::Expression => "type an edit (dc:title[de]=Titel, dc:subject+=alps)",
            Command::ToggleGroup => "collapse or expand the group",
        }
    }

    /// True for commands that change metadata (refused in read-only mode).
    pub fn edits(self) -> bool {
        matches!(
            self,
            Command::Rate(_)
                | Command::Reject
                | Command::Add
                | Command::Delete
                | Command::MakeDefault
                | Command::MoveItemUp
                | Command::MoveItemDown
                | Command::Paste
                | Command::Undo
                | Command::Redo
                | Command::Write
                | Command::Expression
        )
    }
}

/// Everything `update` reacts to.
#[derive(Debug)]
pub enum Action {
    /// A key press (releases never get here: the shell drops them).
    Key(KeyEvent),
    /// Bracketed paste: text, newlines included, never commands.
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A command, as the keymap resolved it (tests send these directly).
    Command(Command),
    /// A catalog scan event.
    Scan(ScanEvent),
    WriteProgress(WriteProgress),
    WriteDone(WriteReport),
    /// The undo log, or why it could not be read.
    JournalLoaded(Result<Vec<BatchSummary>, String>),
    /// How a clipboard copy went: which way it was sent, or the error.
    Copied(Result<&'static str, String>),
    /// Periodic wake-up while work runs (redraws progress).
    Tick,
}

/// Work `update` asks for; the shell and the worker carry it out.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Scan folders (recursively) into the catalog.
    StartScan { roots: Vec<PathBuf> },
    /// Write pending edits.
    Write(WritePlan),
    /// Take back a written batch from the journal (`redo`: re-do an undone one).
    UndoBatch { id: BatchId, redo: bool },
    /// Load the journal's batch list.
    LoadJournal,
    /// Put text on the clipboard (arboard, else OSC 52).
    Copy(String),
    /// Leave the program.
    Quit,
}
