//! State of the modal parts of the UI: text prompts, the property picker, the write
//! picker, the undo log and its "undo #42?" question, the write report, the quit
//! question. Plain data; `update` changes it and the views draw it. Each mode has its
//! keymap context ([`Mode::context`]).

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::tui::complete;
use crate::tui::input::TextInput;
use crate::tui::keymap::Context;
use crate::tui::plan::{FileFailure, PlannedFile, TargetChoice};
use xmpedit_catalog::AssetId;
use xmpedit_core::edit::Path;
use xmpedit_core::present::type_label;
use xmpedit_core::schema::{registry, StructId, ValueType};
use xmpedit_core::xmp::{ArrayKind, Name};
use xmpedit_session::journal::{BatchId, BatchSummary};

/// Who has the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    /// Typing a filter query (applied live).
    Filter(TextInput),
    Prompt(Prompt),
    Help {
        scroll: usize,
    },
    AddProperty(PropertyPicker),
    Write(WritePicker),
    UndoLog(UndoLog),
    /// "Undo #42?", listing the files it reverts; nothing runs before the answer.
    ConfirmUndo(ConfirmUndo),
    Report(Report),
    ConfirmQuit,
    /// `d` on a Bag of several assets: tick the items to remove.
    Checklist(Checklist),
    /// `T`: choose a template to apply to the targets.
    Templates(TemplatePicker),
    /// `I`: what an import file changes, per asset, before it becomes pending.
    ImportPreview(ImportPreview),
}

impl Mode {
    /// The badge in the status bar.
    pub fn label(&self) -> &'static str {
        match self {
            Mode::Normal => "NORMAL",
            Mode::Filter(_) => "FILTER",
            Mode::Prompt(_) => "EDIT",
            Mode::Help { .. } => "HELP",
            Mode::AddProperty(_) => "ADD",
            Mode::Write(_) => "WRITE",
            Mode::UndoLog(_) | Mode::ConfirmUndo(_) => "HISTORY",
            Mode::Report(_) => "REPORT",
            Mode::ConfirmQuit => "QUIT?",
            Mode::Checklist(_) => "REMOVE",
            Mode::Templates(_) => "TEMPLATE",
            Mode::ImportPreview(_) => "IMPORT",
        }
    }

    /// The keymap context of the mode (None in normal mode: that is the pane's).
    pub fn context(&self) -> Option<Context> {
        Some(match self {
            Mode::Normal => return None,
            Mode::Filter(_) => Context::Filter,
            Mode::Prompt(_) => Context::Prompt,
            Mode::Help { .. } => Context::Help,
            Mode::AddProperty(p) if p.unknown.is_some() => Context::ConfirmUnknown,
            Mode::AddProperty(_) => Context::Picker,
            Mode::Write(_) => Context::Write,
            Mode::UndoLog(_) => Context::UndoLog,
            Mode::ConfirmUndo(_) => Context::ConfirmUndo,
            Mode::Report(_) => Context::Report,
            Mode::ConfirmQuit => Context::ConfirmQuit,
            Mode::Checklist(_) => Context::Checklist,
            Mode::Templates(_) => Context::Templates,
            Mode::ImportPreview(_) => Context::ImportPreview,
        })
    }
}

/// What a prompt's text becomes when Enter is pressed.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    /// A simple value (`Op::SetSimple`).
    Value { path: Path },
    /// One language of a language alternative (`Op::SetLang`).
    LangText { path: Path, lang: String },
    /// Step one of adding a language: the tag (checked and canonicalised).
    LangTag { path: Path },
    /// Replace array item `index` (1-based).
    Item { path: Path, index: usize },
    /// Append an item.
    AddItem { path: Path, kind: ArrayKind },
    /// An EDIT expression (`dc:title[de]=Titel`).
    Expression,
    /// `E`: the file to export to.
    ExportPath,
    /// `I`: the file to import.
    ImportPath,
}

/// A one-line question with a text field.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    /// `dc:title [de-DE]`, `Add a keyword to dc:subject`.
    pub title: String,
    /// Type and hints shown under the field (`Date, e.g. 2024-08-14T06:12:03`).
    pub hint: String,
    pub input: TextInput,
    pub kind: PromptKind,
    /// Tab completions: language tags, values or keywords used in the folder,
    /// property names (see [`crate::tui::complete`]).
    pub completions: Vec<String>,
    /// The text is a list split on these characters (a Bag's items): completion
    /// works on the item being typed.
    pub separators: Option<String>,
    /// The Tab cycle in progress: repeated Tab steps through these.
    pub cycle: Option<Cycle>,
    /// Why the last Enter was refused.
    pub error: Option<String>,
    /// The text whose unknown property name the user was warned about: Enter again
    /// on exactly this text writes it anyway (the prompt's confirmation).
    pub unknown_warned: Option<String>,
    /// The text the prompt opened with (the current value, or empty): a value
    /// prompt expands variables and codes only in a text the user changed, so an
    /// existing value holding braces is written back as it is.
    pub initial: String,
}

