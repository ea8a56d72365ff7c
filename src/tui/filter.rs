//! Asset filter queries (`/`): space-separated terms, all of which must match.
//!
//! | term | matches |
//! |---|---|
//! | `alps` | the asset or file name, or any value text (case-insensitive substring) |
//! | `"summit cross"` | the same, with spaces |
//! | `rating>=4`, `rating<2`, `rating=5`, `rating:-1` | the rating (unrated counts as 0) |
//! | `keyword:alps`, `kw:alps` | a `dc:subject` keyword containing the text |
//! | `lang:de` | any language alternative has a `de` or `de-*` item |
//! | `title:kreuz`, `creator:ada` | text of `dc:title` / `dc:creator` |
//! | `is:marked`, `is:pending`, `is:error`, `is:rejected`, `is:unrated` | flags |
//! | `-term` | negation |

use xmpedit_core::xmp::{lang, ns, Name, Node, Packet, Value};

/// One parsed term.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Text(String),
    Rating(Cmp, f64),
    Keyword(String),
    Lang(String),
    Prop(Name, String),
    Is(Flag),
    Not(Box<Term>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Marked,
    Pending,
    Error,
    Rejected,
    Unrated,
}

/// A parsed query: all terms must match.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// What a query is matched against.
pub struct Subject<'a> {
    pub name: &'a str,
    pub files: Vec<&'a str>,
    pub packet: Option<&'a Packet>,
    pub marked: bool,
    pub pending: bool,
    pub error: bool,
}

impl Query {
    /// Parses a query; an error names the term that could not be understood.
    pub fn parse(text: &str) -> Result<Query, String> {
        let mut terms = Vec::new();
        for word in split_words(text) {
            terms.push(parse_term(&word)?);
        }
        Ok(Query { terms })
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when a term asks for problem markers (`is:error`).
    pub fn mentions_errors(&self) -> bool {
        fn has(t: &Term) -> bool {
            match t {
                Term::Is(Flag::Error) => true,
                Term::Not(inner) => has(inner),
                _ => false,
            }
        }
        self.terms.iter().any(has)
    }

    pub fn matches(&self, s: &Subject<'_>) -> bool {
        self.terms.iter().all(|t| term_matches(t, s))
    }
}

/// Words separated by spaces; `"..."` groups (the quotes may follow a `key:`).
fn split_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn parse_term(word: &str) -> Result<Term, String> {
    if let Some(rest) = word.strip_prefix('-') {
        if !rest.is_empty() && rest.parse::<f64>().is_err() {
            return Ok(Term::Not(Box::new(parse_term(rest)?)));
        }
    }
    let lower = word.to_lowercase();
    if let Some(rest) = lower.strip_prefix("rating") {
        let (cmp, num) = if let Some(n) = rest.strip_prefix(">=") {
            (Cmp::Ge, n)
        } else if let Some(n) = rest.strip_prefix("<=") {
            (Cmp::Le, n)
        } else if let Some(n) = rest.strip_prefix('>') {
            (Cmp::Gt, n)
        } else if let Some(n) = rest.strip_prefix('<') {
            (Cmp::Lt, n)
        } else if let Some(n) = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':')) {
            (Cmp::Eq, n)
        } else {
            return Ok(Term::Text(lower));
        };
        let v: f64 = num
            .trim()
            .parse()
            .map_err(|_| format!("{word}: expected a number after the comparison"))?;
        return Ok(Term::Rating(cmp, v));
    }
    if let Some((key, value)) = word.split_once(':') {
        let v = value.to_lowercase();
        match key.to_lowercase().as_str() {
            "keyword" | "kw" | "subject" => return Ok(Term::Keyword(v)),
            "lang" => return Ok(Term::Lang(v)),
            "title" => return Ok(Term::Prop(Name::new(ns::DC, "title"), v)),
            "creator" => return Ok(Term::Prop(Name::new(ns::DC, "creator"), v)),
            "description" => return Ok(Term::Prop(Name::new(ns::DC, "description"), v)),
            "label" => return Ok(Term::Prop(Name::new(ns::XMP, "Label"), v)),
            "is" => {
                let flag = match v.as_str() {
                    "marked" => Flag::Marked,
                    "pending" | "changed" => Flag::Pending,
                    "error" | "problem" => Flag::Error,
                    "rejected" => Flag::Rejected,
                    "unrated" => Flag::Unrated,
                    _ => {
                        return Err(format!(
                            "{word}: is: takes marked, pending, error, rejected or unrated"
                        ))
                    }
                };
                return Ok(Term::Is(flag));
            }
            _ => {}
        }
    }
    Ok(Term::Text(lower))
}

