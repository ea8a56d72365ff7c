//! What flows into [`crate::tui::update::update`] ([`Action`]: keys, pastes, worker
//! results, named [`Command`]s) and what flows out of it ([`Effect`]: work for the
//! shell and the worker). Commands are the vocabulary of the keymap and the help
//! screen, listed once in [`COMMANDS`] (name, help text, whether it edits, where it
//! works, footer hints); their names are what `assets/keymap.toml` and the config
//! file's `[keys]` section use.

use std::path::PathBuf;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::tui::keymap::Context;
use crate::tui::plan::{WritePlan, WriteProgress, WriteReport};
use crate::tui::popup::LogEntry;
use xmpedit_catalog::{ReadResult, ScanEvent};
use xmpedit_session::journal::BatchId;

/// A named command: what a key does. `Rate(n)` covers `rate_0`..`rate_5`. Every
/// command is one row of [`COMMANDS`]; `update` runs it in the context the key was
/// pressed in (the `up` of the help screen scrolls it, the `up` of a pane moves its
/// cursor).
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
    AddKeywords,
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
    Reload,
    Expression,
    ApplyTemplate,
    ToggleGroup,
    Export,
    Import,
    // Dialogs.
    Close,
    Confirm,
    CompleteNext,
    CompletePrev,
    ToggleList,
    Tick,
    UndoBatch,
    RedoBatch,
    AllowUnknown,
    // Text fields.
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    WordLeft,
    WordRight,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    DeleteToStart,
    DeleteToEnd,
}

/// A footer hint: in `context`, the command's first key and `label`, placed by
/// `rank` (hints of the same rank and label share one entry: `0-5 rate`, `↑↓ scroll`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub context: Context,
    pub rank: u8,
    pub label: &'static str,
}

/// One row of the command table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandInfo {
    pub command: Command,
    /// The name in `assets/keymap.toml` and the config file's `[keys]`.
    pub name: &'static str,
    /// Where it does something and may be bound (`global` includes the three panes).
    /// Its default keys are in `assets/keymap.toml`, per context.
    pub contexts: &'static [Context],
    /// Changes metadata or files: refused and left out of help and footers in
    /// read-only mode.
    pub edits: bool,
    /// The help screen's text.
    pub help: &'static str,
    pub hints: &'static [Hint],
}

/// Builds [`COMMANDS`]: `command, "name", [contexts], edits, "help", [(context, rank,
/// "hint label")...];` (the shape of helix's `static_commands!`).
macro_rules! commands {
    ($( $cmd:expr, $name:literal, [$($ctx:ident),*], $edits:literal, $help:literal,
        [$(($hctx:ident, $rank:literal, $label:literal)),*]; )*) => {
        /// Every command, in the order the help screen lists them.
        pub static COMMANDS: &[CommandInfo] = &[$(CommandInfo {
            command: $cmd,
            name: $name,
            contexts: &[$(Context::$ctx),*],
            edits: $edits,
            help: $help,
            hints: &[$(Hint { context: Context::$hctx, rank: $rank, label: $label }),*],
        }),*];
    };
}