/// Repeated Tab: the text before the completed token, the candidates and which one
/// the text shows now.
#[derive(Debug, Clone, PartialEq)]
pub struct Cycle {
    pub before: String,
    pub matches: Vec<String>,
    pub index: usize,
}

impl Prompt {
    pub fn new(title: impl Into<String>, kind: PromptKind, text: &str) -> Self {
        Prompt {
            title: title.into(),
            hint: String::new(),
            input: TextInput::with_text(text),
            kind,
            completions: Vec::new(),
            separators: None,
            cycle: None,
            error: None,
            unknown_warned: None,
            initial: text.to_string(),
        }
    }

    /// The text before the token Tab completes, and the token; `None` where nothing
    /// is completed (the value part of an expression).
    pub fn token(&self) -> Option<(String, String)> {
        let text = self.input.text();
        let (before, token) = match (&self.kind, &self.separators) {
            (PromptKind::Expression, _) => complete::expression_token(&text)?,
            (_, Some(seps)) => complete::split_last_item(&text, seps),
            _ => ("", text.as_str()),
        };
        Some((before.to_string(), token.to_string()))
    }

    /// Completions for what is typed, best first (items already in the list are not
    /// offered again).
    pub fn matching_completions(&self) -> Vec<String> {
        let Some((before, token)) = self.token() else {
            return Vec::new();
        };
        if let PromptKind::Expression = self.kind {
            let (cands, key) = complete::path_candidates(&token, &self.completions);
            return complete::rank(&key, &cands, &[])
                .into_iter()
                .filter(|c| !c.eq_ignore_ascii_case(&token))
                .collect();
        }
        let typed: Vec<String> = match &self.separators {
            Some(seps) => complete::split_items(&before, seps),
            None => Vec::new(),
        };
        let cands: Vec<(String, String)> = self
            .completions
            .iter()
            .map(|c| (c.clone(), c.clone()))
            .collect();
        complete::rank(&token, &cands, &typed)
    }

    /// What the list under the prompt shows: the cycle's candidates (and which is
    /// in the text), else the completions of what is typed.
    pub fn shown_completions(&self) -> (Vec<String>, Option<usize>) {
        match &self.cycle {
            Some(c) => (c.matches.clone(), Some(c.index)),
            None => (self.matching_completions(), None),
        }
    }
}

/// Every item of a Bag over the targets with how many of them have it (`alps (12)`);
/// Enter removes the ticked ones from all targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    /// The Bag (`dc:subject`).
    pub path: Path,
    /// `dc:subject`.
    pub qname: String,
    /// Item text and the number of targets that have it, most used first.
    pub items: Vec<(String, usize)>,
    pub ticked: Vec<bool>,
    pub cursor: usize,
    /// How many assets the edit goes to.
    pub targets: usize,
}

/// One template of the picker: its edits, or why its file cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateEntry {
    pub name: String,
    pub description: String,
    pub exprs: Vec<String>,
    pub error: Option<String>,
}

/// `T`: the templates beside the configuration file, with a preview of the edits
/// of the one under the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplatePicker {
    pub entries: Vec<TemplateEntry>,
    pub cursor: usize,
    /// How many assets the edits go to.
    pub targets: usize,
    /// Why the last Enter applied nothing (a variable a file cannot fill in).
    pub error: Option<String>,
    /// The entry whose names unknown to the schema the user was warned about:
    /// Enter again on it applies it anyway.
    pub unknown_warned: Option<usize>,
}

/// A property offered by the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub name: Name,
    /// For a field of a struct property: that property (the candidate is
    /// `PROP/FIELD`).
    pub field_of: Option<Name>,
    /// `dc:title`.
    pub qname: String,
    pub label: String,
    pub description: String,
    /// `Language Alternative`, `Bag of Text`.
    pub type_label: String,
    /// Where it is: the property, `PROP/FIELD`, or a field deeper in a form.
    pub path: Path,
}

/// Fuzzy search over the registry's properties (and the fields of struct
/// properties), or the form of a struct's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyPicker {
    pub input: TextInput,
    /// The struct forms open, outermost first: `a` on a struct property opens one,
    /// Enter on a field that is itself a struct one more. The last one is shown.
    pub forms: Vec<Form>,
    /// Indexes into [`PropertyPicker::list`], best first.
    pub matches: Vec<usize>,
    pub cursor: usize,
    /// The typed name is not in the schema's namespace: the question before it is
    /// created.
    pub unknown: Option<UnknownAsk>,
    /// Why the last Enter did nothing (an undeclared prefix).
    pub error: Option<String>,
}

impl PropertyPicker {
    /// The form shown, if any.
    pub fn form(&self) -> Option<&Form> {
        self.forms.last()
    }

    /// What the list offers: the shown form's fields, else every property.
    pub fn list(&self) -> &[Candidate] {
        match self.forms.last() {
            Some(f) => &f.fields,
            None => candidates(),
        }
    }
}

