//! Validation rules, each with valid and invalid examples, as a user sees them:
//! path, severity and message.

use xmpedit_core::schema::{validate, Problem, Severity};
use xmpedit_core::xmp::{ns, ArrayKind, Name, Node, Packet};

const EXT: &str = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
const EVT: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
const REF: &str = "http://ns.adobe.com/xap/1.0/sType/ResourceRef#";

fn packet(props: Vec<(Name, Node)>) -> Packet {
    let mut p = Packet::new();
    for (n, v) in props {
        p.set(n, v);
    }
    p
}

fn one(uri: &str, local: &str, node: Node) -> Vec<Problem> {
    validate(&packet(vec![(Name::new(uri, local), node)]))
}

/// `path: severity: message` lines.
fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.to_string()).collect()
}

fn alt(pairs: &[(&str, &str)]) -> Node {
    Node::array(
        ArrayKind::Alt,
        pairs.iter().map(|(l, t)| Node::lang_text(*l, *t)).collect(),
    )
}

fn bag(items: &[&str]) -> Node {
    Node::array(
        ArrayKind::Bag,
        items.iter().map(|s| Node::text(*s)).collect(),
    )
}

fn seq(items: &[&str]) -> Node {
    Node::array(
        ArrayKind::Seq,
        items.iter().map(|s| Node::text(*s)).collect(),
    )
}

#[test]
fn a_clean_typical_packet_has_no_problems() {
    let p = packet(vec![
        (
            Name::new(ns::DC, "title"),
            alt(&[("x-default", "Summit"), ("de-DE", "Gipfel")]),
        ),
        (Name::new(ns::DC, "creator"), seq(&["Ada Example"])),
        (Name::new(ns::DC, "subject"), bag(&["alps", "summit"])),
        (Name::new(ns::DC, "language"), bag(&["en", "de-CH"])),
        (Name::new(ns::DC, "format"), Node::text("image/jpeg")),
        (Name::new(ns::XMP, "Rating"), Node::text("4")),
        (
            Name::new(ns::XMP, "CreateDate"),
            Node::text("2024-08-14T06:12:03+02:00"),
        ),
        (Name::new(ns::XMP_RIGHTS, "Marked"), Node::text("True")),
        (
            Name::new(ns::XMP_MM, "InstanceID"),
            Node::text("xmp.iid:446f9de2-f964-4680-8461-ddf05bfcc53e"),
        ),
        (
            Name::new(ns::EXIF, "GPSLatitude"),
            Node::text("53,7.9535400N"),
        ),
        (Name::new(ns::EXIF, "GPSLongitude"), Node::text("8,43,9W")),
        (Name::new(ns::EXIF, "FNumber"), Node::text("28/10")),
        (Name::new(ns::TIFF, "Orientation"), Node::text("6")),
        (
            Name::new("http://example.com/acme/", "Anything"),
            Node::text("goes"),
        ),
    ]);
    assert_eq!(lines(&validate(&p)), Vec::<String>::new());
}

#[test]
fn rating_is_minus_one_or_zero_to_five() {
    for ok in ["-1", "0", "3", "5", "3.0", "2.5", "+4"] {
        assert!(one(ns::XMP, "Rating", Node::text(ok)).is_empty(), "{ok}");
    }
    assert_eq!(
        lines(&one(ns::XMP, "Rating", Node::text("7"))),
        ["xmp:Rating: error: \"7\" is not one of the allowed values (-1 | 0..5)"]
    );
    assert_eq!(
        lines(&one(ns::XMP, "Rating", Node::text("-0.5"))),
        ["xmp:Rating: error: \"-0.5\" is not one of the allowed values (-1 | 0..5)"]
    );
    assert_eq!(
        lines(&one(ns::XMP, "Rating", Node::text("three"))),
        ["xmp:Rating: error: \"three\" is not a Real"]
    );
}