commands! {
    Command::Up, "up", [Global, Filter, Picker, Help, Write, UndoLog, ConfirmUndo, Report, Checklist, Templates, ImportPreview], false,
        "move up", [(Help, 1, "scroll"), (Write, 2, "target"), (Report, 1, "scroll"),
        (Picker, 2, "choose"), (ConfirmUndo, 3, "scroll"), (Templates, 2, "choose"), (ImportPreview, 3, "scroll")];
    Command::Down, "down", [Global, Filter, Picker, Help, Write, UndoLog, ConfirmUndo, Report, Checklist, Templates, ImportPreview], false,
        "move down", [(Help, 1, "scroll"), (Write, 2, "target"), (Report, 1, "scroll"),
        (Picker, 2, "choose"), (ConfirmUndo, 3, "scroll"), (Templates, 2, "choose"), (ImportPreview, 3, "scroll")];
    Command::Left, "left", [Global, Write], false,
        "collapse group / back to the previous pane", [];
    Command::Right, "right", [Global, Write], false,
        "expand group / into the next pane", [];
    Command::PageUp, "page_up", [Global, Picker, Help, Write, UndoLog, ConfirmUndo, Report, Checklist, ImportPreview], false,
        "page up", [(Write, 4, "scroll")];
    Command::PageDown, "page_down", [Global, Picker, Help, Write, UndoLog, ConfirmUndo, Report, Checklist, ImportPreview], false,
        "page down", [(Write, 4, "scroll")];
    Command::Top, "top", [Global, Help, Write, UndoLog, Report], false, "first row", [];
    Command::Bottom, "bottom", [Global, Help, Write, UndoLog, Report], false, "last row", [];
    Command::NextPane, "next_pane", [Global], false, "next pane", [];
    Command::PrevPane, "prev_pane", [Global], false, "previous pane", [];
    Command::ToggleGroup, "toggle_group", [Global], false, "collapse or expand the group", [];
    Command::Filter, "filter", [Global], false,
        "filter assets (name, text, rating>=4, keyword:alps, lang:de)", [(Assets, 2, "filter")];
    Command::Mark, "mark", [Global], false, "mark or unmark the asset", [(Assets, 3, "mark")];
    Command::MarkRange, "mark_range", [Global], false, "start / finish marking a range", [];
    Command::MarkAll, "mark_all", [Global], false,
        "mark all visible assets (again: unmark all)", [];
    Command::Edit, "edit", [Global], false, "edit the selected value",
        [(Assets, 5, "open"), (Tree, 2, "edit"), (Detail, 2, "edit")];
    Command::Cancel, "cancel", [Global, Filter, Prompt, Picker, Write, ConfirmUndo, ConfirmQuit, Checklist, ConfirmUnknown, Templates, ImportPreview], false,
        "cancel / clear the filter / close / back",
        [(Prompt, 2, "cancel"), (Picker, 4, "cancel"), (Write, 3, "cancel"), (Checklist, 3, "cancel"),
        (ConfirmUnknown, 3, "back"), (Templates, 3, "cancel"), (ImportPreview, 2, "drop"),
        (ConfirmUndo, 2, "keep"), (ConfirmQuit, 3, "stay")];
    Command::Rate(0), "rate_0", [Global], true, "rating 0 (no stars)", [(Assets, 4, "rate")];
    Command::Rate(1), "rate_1", [Global], true, "rating 1", [(Assets, 4, "rate")];
    Command::Rate(2), "rate_2", [Global], true, "rating 2", [(Assets, 4, "rate")];
    Command::Rate(3), "rate_3", [Global], true, "rating 3", [(Assets, 4, "rate")];
    Command::Rate(4), "rate_4", [Global], true, "rating 4", [(Assets, 4, "rate")];
    Command::Rate(5), "rate_5", [Global], true, "rating 5", [(Assets, 4, "rate")];
    Command::Reject, "reject", [Global], true, "rating -1 (rejected)", [];
    Command::Add, "add", [Global], true, "add a property / language / item",
        [(Tree, 3, "add"), (Detail, 3, "add")];
    Command::AddKeywords, "add_keywords", [Global], true,
        "add keywords to the targets (sunset, beach; holiday)", [];
    Command::Delete, "delete", [Global], true, "delete the selected item, language or property",
        [(Tree, 4, "delete"), (Detail, 4, "delete")];
    Command::MakeDefault, "make_default", [Detail], true,
        "make the selected language the x-default", [(Detail, 5, "default")];
    Command::MoveItemUp, "move_item_up", [Detail], true, "move the seq item up", [];
    Command::MoveItemDown, "move_item_down", [Detail], true, "move the seq item down",
        [(Detail, 6, "move")];
    Command::Expression, "expression", [Global], true,
        "type an edit (dc:title[de]=Titel, dc:subject+=alps, {file.stem}, =code=)", [];
    Command::ApplyTemplate, "template", [Global], true,
        "apply a template (templates/NAME.toml) to the current or marked assets", [];
    Command::Copy, "copy", [Global], false, "copy the selected value (or property)",
        [(Tree, 5, "copy"), (Detail, 7, "copy")];
    Command::Paste, "paste", [Global], true, "paste onto the current or marked assets",
        [(Tree, 6, "paste")];
    Command::Undo, "undo", [Global], true, "undo the last pending edit",
        [(Assets, 7, "undo"), (Tree, 7, "undo")];
    Command::Redo, "redo", [Global], true, "redo", [];
    Command::UndoLog, "undo_log", [Global], false, "undo log of written changes",
        [(Assets, 8, "history")];
    Command::Write, "write", [Global, ConfirmQuit], true, "write pending changes",
        [(Assets, 6, "write"), (Tree, 8, "write"), (Detail, 8, "write"),
        (ConfirmQuit, 1, "write first")];
    Command::Reload, "reload", [Global, Report], false,
        "re-read the current (or marked) assets from disk and re-apply their pending edits",
        [(Report, 3, "reload")];
    Command::Export, "export", [Global], false,
        "export the marked (or visible) assets to a CSV or JSON file (the name's extension picks)", [];
    Command::Import, "import", [Global], true,
        "import a CSV or JSON file: a preview of every change, then pending edits (w writes, u drops)", [];
    Command::Help, "help", [Global], false, "this help",
        [(Assets, 1, "help"), (Tree, 1, "help"), (Detail, 1, "help")];
    Command::Quit, "quit", [Global], false, "quit (asks when changes are not written)",
        [(Assets, 9, "quit"), (Tree, 9, "quit"), (Detail, 9, "quit")];
    Command::Close, "close", [Help, UndoLog, Report], false, "close the dialog",
        [(Help, 2, "close"), (UndoLog, 3, "close"), (Report, 2, "close")];
    Command::Confirm, "confirm", [Filter, Prompt, Picker, Write, UndoLog, ConfirmUndo, ConfirmQuit, Checklist, ConfirmUnknown, Templates, ImportPreview], false,
        "apply / choose / answer yes / pick the suggested name",
        [(Prompt, 1, "apply"), (Picker, 3, "add"), (Write, 1, "write"), (Checklist, 2, "remove ticked"),
        (ConfirmUnknown, 1, "pick the suggestion"), (Templates, 1, "apply"), (ImportPreview, 1, "make pending"),
        (ConfirmUndo, 1, "revert"), (ConfirmQuit, 2, "quit")];
    Command::CompleteNext, "complete_next", [Prompt], false,
        "complete (tags, values, keywords, names); again: next", [(Prompt, 3, "complete")];
    Command::CompletePrev, "complete_prev", [Prompt], false, "previous completion", [];
    Command::ToggleList, "toggle_list", [Write], false,
        "into / out of the file list (choose…)", [];
    Command::Tick, "tick", [Write, Checklist], false,
        "tick or untick the file (choose…; Enter then asks before writing) or item",
        [(Checklist, 1, "tick")];
    Command::UndoBatch, "undo_batch", [UndoLog], true,
        "undo the selected batch (asks first, listing its files)", [(UndoLog, 1, "undo")];
    Command::RedoBatch, "redo_batch", [UndoLog], true,
        "re-do the selected undone batch (asks first)", [(UndoLog, 2, "redo")];
    Command::AllowUnknown, "allow_unknown", [ConfirmUnknown], false,
        "create the typed name although the schema does not define it",
        [(ConfirmUnknown, 2, "write it anyway")];
    Command::CursorLeft, "cursor_left", [Input], false, "cursor left", [];
    Command::CursorRight, "cursor_right", [Input], false, "cursor right", [];
    Command::LineStart, "line_start", [Input], false, "to the start of the text", [];
    Command::LineEnd, "line_end", [Input], false, "to the end of the text", [];
    Command::WordLeft, "word_left", [Input], false, "a word left", [];
    Command::WordRight, "word_right", [Input], false, "a word right", [];
    Command::DeleteBack, "delete_back", [Input], false, "delete the character before the cursor", [];
    Command::DeleteForward, "delete_forward", [Input], false, "delete the character at the cursor", [];
    Command::DeleteWordBack, "delete_word_back", [Input], false, "delete the word before the cursor", [];
    Command::DeleteToStart, "delete_to_start", [Input], false, "delete to the start of the text", [];
    Command::DeleteToEnd, "delete_to_end", [Input], false, "delete to the end of the text", [];
}

