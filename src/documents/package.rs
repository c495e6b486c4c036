//! Office Open XML packages (.docx, .pptx, .xlsx): how one part names another. A part's
//! relationships (`_rels/NAME.rels`) give each related part an id and a type, and the part
//! refers to them by id, so that order and names come from the package, not from file names.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::archive::Archive;
use super::{DocumentError, attribute, xml_text};

/// The relationship an element refers to: its prefixed `r:id`. An unprefixed `id` is
/// something else (a slide's number).
pub(super) fn relationship_id(element: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.prefix().is_some() && a.key.local_name().as_ref() == "id")
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The relationships of `part`: id, type and target part name.
pub(super) fn relationships(
    archive: &mut Archive<'_>,
    part: &str,
) -> Result<Vec<(String, String, String)>, DocumentError> {
    let (folder, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels = super::docx::join(&super::docx::join(folder, "_rels"), &format!("{file}.rels"));
    let Some(xml) = archive.read(&rels)? else {
        return Ok(Vec::new());
    };
    let xml = xml_text(xml);
    let mut reader = Reader::from_str(&xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(kind), Some(target)) = (
                    attribute(&e, "Id"),
                    attribute(&e, "Type"),
                    attribute(&e, "Target"),
                ) && let Some(target) = resolve(folder, &target)
                {
                    found.push((id, kind, target));
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(found),
            Ok(_) => {}
        }
    }
}

/// The part that `part` relates to with a type ending in `kind`, if any.
pub(super) fn related(
    archive: &mut Archive<'_>,
    part: &str,
    kind: &str,
) -> Result<Option<String>, DocumentError> {
    Ok(relationships(archive, part)?
        .into_iter()
        .find(|(_, k, _)| k.ends_with(kind))
        .map(|(_, _, target)| target))
}

/// A relationship's target as a part name: relative to `folder`, or absolute from `/`.
/// `None` for a target outside the package.
fn resolve(folder: &str, target: &str) -> Option<String> {
    if target.contains("://") {
        return None;
    }
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => folder.split('/').filter(|p| !p.is_empty()).collect(),
    };
    for piece in target.trim_start_matches('/').split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            piece => parts.push(piece),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_inside_the_package_only() {
        assert_eq!(
            resolve("ppt/slides", "../notesSlides/notesSlide1.xml").as_deref(),
            Some("ppt/notesSlides/notesSlide1.xml")
        );
        assert_eq!(
            resolve("ppt", "slides/slide2.xml").as_deref(),
            Some("ppt/slides/slide2.xml")
        );
        assert_eq!(
            resolve("ppt", "/ppt/slides/slide2.xml").as_deref(),
            Some("ppt/slides/slide2.xml")
        );
        assert_eq!(resolve("ppt", "../../x.xml"), None);
        assert_eq!(resolve("ppt", "https://example.com/x"), None);
    }
}
