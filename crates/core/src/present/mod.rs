//! Presentation: view models shared by the CLI and the TUI, with no terminal code.
//!
//! [`group`] turns a packet into schema groups of [`PropView`]s (summary line, detail
//! lines, attached validation problems); [`summary`] renders single values;
//! [`safe_text`] makes any string from a file safe to print, [`safe_json`] any JSON
//! value; [`flat_json`] a packet as one
//! `"prefix:Name": value` object. Every string a view model holds is already terminal-safe.

pub mod flat_json;
pub mod group;
pub mod safe;
pub mod safe_json;
pub mod summary;
pub mod view;

pub use flat_json::flat_object;
pub use group::{group, group_with, Group};
pub use safe::{needs_escape, safe_path, safe_text};
pub use summary::{shape, simple_text, stars, summary, type_label};
pub use view::{prop_view, Line, LineKind, PropView};