impl Command {
    /// The command's row of [`COMMANDS`].
    pub fn info(self) -> &'static CommandInfo {
        COMMANDS
            .iter()
            .find(|i| i.command == self)
            .unwrap_or(&COMMANDS[0]) // every variant has a row (unit test)
    }

    /// The name used in the config file (`[keys] undo = "u"`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// A command by its config name.
    pub fn from_name(name: &str) -> Option<Command> {
        COMMANDS.iter().find(|i| i.name == name).map(|i| i.command)
    }

    /// What the command does, for the help screen.
    pub fn describe(self) -> &'static str {
        self.info().help
    }

    /// True for commands that change metadata (refused in read-only mode).
    pub fn edits(self) -> bool {
        self.info().edits
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
    /// Files of the open folder changed on disk (the folder watcher).
    DiskChanged(Vec<PathBuf>),
    /// Files read again from disk: after `R` (`asked`), or after the watcher saw
    /// them change.
    Reread {
        reads: Vec<(PathBuf, ReadResult)>,
        asked: bool,
    },
    /// Files new to the catalog that the watcher saw appear, each with its size and
    /// its read (the worker looked at them: [`Effect::Inspect`]).
    Appeared(Vec<(PathBuf, u64, ReadResult)>),
    /// Files of the catalog that no longer exist (a re-read found them gone).
    Vanished(Vec<PathBuf>),
    WriteProgress(WriteProgress),
    WriteDone(WriteReport),
    /// The undo log (oldest first, each batch with its files and whether it touched
    /// the folder open), or why it could not be read.
    JournalLoaded(Result<Vec<LogEntry>, String>),
    /// How a clipboard copy went: which way it was sent, or the error.
    Copied(Result<&'static str, String>),
    /// The templates beside the configuration file (`T`), or why they could not
    /// be listed.
    TemplatesLoaded(Result<Vec<crate::tui::popup::TemplateEntry>, String>),
    /// An export (`E`) finished: the file and what cells could not hold, or why not.
    Exported(Result<(PathBuf, usize, Vec<String>), String>),
    /// An import file (`I`) read and matched to the assets: the changes per asset
    /// and every problem, or why the file cannot be read.
    ImportRead {
        file: PathBuf,
        result: Result<ImportRows, String>,
    },
    /// Periodic wake-up while work runs (redraws progress).
    Tick,
}

/// What an import file says, matched to the open assets by the worker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportRows {
    /// Per asset the ops of its row, in the file's order.
    pub rows: Vec<(xmpedit_catalog::AssetId, Vec<xmpedit_core::edit::Op>)>,
    /// Every problem, as `import` prints them (`in.csv:3:2: …`), and rows naming a
    /// file that is not one of the open assets.
    pub problems: Vec<String>,
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
    /// Read files again (`asked`: the user pressed `R`; else the watcher saw them
    /// change).
    Reread { paths: Vec<PathBuf>, asked: bool },
    /// List the templates (a few small files, read by the shell at once).
    LoadTemplates,
    /// Look at paths the catalog does not know (the watcher saw them change): read
    /// the ones that are files now ([`Action::Appeared`]).
    Inspect { paths: Vec<PathBuf> },
    /// Put text on the clipboard (arboard, else OSC 52).
    Copy(String),
    /// Write these rows (path as written, packet) to `path` (`E`).
    Export {
        path: PathBuf,
        rows: Vec<(String, Option<xmpedit_core::xmp::Packet>)>,
    },
    /// Read an import file and match its rows to `known` (each asset's file paths).
    ReadImport {
        path: PathBuf,
        known: Vec<(xmpedit_catalog::AssetId, Vec<PathBuf>)>,
    },
    /// Leave the program.
    Quit,
}