/// The fields of one struct, from the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The struct: a property, or a field of a struct that is itself one.
    pub path: Path,
    /// Its path as text (`xmpDM:beatSpliceParams/xmpDM:riseInTimeDuration`): the
    /// form's title.
    pub title: String,
    pub fields: Vec<Candidate>,
    /// The cursor and text of the list it was opened from, which Esc goes back to
    /// (None: opened by `a`, Esc closes).
    pub back: Option<(usize, String)>,
}

/// "unknown property dc:titel in Dublin Core; did you mean dc:title?"
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownAsk {
    /// The name as typed, where it would be created.
    pub path: Path,
    /// The typed name as text (`dc:titel`).
    pub text: String,
    pub message: String,
    /// The nearest name: an index into [`PropertyPicker::list`] (Enter picks it).
    pub suggestion: Option<usize>,
}

/// The fields of the struct `id` at `path` (shown as `title`), each with its full
/// path, for a form.
pub fn form_fields(path: &Path, title: &str, id: StructId) -> Vec<Candidate> {
    let reg = registry();
    reg.struct_def(id)
        .fields
        .iter()
        .filter(|f| !f.deprecated)
        .map(|f| {
            let prefix = reg.prefix_of(&f.name.ns).unwrap_or("");
            Candidate {
                name: f.name.clone(),
                field_of: Some(path.prop.clone()),
                qname: format!("{title}/{prefix}:{}", f.name.local),
                label: f.label.clone(),
                description: f.description.clone(),
                type_label: type_label(&f.ty, reg),
                path: path.clone().field(f.name.clone()),
            }
        })
        .collect()
}

/// The write dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct WritePicker {
    pub choice: TargetChoice,
    /// Assets with pending changes, in list order.
    pub assets: Vec<AssetId>,
    /// Every file "all renditions" would touch, for "choose…".
    pub candidates: Vec<(AssetId, PlannedFile)>,
    /// Ticked files for "choose…".
    pub chosen: Vec<PathBuf>,
    /// In the file list of "choose…" (else in the target options).
    pub in_list: bool,
    pub list_cursor: usize,
    /// "Write N files?" asked after Enter in the list of "choose…": Enter again
    /// writes, Esc goes back to the list.
    pub confirming: bool,
    /// First shown line of the scrolled part (the files and the changes).
    pub scroll: usize,
}

/// A batch of the undo log with the files it wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub batch: BatchSummary,
    pub files: Vec<PathBuf>,
    /// It touched the folder open (such batches are listed first).
    pub here: bool,
}

/// The undo log dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoLog {
    /// None while loading; the open folder's batches first, newest first.
    pub entries: Option<Result<Vec<LogEntry>, String>>,
    pub cursor: usize,
}

/// The question before an undo or redo of a written batch.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmUndo {
    /// The log to go back to on "no".
    pub log: UndoLog,
    pub id: BatchId,
    pub redo: bool,
    /// What the batch did (`xmp:Rating=5`).
    pub what: String,
    /// The files the undo (or redo) rewrites.
    pub files: Vec<PathBuf>,
    pub scroll: usize,
}

/// `I`'s preview: every change per asset; yes makes them pending edits (one step).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPreview {
    pub file: PathBuf,
    /// The assets and their rows' ops (only those that change something).
    pub rows: Vec<(AssetId, Vec<xmpedit_core::edit::Op>)>,
    /// What the dialog lists: problems first, then per asset its name and changes.
    pub lines: Vec<String>,
    /// Problems in the file: nothing can be accepted until they are fixed.
    pub problems: usize,
    pub scroll: usize,
}

/// The report after a write with failures.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub lines: Vec<String>,
    pub failures: Vec<FileFailure>,
    pub scroll: usize,
}

/// Every property the picker offers (not deprecated), in registry order, each
/// struct property followed by its fields (`Iptc4xmpCore:CreatorContactInfo/
/// Iptc4xmpCore:CiAdrCity`, so asking for `CiAdr` finds it).
pub fn candidates() -> &'static [Candidate] {
    static LIST: OnceLock<Vec<Candidate>> = OnceLock::new();
    LIST.get_or_init(|| {
        let reg = registry();
        let mut out = Vec::new();
        for (ns, p) in reg.properties().filter(|(_, p)| !p.deprecated) {
            let qname = format!("{}:{}", ns.prefix, p.name.local);
            out.push(Candidate {
                name: p.name.clone(),
                field_of: None,
                qname: qname.clone(),
                label: p.label.clone(),
                description: p.description.clone(),
                type_label: type_label(&p.ty, reg),
                path: Path::prop(p.name.clone()),
            });
            let ValueType::Struct(id) = &p.ty else {
                continue;
            };
            for mut f in form_fields(&Path::prop(p.name.clone()), &qname, *id) {
                f.label = format!("{} › {}", p.label, f.label);
                out.push(f);
            }
        }
        out
    })
}
