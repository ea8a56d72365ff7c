//! Reader speed on a typical ~5 KB packet. Ignored by default (timing belongs in release
//! builds): `cargo test --release --test tests -- xmp::reader_speed --ignored --nocapture`.

use std::time::Instant;

use xmpedit_core::xmp::parse;

/// A camera-and-Lightroom style packet: compact attributes, arrays, a history of structs.
fn typical_packet() -> String {
    let mut s = String::from(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"Adobe XMP Core 7.0-c000\">\n\
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
  <rdf:Description rdf:about=\"\"\n\
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n\
    xmlns:stEvt=\"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#\"\n\
    xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n\
    xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\"\n\
    xmlns:exif=\"http://ns.adobe.com/exif/1.0/\"\n\
    xmlns:aux=\"http://ns.adobe.com/exif/1.0/aux/\"\n\
    xmlns:crs=\"http://ns.adobe.com/camera-raw-settings/1.0/\"\n\
    xmlns:Iptc4xmpCore=\"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/\"\n\
   xmp:CreatorTool=\"Adobe Photoshop Lightroom Classic 12.0 (Windows)\"\n\
   xmp:CreateDate=\"2023-06-14T18:22:05.31+02:00\"\n\
   xmp:ModifyDate=\"2023-06-15T09:01:44+02:00\"\n\
   xmp:MetadataDate=\"2023-06-15T09:01:44+02:00\"\n\
   xmp:Rating=\"4\"\n\
   xmp:Label=\"Green\"\n\
   dc:format=\"image/jpeg\"\n\
   xmpMM:DocumentID=\"xmp.did:1b6d1c0e-7c3e-4f4b-9d55-6a0c2b3f6e71\"\n\
   xmpMM:InstanceID=\"xmp.iid:8e4d8a61-2a5c-4b8e-bd1a-0c6f4f0a9a2e\"\n\
   xmpMM:OriginalDocumentID=\"5C0E1C7D2A4B8F6E0D3C1B2A49586776\"\n\
   photoshop:DateCreated=\"2023-06-14T18:22:05.31+02:00\"\n\
   photoshop:City=\"Porto\" photoshop:Country=\"Portugal\"\n\
   tiff:Make=\"FUJIFILM\" tiff:Model=\"X-T4\" tiff:Orientation=\"1\"\n\
   exif:ExposureTime=\"1/250\" exif:FNumber=\"56/10\" exif:ExposureProgram=\"2\"\n\
   exif:FocalLength=\"230/10\" exif:ExposureBiasValue=\"-1/3\" exif:MeteringMode=\"5\"\n\
   aux:Lens=\"XF23mmF1.4 R\" aux:SerialNumber=\"12345678\"\n",
    );
    for (k, v) in [
        ("Temperature", "5450"),
        ("Tint", "+8"),
        ("Exposure2012", "+0.35"),
        ("Contrast2012", "+12"),
        ("Highlights2012", "-48"),
        ("Shadows2012", "+31"),
        ("Whites2012", "+10"),
        ("Blacks2012", "-6"),
        ("Clarity2012", "+9"),
        ("Vibrance", "+14"),
        ("Saturation", "0"),
        ("Sharpness", "40"),
    ] {
        s.push_str(&format!("   crs:{k}=\"{v}\"\n"));
    }
    s.push_str("   >\n");
    s.push_str(
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Harbour at dusk</rdf:li>\
<rdf:li xml:lang=\"pt-PT\">Porto ao anoitecer</rdf:li></rdf:Alt></dc:title>\n\
   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">Fishing boats moored in the Douro \
at dusk, seen from the Gaia side of the river.</rdf:li></rdf:Alt></dc:description>\n\
   <dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">© 2023 Ana Silva, all rights reserved</rdf:li></rdf:Alt></dc:rights>\n\
   <dc:creator><rdf:Seq><rdf:li>Ana Silva</rdf:li></rdf:Seq></dc:creator>\n\
   <dc:subject><rdf:Bag>",
    );
    for k in [
        "harbour",
        "dusk",
        "boats",
        "Douro",
        "Porto",
        "Portugal",
        "river",
        "blue hour",
        "travel",
        "city",
    ] {
        s.push_str(&format!("<rdf:li>{k}</rdf:li>"));
    }
    s.push_str("</rdf:Bag></dc:subject>\n");
    s.push_str(
        "   <Iptc4xmpCore:CreatorContactInfo Iptc4xmpCore:CiEmailWork=\"ana@example.org\" \
Iptc4xmpCore:CiAdrCity=\"Porto\" Iptc4xmpCore:CiUrlWork=\"https://example.org\"/>\n\
   <exif:ISOSpeedRatings><rdf:Seq><rdf:li>400</rdf:li></rdf:Seq></exif:ISOSpeedRatings>\n\
   <exif:Flash exif:Fired=\"False\" exif:Return=\"0\" exif:Mode=\"2\" exif:Function=\"False\" exif:RedEyeMode=\"False\"/>\n\
   <xmpMM:History><rdf:Seq>\n",
    );
    for i in 0..8 {
        s.push_str(&format!(
            "    <rdf:li stEvt:action=\"saved\" stEvt:instanceID=\"xmp.iid:8e4d8a61-2a5c-4b8e-bd1a-0c6f4f0a9a{i:02}\" \
stEvt:when=\"2023-06-15T09:0{i}:44+02:00\" stEvt:softwareAgent=\"Adobe Photoshop Lightroom Classic 12.0 (Windows)\" \
stEvt:changed=\"/metadata\"/>\n"
        ));
    }
    s.push_str("   </rdf:Seq></xmpMM:History>\n  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
    s.push_str(&format!("{}\n<?xpacket end=\"w\"?>", " ".repeat(100)));
    s
}

/// CPU time of this thread in ns (Linux `schedstat`), None elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

#[test]
#[ignore]
fn typical_packet_parse_time() {
    let text = typical_packet();
    let bytes = text.as_bytes();
    let first = parse(bytes).expect("packet parses");
    assert!(first.packet.props.len() > 40);
    // XMPEDIT_SPEED_RUNS=1000 keeps instruction-counting runs (valgrind) short.
    let runs: usize = std::env::var("XMPEDIT_SPEED_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    for _ in 0..runs / 10 {
        std::hint::black_box(parse(std::hint::black_box(bytes)).ok());
    }
    let cpu0 = thread_cpu_ns();
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(parse(std::hint::black_box(bytes)).ok());
    }
    let wall = t.elapsed().as_secs_f64() * 1e6 / runs as f64;
    // On a loaded machine wall time overstates the cost; the thread's CPU time does not.
    let cpu = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) => format!("{:.1}", (b - a) as f64 / 1e3 / runs as f64),
        _ => "n/a".into(),
    };
    eprintln!(
        "{} bytes, {} properties, {} nodes: {wall:.1} µs wall, {cpu} µs CPU per parse",
        bytes.len(),
        first.packet.props.len(),
        first.packet.node_count(),
    );
}

#[test]
fn typical_packet_reads_completely() {
    let r = parse(typical_packet().as_bytes()).expect("packet parses");
    assert!(r.warnings.is_empty());
    assert_eq!(r.packet.props.len(), 45);
}