fn rating(s: &Subject<'_>) -> f64 {
    s.packet
        .and_then(|p| p.text(&Name::new(ns::XMP, "Rating")))
        .and_then(|t| t.trim().parse::<f64>().ok())
        .unwrap_or(0.0)
}

fn term_matches(t: &Term, s: &Subject<'_>) -> bool {
    match t {
        Term::Not(inner) => !term_matches(inner, s),
        Term::Text(text) => {
            s.name.to_lowercase().contains(text)
                || s.files.iter().any(|f| f.to_lowercase().contains(text))
                || s.packet
                    .is_some_and(|p| p.props.iter().any(|(_, n)| node_contains(n, text)))
        }
        Term::Rating(cmp, v) => {
            let r = rating(s);
            match cmp {
                Cmp::Lt => r < *v,
                Cmp::Le => r <= *v,
                Cmp::Eq => r == *v,
                Cmp::Ge => r >= *v,
                Cmp::Gt => r > *v,
            }
        }
        Term::Keyword(k) => s
            .packet
            .and_then(|p| p.get(&Name::new(ns::DC, "subject")))
            .is_some_and(|n| node_contains(n, k)),
        Term::Lang(tag) => s.packet.is_some_and(|p| {
            p.props.iter().any(|(_, n)| {
                lang::is_lang_alt(n)
                    && lang::languages(n).iter().any(|l| {
                        let l = l.to_lowercase();
                        l == *tag || l.starts_with(&format!("{tag}-"))
                    })
            })
        }),
        Term::Prop(name, text) => s
            .packet
            .and_then(|p| p.get(name))
            .is_some_and(|n| node_contains(n, text)),
        Term::Is(flag) => match flag {
            Flag::Marked => s.marked,
            Flag::Pending => s.pending,
            Flag::Error => s.error,
            Flag::Rejected => rating(s) == -1.0,
            Flag::Unrated => rating(s) == 0.0,
        },
    }
}

/// Case-insensitive substring search in every text of a node (`needle` lower-case).
fn node_contains(node: &Node, needle: &str) -> bool {
    let here = match &node.value {
        Value::Simple(t) | Value::Uri(t) => t.to_lowercase().contains(needle),
        Value::Struct(fields) => fields.iter().any(|(_, n)| node_contains(n, needle)),
        Value::Array(_, items) => items.iter().any(|n| node_contains(n, needle)),
    };
    here || node
        .qualifiers
        .iter()
        .any(|(q, n)| !q.is_xml_lang() && node_contains(n, needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use xmpedit_core::xmp::ArrayKind;

    fn packet() -> Packet {
        let mut p = Packet::new();
        p.set(Name::new(ns::XMP, "Rating"), Node::text("4"));
        p.set(
            Name::new(ns::DC, "subject"),
            Node::array(
                ArrayKind::Bag,
                vec![Node::text("Alps"), Node::text("summit")],
            ),
        );
        p.set(
            Name::new(ns::DC, "title"),
            Node::array(
                ArrayKind::Alt,
                vec![
                    Node::lang_text("x-default", "Summit cross"),
                    Node::lang_text("de-DE", "Gipfelkreuz"),
                ],
            ),
        );
        p
    }

    fn check(q: &str, p: Option<&Packet>) -> bool {
        let s = Subject {
            name: "IMG_0412",
            files: vec!["IMG_0412.CR2", "IMG_0412.xmp"],
            packet: p,
            marked: false,
            pending: true,
            error: false,
        };
        Query::parse(q).unwrap().matches(&s)
    }

    #[test]
    fn terms() {
        let p = packet();
        assert!(check("rating>=4", Some(&p)));
        assert!(!check("rating>4", Some(&p)));
        assert!(check("rating=4 keyword:alps", Some(&p)));
        assert!(check("lang:de", Some(&p)));
        assert!(!check("lang:fr", Some(&p)));
        assert!(check("gipfel", Some(&p)));
        assert!(check("cr2", Some(&p)));
        assert!(check("\"summit cross\"", Some(&p)));
        assert!(check("-keyword:beach", Some(&p)));
        assert!(check("is:pending", Some(&p)));
        assert!(!check("is:marked", Some(&p)));
        assert!(check("title:kreuz", Some(&p)));
        assert!(check("rating=0", None));
        assert!(check("is:unrated", None));
    }

    #[test]
    fn bad_terms_are_reported() {
        assert!(Query::parse("rating>=x").unwrap_err().contains("rating>=x"));
        assert!(Query::parse("is:blue").is_err());
    }
}
