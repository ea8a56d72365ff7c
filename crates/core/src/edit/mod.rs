//! Edit operations as invertible data, their validation, the EDIT expression
//! language, and bulk application.
//!
//! - [`Path`] addresses a node (`xmpMM:History[2]/stEvt:action`, `dc:title[de-DE]`);
//!   prefixes resolve through a [`Resolver`].
//! - [`Op`] is one change to one top-level property; [`Op::apply`] returns its exact
//!   inverse (see [`apply`] for the design), [`Op::validate`] checks it against the
//!   schema [`Registry`](crate::schema::Registry) with the schema's own value rules.
//! - [`langalt::promote_simple_values`] reads a simple value of a Lang Alt property
//!   as its `x-default` item before an edit addresses one of its languages.
//! - [`parse_edit`] turns `set -e` expressions into ops.
//! - [`apply_all`] applies the same op list to one packet atomically (bulk edits run
//!   it per asset).
//!
//! The layer knows the model and schema types, never files or terminals; writing the
//! result back goes through the journal and the formats layer.

pub mod apply;
pub mod error;
pub mod expr;
pub mod langalt;
pub mod names;
pub mod nav;
pub mod op;
pub mod path;
pub mod resolve;
pub mod to_exprs;
pub mod validate;

pub use apply::{apply_all, hint_prefixes, preview};
pub use error::EditError;
pub use expr::{parse_edit, parse_edits, value_offset, ExprError};
pub use names::{creates_unknown, unknown_name, UnknownName};
pub use op::{rating_name, ItemRef, Op};
pub use path::{Canonical, NsMap, Path, PathError, Resolver, Step};
pub use resolve::{NsArgError, NsArgProblem, SchemaResolver};
pub use validate::{type_at, Declared};
