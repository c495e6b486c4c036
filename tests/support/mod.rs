//! Builders for the policy documents the tests read: small .docx, .odt and .pdf files made in
//! memory, and hostile ones (zip bombs, truncated archives, encrypted PDFs) made at test time
//! so that nothing large is committed. Used by tests/documents.rs and, to regenerate the
//! committed fixtures in tests/fixtures/policy, by `ALLY_REGENERATE=1 cargo test --test documents`.

#![allow(dead_code, unreachable_pub)]

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// A zip archive of `(name, content)` entries, deflated, with fixed timestamps so that the same
/// input always gives the same bytes.
pub fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in entries {
        let method = if *name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        writer.start_file(*name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A paragraph of runs: `p(&["white", "list"])` splits the text into two formatting runs, the
/// second one bold, the way Word does.
pub fn p(runs: &[&str]) -> String {
    let mut xml = String::from("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>");
    for (i, run) in runs.iter().enumerate() {
        let props = if i % 2 == 1 {
            "<w:rPr><w:b/></w:rPr>"
        } else {
            ""
        };
        xml.push_str(&format!(
            "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(run)
        ));
    }
    xml.push_str("</w:p>");
    xml
}

/// A table of one row whose cells hold one paragraph each.
pub fn table(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<w:tc><w:tcPr/>{}</w:tc>", p(&[c])))
        .collect();
    format!("<w:tbl><w:tblPr/><w:tr>{cells}</w:tr></w:tbl>")
}

/// The parts of a .docx beyond its body.
#[derive(Default)]
pub struct DocxParts<'a> {
    pub header: Option<&'a str>,
    pub footer: Option<&'a str>,
    pub footnote: Option<&'a str>,
    pub comment: Option<&'a str>,
}

/// A .docx whose body is `body` (paragraphs and tables made with [`p`] and [`table`]).
pub fn docx(body: &str, parts: &DocxParts<'_>) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut entries: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), content_types.into()),
        ("_rels/.rels".into(), rels.into()),
        ("word/document.xml".into(), document),
    ];
    if let Some(text) = parts.header {
        entries.push((
            "word/header1.xml".into(),
            format!("<w:hdr {W}>{}</w:hdr>", p(&[text])),
        ));
    }
    if let Some(text) = parts.footer {
        entries.push((
            "word/footer1.xml".into(),
            format!("<w:ftr {W}>{}</w:ftr>", p(&[text])),
        ));
    }
    if let Some(text) = parts.footnote {
        entries.push((
            "word/footnotes.xml".into(),
            format!(
                "<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id=\"1\">{}</w:footnote></w:footnotes>",
                p(&[text])
            ),
        ));
    }
    if let Some(text) = parts.comment {
        entries.push((
            "word/comments.xml".into(),
            format!(
                "<w:comments {W}><w:comment w:id=\"0\" w:author=\"Reviewer\">{}</w:comment></w:comments>",
                p(&[text])
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = entries
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_str()))
        .collect();
    zip(&borrowed)
}

/// An .odt whose `office:text` holds `body` (ODF XML such as `<text:p>…</text:p>`), with an
/// optional page header.
pub fn odt(body: &str, header: Option<&str>) -> Vec<u8> {
    let ns = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {ns} office:version=\"1.3\"><office:body><office:text>{body}</office:text></office:body></office:document-content>"
    );
    let header = header
        .map(|h| {
            format!(
                "<style:header><text:p>{}</text:p></style:header>",
                escape(h)
            )
        })
        .unwrap_or_default();
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {ns} office:version=\"1.3\"><office:master-styles><style:master-page style:name=\"Standard\">{header}</style:master-page></office:master-styles></office:document-styles>"
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", &content),
        ("styles.xml", &styles),
    ])
}

/// A PDF with one page per entry, each a list of lines in Helvetica 12 pt. A line may be
/// split into pieces drawn separately (`"white|list"` draws `white` and `list` as two strings
/// with no gap, the way a change of font does).
pub fn pdf(pages: &[&[&str]]) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    let page_count = pages.len();
    // 1 catalog, 2 page tree, 3 font, then a page and its content per page.
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..page_count)
        .map(|i| format!("{} 0 R", 4 + 2 * i))
        .collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {page_count} >>",
        kids.join(" ")
    ));
    objects.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    );
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 12 Tf 14 TL 72 720 Td\n");
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                content.push_str("T*\n");
            }
            if line.contains('|') {
                let pieces: Vec<String> = line
                    .split('|')
                    .map(|piece| format!("({})", pdf_escape(piece)))
                    .collect();
                content.push_str(&format!("[{}] TJ\n", pieces.join(" 0 ")));
            } else {
                content.push_str(&format!("({}) Tj\n", pdf_escape(line)));
            }
        }
        content.push_str("ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ));
    }
    let objects: Vec<Vec<u8>> = objects.into_iter().map(String::into_bytes).collect();
    pdf_of_objects(
        &objects,
        " /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
    )
}

