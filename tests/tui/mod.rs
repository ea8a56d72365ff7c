//! The terminal UI: state+keys to state, screen snapshots, the real binary in tmux.

mod damaged;
mod derived_links;
mod edit;
mod file_view;
mod hints;
mod interchange;
mod keys;
mod keywords;
mod languages;
mod live;
mod names;
mod prompt_values;
mod reload;
mod screens;
mod templates;
mod tmux;
mod tmux_live;
mod tmux_reload;
mod unreadable;
mod update;
mod write;
mod write_dialog;
mod write_reread;
mod writeback;
