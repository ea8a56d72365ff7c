//! Prefix resolution for paths: the [`Resolver`] trait and its usual sources.
//!
//! Sources, as the CLI chains them: `--ns PREFIX=URI` pairs ([`NsMap`]), the schema
//! registry's prefixes ([`SchemaResolver`]), then the canonical table
//! of [`crate::xmp::ns`] ([`Canonical`]). A closure `Fn(&str) -> Option<String>` is
//! a resolver too, and so are a packet's own [`Prefixes`].

use crate::schema::Registry;
use crate::xmp::{ns, Prefixes};

/// Turns prefixes into namespace URIs and back (for display).
pub trait Resolver {
    /// The URI a prefix stands for.
    fn uri_of(&self, prefix: &str) -> Option<String>;
    /// The prefix to show for a URI; canonical prefixes by default.
    fn prefix_of(&self, uri: &str) -> Option<String> {
        ns::canonical_prefix(uri).map(str::to_string)
    }
}

/// Prefix resolution for the CLI: `--ns` pairs first, then the registry's prefixes,
/// then the canonical table.
pub struct SchemaResolver<'a> {
    pub ns: &'a NsMap,
    pub schema: &'a Registry,
}

impl Resolver for SchemaResolver<'_> {
    fn uri_of(&self, prefix: &str) -> Option<String> {
        self.ns
            .pairs()
            .find(|(p, _)| *p == prefix)
            .map(|(_, u)| u.to_string())
            .or_else(|| self.schema.by_prefix(prefix).map(|n| n.uri.clone()))
            .or_else(|| ns::canonical_uri(prefix).map(str::to_string))
    }
    fn prefix_of(&self, uri: &str) -> Option<String> {
        self.ns
            .pairs()
            .filter(|(_, u)| *u == uri)
            .last()
            .map(|(p, _)| p.to_string())
            .or_else(|| self.schema.prefix_of(uri).map(str::to_string))
            .or_else(|| ns::canonical_prefix(uri).map(str::to_string))
    }
}

/// Only the canonical prefixes of [`crate::xmp::ns`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Canonical;

impl Resolver for Canonical {
    fn uri_of(&self, prefix: &str) -> Option<String> {
        ns::canonical_uri(prefix).map(str::to_string)
    }
}

impl<F: Fn(&str) -> Option<String>> Resolver for F {
    fn uri_of(&self, prefix: &str) -> Option<String> {
        self(prefix)
    }
}

/// A packet's own prefixes.
impl Resolver for Prefixes {
    fn uri_of(&self, prefix: &str) -> Option<String> {
        Prefixes::uri_of(self, prefix).map(str::to_string)
    }
    fn prefix_of(&self, uri: &str) -> Option<String> {
        Prefixes::prefix_of(self, uri)
            .map(str::to_string)
            .or_else(|| ns::canonical_prefix(uri).map(str::to_string))
    }
}

/// Explicit `PREFIX=URI` pairs (from `--ns`), consulted before the canonical table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NsMap {
    pairs: Vec<(String, String)>,
}

impl NsMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a pair; a later pair for the same prefix wins.
    pub fn add(&mut self, prefix: impl Into<String>, uri: impl Into<String>) {
        let prefix = prefix.into();
        self.pairs.retain(|(p, _)| *p != prefix);
        self.pairs.push((prefix, uri.into()));
    }

    pub fn with(mut self, prefix: impl Into<String>, uri: impl Into<String>) -> Self {
        self.add(prefix, uri);
        self
    }

    /// Parses a `--ns PREFIX=URI` argument.
    pub fn parse_arg(arg: &str) -> Result<(String, String), NsArgError> {
        let err = |problem| NsArgError {
            arg: arg.to_string(),
            problem,
        };
        let (p, u) = arg.split_once('=').ok_or(err(NsArgProblem::NoEquals))?;
        if !crate::xmp::model::is_ncname(p) {
            return Err(err(NsArgProblem::BadPrefix(p.to_string())));
        }
        if u.is_empty() {
            return Err(err(NsArgProblem::EmptyUri));
        }
        Ok((p.to_string(), u.to_string()))
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(p, u)| (p.as_str(), u.as_str()))
    }
}

impl Resolver for NsMap {
    fn uri_of(&self, prefix: &str) -> Option<String> {
        self.pairs
            .iter()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.clone())
            .or_else(|| ns::canonical_uri(prefix).map(str::to_string))
    }
    fn prefix_of(&self, uri: &str) -> Option<String> {
        self.pairs
            .iter()
            .rev()
            .find(|(_, u)| u == uri)
            .map(|(p, _)| p.clone())
            .or_else(|| ns::canonical_prefix(uri).map(str::to_string))
    }
}

/// A `--ns` argument that is not `PREFIX=URI`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--ns {arg:?}: {problem}")]
pub struct NsArgError {
    /// The argument as given.
    pub arg: String,
    /// What is wrong with it.
    pub problem: NsArgProblem,
}

/// What is wrong with a `--ns` argument.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NsArgProblem {
    /// No `=` between prefix and URI.
    #[error("expected PREFIX=URI")]
    NoEquals,
    /// The prefix is not an XML NCName.
    #[error("{0:?} is not a valid prefix")]
    BadPrefix(String),
    /// Nothing after the `=`.
    #[error("the URI is empty")]
    EmptyUri,
}