#[test]
fn every_xml_lang_is_a_bcp47_tag() {
    let p = one(
        ns::DC,
        "title",
        alt(&[("x-default", "A"), ("en_US", "B"), ("fr-FR", "C")]),
    );
    assert_eq!(p.len(), 1, "{:?}", lines(&p));
    assert_eq!(p[0].path, "dc:title[2]/?xml:lang");
    assert_eq!(p[0].severity, Severity::Error);
    assert!(p[0].message.contains("en_US"), "{}", p[0].message);

    // Also on items of other arrays and on properties of unknown namespaces.
    let mut item = Node::text("hello");
    item.set_qualifier(Name::xml_lang(), Node::text("not a tag"));
    let p = one(
        "http://example.com/acme/",
        "Notes",
        Node::array(ArrayKind::Bag, vec![Node::text("x"), item]),
    );
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].path, "ns1:Notes[2]/?xml:lang");

    let mut ok = Node::text("hallo");
    ok.set_qualifier(Name::xml_lang(), Node::text("de-CH-1996"));
    assert!(one("http://example.com/acme/", "Notes", ok).is_empty());
}

#[test]
fn dc_language_items_are_language_tags() {
    assert!(one(ns::DC, "language", bag(&["en", "pt-BR", "zh-Hant-TW"])).is_empty());
    let p = one(ns::DC, "language", bag(&["en", "english!", "x-default"]));
    assert_eq!(p.len(), 2, "{:?}", lines(&p));
    assert_eq!(p[0].path, "dc:language[2]");
    assert!(p[0].message.contains("english!"));
    assert_eq!(
        p[1].to_string(),
        "dc:language[3]: error: x-default is not a language"
    );
}

#[test]
fn dc_format_is_a_mime_type() {
    assert!(one(ns::DC, "format", Node::text("image/svg+xml")).is_empty());
    assert_eq!(
        lines(&one(ns::DC, "format", Node::text("JPEG"))),
        ["dc:format: error: \"JPEG\" is not a MIME type (type/subtype, e.g. image/jpeg)"]
    );
}

#[test]
fn gps_coordinates_match_their_axis() {
    assert!(one(ns::EXIF, "GPSLatitude", Node::text("53,7,57S")).is_empty());
    assert!(one(ns::EXIF, "GPSLongitude", Node::text("8,43.15E")).is_empty());
    assert!(one(ns::EXIF, "GPSDestLongitude", Node::text("170,1.5W")).is_empty());
    assert_eq!(
        lines(&one(ns::EXIF, "GPSLatitude", Node::text("8,43.15E"))),
        ["exif:GPSLatitude: error: \"8,43.15E\": a latitude needs N or S"]
    );
    assert_eq!(
        lines(&one(ns::EXIF, "GPSLongitude", Node::text("53.1325"))),
        ["exif:GPSLongitude: error: \"53.1325\" is not a GPS coordinate (expected DDD,MM,SSk or DDD,MM.mmk)"]
    );
    // Inside IPTC location structs too.
    let loc = vec![
        (Name::new(ns::EXIF, "GPSLatitude"), Node::text("95,0.0N")),
        (Name::new(EXT, "City"), Node::text("Paris")),
    ];
    let shown = Node::array(ArrayKind::Bag, vec![Node::structure(loc)]);
    let p = one(EXT, "LocationShown", shown);
    assert_eq!(
        lines(&p),
        ["Iptc4xmpExt:LocationShown[1]/exif:GPSLatitude: error: \"95,0.0N\" is out of range"]
    );
}

#[test]
fn integers_reals_booleans_and_dates_parse() {
    assert!(one(ns::TIFF, "ImageWidth", Node::text("6000")).is_empty());
    assert_eq!(
        lines(&one(ns::TIFF, "ImageWidth", Node::text("6000px"))),
        ["tiff:ImageWidth: error: \"6000px\" is not an Integer"]
    );
    let crs = ns::CRS;
    assert!(one(crs, "Exposure2012", Node::text("-0.61")).is_empty());
    assert_eq!(
        lines(&one(crs, "Exposure2012", Node::text("1e-3"))),
        ["crs:Exposure2012: error: \"1e-3\" is not a Real: XMP Reals have no exponent"]
    );
    assert!(one(ns::XMP_RIGHTS, "Marked", Node::text("False")).is_empty());
    assert_eq!(
        lines(&one(ns::XMP_RIGHTS, "Marked", Node::text("true"))),
        ["xmpRights:Marked: warning: \"true\" should be written \"True\" (XMP Booleans are True or False)"]
    );
    assert_eq!(
        lines(&one(ns::XMP_RIGHTS, "Marked", Node::text("yes"))),
        ["xmpRights:Marked: error: \"yes\" is not a Boolean (True or False)"]
    );
    for ok in [
        "2024",
        "2024-08",
        "2024-08-14",
        "2024-08-14T06:12Z",
        "2015-07-16T15:38:54.00",
    ] {
        assert!(
            one(ns::XMP, "ModifyDate", Node::text(ok)).is_empty(),
            "{ok}"
        );
    }
    assert_eq!(
        lines(&one(ns::XMP, "ModifyDate", Node::text("2024:08:14 06:12:03"))),
        ["xmp:ModifyDate: error: \"2024:08:14 06:12:03\" is not an XMP date: this is the Exif form; XMP writes 2024-08-14T06:12:03"]
    );
    // Dates inside Seq items.
    let p = one(ns::DC, "date", seq(&["2024-01-01", "01/02/2024"]));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].path, "dc:date[2]");
}

