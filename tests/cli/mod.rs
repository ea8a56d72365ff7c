//! The command line as a user runs it: `show`, `ls`, `set`, `undo`, `log`, exit codes.

mod interchange;
mod interchange_roundtrip;
mod leftovers;
mod ls;
mod pipes;
mod samples;
mod set;
mod set_names;
mod set_targets;
mod show;
mod symlinks;
mod undo;
