//! What PDF/A-1b (ISO 19005-1, level B) asks of a file beyond its pages: XMP metadata that
//! says the same as the document information and declares the conformance, and an output
//! intent with the colour profile the device colours (the pages' grey) are meant in.

use super::compose::Meta;
use super::finish;
use lopdf::{Dictionary, Object, Stream, StringFormat};

/// The sRGB profile (ICC version 2: PDF/A-1 predates version 4); see `srgb/COPYRIGHT`.
const SRGB: &[u8] = include_bytes!("srgb/sRGB.icc");

/// The XMP metadata stream of a file with `meta`: title, author, tool and dates as the
/// document information has them, and `pdfaid` part 1, conformance B. Not compressed (PDF/A-1
/// 6.7.2 lets a reader without filters find it).
pub fn metadata(meta: &Meta) -> Stream {
    let t = meta.time;
    let date = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    );
    let xml = format!(
        concat!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
            "<dc:format>application/pdf</dc:format>\n",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n",
            "<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n",
            "</rdf:Description>\n",
            "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n",
            "<xmp:CreatorTool>huibao</xmp:CreatorTool>\n",
            "<xmp:CreateDate>{date}</xmp:CreateDate>\n",
            "<xmp:ModifyDate>{date}</xmp:ModifyDate>\n",
            "</rdf:Description>\n",
            "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n",
            "<pdf:Producer>huibao</pdf:Producer>\n",
            "</rdf:Description>\n",
            "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
            "<pdfaid:part>1</pdfaid:part>\n",
            "<pdfaid:conformance>B</pdfaid:conformance>\n",
            "</rdf:Description>\n",
            "</rdf:RDF>\n",
            "</x:xmpmeta>\n",
            "<?xpacket end=\"w\"?>"
        ),
        title = crate::text::xml_escaped(meta.title),
        author = crate::text::xml_escaped(meta.author),
        date = date,
    );
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Metadata".to_vec())),
        ("Subtype", Object::Name(b"XML".to_vec())),
    ]);
    Stream::new(dict, xml.into_bytes())
}

/// The output intent naming sRGB, its profile the stream `profile` (an object number of the
/// file being composed).
pub fn output_intent(profile: Object) -> Dictionary {
    let name = || Object::String(b"sRGB IEC61966-2.1".to_vec(), StringFormat::Literal);
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", name()),
        ("Info", name()),
        ("DestOutputProfile", profile),
    ])
}

/// The sRGB profile as an ICC stream, deflated.
pub fn srgb_profile() -> Result<Stream, String> {
    let dict = Dictionary::from_iter(vec![("N", Object::Integer(3))]);
    let mut stream = Stream::new(dict, SRGB.to_vec());
    finish::compress_stream(&mut stream)?;
    Ok(stream)
}