#[test]
fn ids_look_like_guids() {
    for (uri, local) in [
        (ns::XMP_MM, "DocumentID"),
        (ns::XMP_MM, "InstanceID"),
        (ns::XMP_MM, "OriginalDocumentID"),
    ] {
        assert!(one(
            uri,
            local,
            Node::text("xmp.did:F5B4A8B21E8211E5A0FBC1C720F8BFA3")
        )
        .is_empty());
        assert!(one(
            uri,
            local,
            Node::text("uuid:faf5bdd5-ba3d-11da-ad31-d33d75182f1b")
        )
        .is_empty());
        assert!(one(uri, local, Node::text("8367D410E636EA95B7DE7EBA1C43A412")).is_empty());
        let p = one(uri, local, Node::text("my-document"));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].severity, Severity::Warning);
    }
    let derived = Node::structure(vec![
        (Name::new(REF, "instanceID"), Node::text("xmp.iid:1234")),
        (
            Name::new(REF, "documentID"),
            Node::text("xmp.did:F5B4A8B21E8211E5A0FBC1C720F8BFA3"),
        ),
    ]);
    assert_eq!(
        lines(&one(ns::XMP_MM, "DerivedFrom", derived)),
        ["xmpMM:DerivedFrom/stRef:instanceID: warning: \"xmp.iid:1234\" does not look like a GUID (e.g. xmp.iid: followed by 32 hex digits, or a UUID)"]
    );
    let event = |iid: &str, when: &str| {
        Node::structure(vec![
            (Name::new(EVT, "action"), Node::text("saved")),
            (Name::new(EVT, "instanceID"), Node::text(iid)),
            (Name::new(EVT, "when"), Node::text(when)),
        ])
    };
    let history = Node::array(
        ArrayKind::Seq,
        vec![
            event(
                "xmp.iid:446f9de2-f964-4680-8461-ddf05bfcc53e",
                "2021-02-13T21:19:04+01:00",
            ),
            event("bogus", "yesterday"),
        ],
    );
    let p = one(ns::XMP_MM, "History", history);
    assert_eq!(p.len(), 2, "{:?}", lines(&p));
    assert_eq!(p[0].path, "xmpMM:History[2]/stEvt:instanceID");
    assert_eq!(p[0].severity, Severity::Warning);
    assert_eq!(p[1].path, "xmpMM:History[2]/stEvt:when");
    assert_eq!(p[1].severity, Severity::Error);
}

#[test]
fn simple_values_where_arrays_belong_are_warnings() {
    // The NormalizeDCArrays situations of docs/data-model.md, "Toolkit normalisations
    // xmpedit does not apply".
    assert_eq!(
        lines(&one(ns::DC, "title", Node::text("Just text"))),
        ["dc:title: warning: a simple value where a language alternative is expected (the XMP Toolkit makes it the x-default item)"]
    );
    assert_eq!(
        lines(&one(ns::DC, "creator", Node::text("Ada"))),
        ["dc:creator: warning: a simple value where a Seq is expected (the XMP Toolkit reads it as a one-item array)"]
    );
    // The single value is still checked against the item type.
    let p = one(ns::DC, "date", Node::text("not a date"));
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].severity, Severity::Warning);
    assert_eq!(p[1].severity, Severity::Error);
    assert!(p[1].message.contains("not an XMP date"));
}

