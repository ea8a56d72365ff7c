//! RDF/XML writer: golden output, escaping, errors, exact length, peer read-back.
mod common;

use common::*;
use xmpedit::xmp::{to_rdfxml, WriteOptions};

#[test]
fn print_sample() {
    let s = to_rdfxml(
        &sample_packet(),
        &WriteOptions {
            padding: 0,
            ..Default::default()
        },
    );
    println!("{s}");
}
