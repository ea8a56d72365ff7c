//! The command line as a user runs it: `show`, `ls`, `set`, `undo`, `log`, exit codes.

mod heldout;
mod interchange;
mod interchange_json;
mod interchange_roundtrip;
mod leftovers;
mod ls;
mod metadata_date;
mod pipes;
mod samples;
mod set;
mod set_names;
mod set_targets;
mod show;
mod show_flat;
mod show_object;
mod symlinks;
mod templates;
mod undo;
