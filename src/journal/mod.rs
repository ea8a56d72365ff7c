//! The write-ahead undo journal.