#[test]
fn wrong_array_kinds_and_forms() {
    assert_eq!(
        lines(&one(ns::DC, "subject", seq(&["a"]))),
        ["dc:subject: warning: a Seq where a Bag is expected"]
    );
    assert_eq!(
        lines(&one(ns::DC, "title", bag(&["a"]))),
        [
            "dc:title: warning: a Bag where a language alternative (Alt) is expected",
            "dc:title[1]: error: item without xml:lang in a language alternative",
        ]
    );
    assert_eq!(
        lines(&one(ns::XMP, "Rating", bag(&["3"]))),
        ["xmp:Rating: error: a Bag where a Real number value is expected"]
    );
    assert_eq!(
        lines(&one(ns::XMP_MM, "DerivedFrom", Node::text("xmp.did:x"))),
        ["xmpMM:DerivedFrom: error: a simple value where a struct (Resource Reference) is expected"]
    );
    assert_eq!(
        lines(&one(ns::DC, "subject", Node::structure(vec![]))),
        ["dc:subject: error: a struct where a Bag is expected"]
    );
}

#[test]
fn language_alternative_rules() {
    assert!(one(ns::DC, "rights", alt(&[("x-default", "©"), ("en", "©")])).is_empty());
    assert!(
        one(ns::DC, "rights", alt(&[])).is_empty(),
        "an empty Alt is legal"
    );
    assert_eq!(
        lines(&one(
            ns::DC,
            "title",
            alt(&[("en", "A"), ("x-default", "A")])
        )),
        ["dc:title[2]: warning: x-default should be the first item"]
    );
    assert_eq!(
        lines(&one(
            ns::DC,
            "title",
            alt(&[("x-default", "A"), ("en-US", "B"), ("en-us", "C")])
        )),
        ["dc:title[3]: error: language \"en-us\" appears more than once"]
    );
    let mixed = Node::array(
        ArrayKind::Alt,
        vec![
            Node::lang_text("x-default", "A"),
            Node::array(ArrayKind::Bag, vec![]),
        ],
    );
    assert_eq!(
        lines(&one(ns::DC, "description", mixed)),
        [
            "dc:description[2]: error: a Bag in a language alternative; items must be text",
            "dc:description[2]: error: item without xml:lang in a language alternative",
        ]
    );
}

#[test]
fn closed_choices() {
    for ok in ["1", "8"] {
        assert!(one(ns::TIFF, "Orientation", Node::text(ok)).is_empty());
    }
    assert_eq!(
        lines(&one(ns::TIFF, "Orientation", Node::text("9"))),
        ["tiff:Orientation: error: \"9\" is not one of the allowed values (1, 2, 3, 4, 5, 6, 7, 8)"]
    );
    assert!(one(ns::PHOTOSHOP, "ColorMode", Node::text("3")).is_empty());
    assert!(one(ns::PHOTOSHOP, "ColorMode", Node::text("5")).len() == 1);
    assert!(one(ns::PHOTOSHOP, "Urgency", Node::text("1")).is_empty());
    assert!(one(ns::PHOTOSHOP, "Urgency", Node::text("9")).len() == 1);
    assert!(one(ns::PHOTOSHOP, "Urgency", Node::text("0")).len() == 1);
    // Closed text choices inside structs; open choices accept anything.
    let rs = "http://www.metadataworkinggroup.com/schemas/regions/";
    let region = |ty: &str| {
        Node::structure(vec![(
            Name::new(rs, "RegionList"),
            Node::array(
                ArrayKind::Bag,
                vec![Node::structure(vec![(
                    Name::new(rs, "Type"),
                    Node::text(ty),
                )])],
            ),
        )])
    };
    assert!(one(rs, "Regions", region("Face")).is_empty());
    assert_eq!(
        lines(&one(rs, "Regions", region("Cat"))),
        ["mwg-rs:Regions/mwg-rs:RegionList[1]/mwg-rs:Type: error: \"Cat\" is not one of the allowed values (Face, Pet, Focus, BarCode)"]
    );
    assert!(one(ns::XMP, "Label", Node::text("My own label")).is_empty());
}

#[test]
fn problems_use_registry_prefixes_whatever_the_file_used() {
    let mut p = packet(vec![(Name::new(ns::XMP, "Rating"), Node::text("9"))]);
    p.prefixes.hint(ns::XMP, "xap");
    let probs = validate(&p);
    assert_eq!(probs[0].path, "xmp:Rating");
    assert_eq!(probs[0].prop, Name::new(ns::XMP, "Rating"));
    assert!(probs[0].steps.is_empty());
}

#[test]
fn long_values_are_cut_in_messages() {
    let long = "x".repeat(10_000);
    let p = one(ns::XMP, "CreateDate", Node::text(long));
    assert_eq!(p.len(), 1);
    assert!(p[0].message.len() < 200, "{}", p[0].message.len());
    assert!(p[0].message.contains('…'));
}

