//! The terminal UI: state+keys to state, screen snapshots, the real binary in tmux.

mod edit;
mod hints;
mod keys;
mod names;
mod reload;
mod screens;
mod tmux;
mod tmux_reload;
mod update;
mod write;
mod writeback;