/// A PDF of these objects (object n is `objects[n - 1]`; object 1 is the catalog), with a
/// correct cross-reference table and `trailer` added to the trailer dictionary.
pub fn pdf_of_objects(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The same PDF encrypted (RC4, 128-bit) with this user password.
pub fn encrypted_pdf(plain: &[u8], user_password: &str) -> Vec<u8> {
    use lopdf::{Document, EncryptionState, EncryptionVersion, Permissions};
    let mut document = Document::load_mem(plain).unwrap();
    let version = EncryptionVersion::V2 {
        document: &document,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).unwrap();
    document.encrypt(&state).unwrap();
    let mut out = Vec::new();
    document.save_to(&mut out).unwrap();
    out
}

/// A .docx-shaped zip whose `word/document.xml` inflates to `size` bytes of zeros, while the
/// archive itself stays about a thousandth of that. The deflate stream is made by compressing
/// one mebibyte once, with a full flush so that the block stands alone, and repeating it; the
/// CRC is combined arithmetically, so building a 1 GB bomb takes milliseconds. With
/// `honest_size` false the archive declares a tiny size, as a bomb meant to get past a check of
/// the declared sizes would.
pub fn zip_bomb(size: u64, honest_size: bool) -> Vec<u8> {
    use flate2::{Compress, Compression, Crc, FlushCompress};
    const CHUNK: usize = 1024 * 1024;
    assert!(size.is_multiple_of(CHUNK as u64) && size < u32::MAX as u64);
    let zeros = vec![0u8; CHUNK];
    let mut compress = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(CHUNK);
    compress
        .compress_vec(&zeros, &mut block, FlushCompress::Full)
        .unwrap();
    let mut chunk_crc = Crc::new();
    chunk_crc.update(&zeros);
    let repeats = size / CHUNK as u64;
    let mut data = Vec::with_capacity(block.len() * repeats as usize + 2);
    let mut crc = Crc::new();
    for _ in 0..repeats {
        data.extend_from_slice(&block);
        crc.combine(&chunk_crc);
    }
    // A final, empty fixed-Huffman block ends the stream.
    data.extend_from_slice(&[0x03, 0x00]);
    let declared = if honest_size { size as u32 } else { 1234 };
    let mut archive = RawZip::default();
    archive.add(
        "[Content_Types].xml",
        0,
        b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        None,
    );
    archive.add("word/document.xml", 8, &data, Some((crc.sum(), declared)));
    archive.finish()
}

/// A minimal zip writer for entries whose compressed bytes are already made.
#[derive(Default)]
struct RawZip {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl RawZip {
    /// Adds an entry; `stored_as` is `(crc, uncompressed size)` for pre-compressed data.
    fn add(&mut self, name: &str, method: u16, data: &[u8], stored_as: Option<(u32, u32)>) {
        let (crc, size) = stored_as.unwrap_or_else(|| {
            let mut crc = flate2::Crc::new();
            crc.update(data);
            (crc.sum(), data.len() as u32)
        });
        let offset = self.out.len() as u32;
        let common = |buf: &mut Vec<u8>| {
            for v in [20u16, 0, method, 0, 0x21] {
                buf.extend_from_slice(&v.to_le_bytes());
            }
            buf.extend_from_slice(&crc.to_le_bytes());
            buf.extend_from_slice(&(data.len() as u32).to_le_bytes());
            buf.extend_from_slice(&size.to_le_bytes());
            buf.extend_from_slice(&(name.len() as u16).to_le_bytes());
            buf.extend_from_slice(&0u16.to_le_bytes());
        };
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut self.out);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(data);
        self.central
            .extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        self.central.extend_from_slice(&20u16.to_le_bytes());
        common(&mut self.central);
        for v in [0u16, 0, 0] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        self.central.extend_from_slice(&0u32.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name.as_bytes());
        self.count += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let start = self.out.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.count, self.count] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        self.out
            .extend_from_slice(&(self.central.len() as u32).to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn pdf_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}