#[test]
fn registry_covers_the_notes_table_of_common_properties() {
    let reg = xmpedit_core::schema::registry();
    let table = "dc:title dc:description dc:rights dc:creator dc:date dc:contributor dc:publisher \
        dc:language dc:subject dc:relation dc:type dc:format dc:identifier dc:source dc:coverage \
        xmp:CreateDate xmp:ModifyDate xmp:MetadataDate xmp:CreatorTool xmp:Label xmp:Rating \
        xmp:Identifier xmp:Thumbnails xmpRights:UsageTerms xmpRights:Marked xmpRights:Owner \
        xmpRights:WebStatement xmpRights:Certificate xmpMM:DocumentID xmpMM:InstanceID \
        xmpMM:OriginalDocumentID xmpMM:DerivedFrom xmpMM:History xmpMM:Ingredients xmpMM:Pantry \
        xmpBJ:JobRef xmpTPg:MaxPageSize xmpTPg:NPages xmpDM:duration xmpDM:introTime \
        xmpDM:outCue xmpDM:startTimecode xmpDM:altTimecode xmpDM:Tracks xmpDM:markers \
        xmpDM:good xmpDM:loop xmpDM:trackNumber xmpDM:tempo photoshop:DateCreated \
        photoshop:Headline photoshop:City photoshop:State photoshop:Country photoshop:Credit \
        photoshop:Source photoshop:Instructions photoshop:AuthorsPosition \
        photoshop:TransmissionReference photoshop:History photoshop:CaptionWriter \
        photoshop:Urgency photoshop:Category photoshop:SupplementalCategories \
        photoshop:ColorMode photoshop:DocumentAncestors Iptc4xmpCore:CreatorContactInfo \
        Iptc4xmpCore:Scene Iptc4xmpCore:SubjectCode Iptc4xmpCore:Location \
        Iptc4xmpCore:CountryCode Iptc4xmpCore:IntellectualGenre \
        Iptc4xmpCore:AltTextAccessibility Iptc4xmpCore:ExtDescrAccessibility \
        Iptc4xmpExt:PersonInImage Iptc4xmpExt:OrganisationInImageName Iptc4xmpExt:ModelAge \
        Iptc4xmpExt:LocationShown Iptc4xmpExt:LocationCreated Iptc4xmpExt:Event \
        Iptc4xmpExt:DigitalSourceType plus:Licensor plus:CopyrightOwner plus:ImageCreator \
        plus:ImageSupplier plus:ModelReleaseStatus plus:PropertyReleaseStatus \
        lr:hierarchicalSubject lr:weightedFlatSubject MicrosoftPhoto:Rating \
        MicrosoftPhoto:LastKeywordXMP MicrosoftPhoto:LastKeywordIPTC mwg-rs:Regions \
        mwg-kw:Keywords cc:license cc:attributionURL cc:morePermissions cc:attributionName \
        exif:DateTimeOriginal exif:ExposureTime exif:FNumber exif:GPSLatitude exif:GPSLongitude \
        exif:UserComment tiff:Orientation tiff:Make tiff:Model exifEX:LensModel \
        exifEX:BodySerialNumber pdf:Keywords pdf:Producer pdf:PDFVersion pdf:Trapped \
        xmpNote:HasExtendedXMP";
    for qname in table.split_whitespace() {
        let (prefix, local) = qname.split_once(':').unwrap();
        let ns = reg.by_prefix(prefix).unwrap_or_else(|| panic!("{prefix}"));
        assert!(
            reg.property(&Name::new(ns.uri.as_str(), local)).is_some(),
            "{qname} missing"
        );
    }
    // Every struct type is used by some property or field.
    for s in reg.structs() {
        let used = reg.properties().any(|(_, p)| mentions(&p.ty, &s.name, reg))
            || reg
                .structs()
                .iter()
                .flat_map(|t| &t.fields)
                .any(|f| mentions(&f.ty, &s.name, reg));
        assert!(used, "struct {} is never used", s.name);
    }
}

fn mentions(
    ty: &xmpedit_core::schema::ValueType,
    name: &str,
    reg: &xmpedit_core::schema::Registry,
) -> bool {
    match ty.leaf() {
        xmpedit_core::schema::ValueType::Struct(id) => reg.struct_def(*id).name == name,
        _ => false,
    }
}
