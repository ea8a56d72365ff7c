//! The terminal UI: state+keys to state, screen snapshots, the real binary in tmux.

mod damaged;
mod edit;
mod file_view;
mod hints;
mod interchange;
mod keys;
mod keywords;
mod languages;
mod names;
mod reload;
mod screens;
mod tmux;
mod tmux_reload;
mod update;
mod write;
mod write_dialog;
mod writeback;
