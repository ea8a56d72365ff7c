//! Packet builders and assertions shared by the reader's error tests.
#![allow(dead_code)]

use xmpedit_core::xmp::error::ParseErrorKind;
use xmpedit_core::xmp::{parse, ParseOptions};

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const P: &str = "http://ns.example.com/p/";

/// `body` sits on line 2, column 1 of a packet with one top-level description.
pub fn doc(body: &str) -> String {
    format!(
        "<rdf:RDF xmlns:rdf='{RDF}' xmlns:p='{P}'><rdf:Description rdf:about=''>\n{body}\n</rdf:Description></rdf:RDF>"
    )
}

/// `body` sits on line 2, column 1, directly inside rdf:RDF.
pub fn rdf(body: &str) -> String {
    format!("<rdf:RDF xmlns:rdf='{RDF}' xmlns:p='{P}'>\n{body}\n</rdf:RDF>")
}

#[track_caller]
pub fn fails(text: &str, message: &str, line: usize, column: usize, kind: ParseErrorKind) {
    match parse(text.as_bytes()) {
        Ok(r) => panic!("expected an error, read {:?}", r.packet),
        Err(e) => {
            assert_eq!(
                (e.message.as_str(), e.line, e.column),
                (message, line, column),
                "{text}"
            );
            assert_eq!(e.kind, kind);
        }
    }
}

#[track_caller]
pub fn rdf_error(body: &str, message: &str, column: usize) {
    fails(&doc(body), message, 2, column, ParseErrorKind::Rdf);
}

pub fn lenient() -> ParseOptions {
    ParseOptions {
        recover: true,
        ..ParseOptions::default()
    }
}
