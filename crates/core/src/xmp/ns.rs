//! Well-known namespace URIs and their canonical prefixes.
//!
//! The table here is the small set the `xmp` layer itself needs (wrappers, RDF, `xml:`,
//! and canonical prefixes for output when a document gave none). The full registry with
//! human names, groups and property types is the `schema` layer's, loaded from `assets/`.

pub const X: &str = "adobe:ns:meta/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
pub const DC: &str = "http://purl.org/dc/elements/1.1/";
pub const XMP: &str = "http://ns.adobe.com/xap/1.0/";
pub const XMP_RIGHTS: &str = "http://ns.adobe.com/xap/1.0/rights/";
pub const XMP_MM: &str = "http://ns.adobe.com/xap/1.0/mm/";
pub const XMP_NOTE: &str = "http://ns.adobe.com/xmp/note/";
pub const PHOTOSHOP: &str = "http://ns.adobe.com/photoshop/1.0/";
pub const CRS: &str = "http://ns.adobe.com/camera-raw-settings/1.0/";
pub const EXIF: &str = "http://ns.adobe.com/exif/1.0/";
pub const TIFF: &str = "http://ns.adobe.com/tiff/1.0/";

/// Canonical prefixes of well-known namespaces (XMP Toolkit / ExifTool registrations,
/// docs/data-model.md, "Standard namespaces"), used when a packet gives no prefix hint for
/// a URI.
pub const CANONICAL_PREFIXES: &[(&str, &str)] = &[
    ("x", X),
    ("rdf", RDF),
    ("xml", XML),
    ("dc", DC),
    ("xmp", XMP),
    ("xmpRights", XMP_RIGHTS),
    ("xmpMM", XMP_MM),
    ("xmpBJ", "http://ns.adobe.com/xap/1.0/bj/"),
    ("xmpTPg", "http://ns.adobe.com/xap/1.0/t/pg/"),
    ("xmpDM", "http://ns.adobe.com/xmp/1.0/DynamicMedia/"),
    ("xmpGImg", "http://ns.adobe.com/xap/1.0/g/img/"),
    ("xmpG", "http://ns.adobe.com/xap/1.0/g/"),
    ("xmpidq", "http://ns.adobe.com/xmp/Identifier/qual/1.0/"),
    ("xmpNote", XMP_NOTE),
    ("stEvt", "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"),
    ("stRef", "http://ns.adobe.com/xap/1.0/sType/ResourceRef#"),
    ("stVer", "http://ns.adobe.com/xap/1.0/sType/Version#"),
    ("stJob", "http://ns.adobe.com/xap/1.0/sType/Job#"),
    ("stDim", "http://ns.adobe.com/xap/1.0/sType/Dimensions#"),
    ("stFnt", "http://ns.adobe.com/xap/1.0/sType/Font#"),
    ("stMfs", "http://ns.adobe.com/xap/1.0/sType/ManifestItem#"),
    ("stArea", "http://ns.adobe.com/xmp/sType/Area#"),
    ("photoshop", PHOTOSHOP),
    (
        "Iptc4xmpCore",
        "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    ),
    ("Iptc4xmpExt", "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"),
    ("plus", "http://ns.useplus.org/ldf/xmp/1.0/"),
    ("exif", EXIF),
    ("exifEX", "http://cipa.jp/exif/1.0/"),
    ("tiff", TIFF),
    ("aux", "http://ns.adobe.com/exif/1.0/aux/"),
    ("crs", CRS),
    ("lr", "http://ns.adobe.com/lightroom/1.0/"),
    ("pdf", "http://ns.adobe.com/pdf/1.3/"),
    ("pdfx", "http://ns.adobe.com/pdfx/1.3/"),
    ("pdfaid", "http://www.aiim.org/pdfa/ns/id/"),
    ("MicrosoftPhoto", "http://ns.microsoft.com/photo/1.0/"),
    (
        "mwg-rs",
        "http://www.metadataworkinggroup.com/schemas/regions/",
    ),
    (
        "mwg-kw",
        "http://www.metadataworkinggroup.com/schemas/keywords/",
    ),
    ("cc", "http://creativecommons.org/ns#"),
    ("digiKam", "http://www.digikam.org/ns/1.0/"),
];

/// The canonical prefix of a well-known URI.
pub fn canonical_prefix(uri: &str) -> Option<&'static str> {
    CANONICAL_PREFIXES
        .iter()
        .find(|(_, u)| *u == uri)
        .map(|(p, _)| *p)
}

/// The URI of a canonical prefix.
pub fn canonical_uri(prefix: &str) -> Option<&'static str> {
    CANONICAL_PREFIXES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, u)| *u)
}
