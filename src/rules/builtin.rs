//! The default rule pack, embedded in the binary so that ally works with no files around it.

use crate::diagnostic::DataFile;

/// Every rule file in `rules/`, one category per file. A test checks that this list and the
/// folder agree, so adding a category is: add the file, add a line here.
const RULE_FILES: &[(&str, &str)] = &[
    ("rules/age.toml", include_str!("../../rules/age.toml")),
    (
        "rules/allowed.toml",
        include_str!("../../rules/allowed.toml"),
    ),
    ("rules/body.toml", include_str!("../../rules/body.toml")),
    (
        "rules/disability.toml",
        include_str!("../../rules/disability.toml"),
    ),
    ("rules/gender.toml", include_str!("../../rules/gender.toml")),
    ("rules/lgbtq.toml", include_str!("../../rules/lgbtq.toml")),
    (
        "rules/mental-health.toml",
        include_str!("../../rules/mental-health.toml"),
    ),
    ("rules/other.toml", include_str!("../../rules/other.toml")),
    (
        "rules/profanity.toml",
        include_str!("../../rules/profanity.toml"),
    ),
    ("rules/race.toml", include_str!("../../rules/race.toml")),
    (
        "rules/religion-culture.toml",
        include_str!("../../rules/religion-culture.toml"),
    ),
    (
        "rules/socioeconomic.toml",
        include_str!("../../rules/socioeconomic.toml"),
    ),
    ("rules/tech.toml", include_str!("../../rules/tech.toml")),
];

const GUIDANCE: (&str, &str) = (
    "rules/guidance.toml",
    include_str!("../../rules/guidance.toml"),
);

/// The embedded rule files.
pub(super) fn rule_files() -> Vec<DataFile> {
    RULE_FILES
        .iter()
        .map(|(name, text)| DataFile::new(*name, *text))
        .collect()
}

/// The embedded guidance topics.
pub(super) fn guidance_file() -> DataFile {
    DataFile::new(GUIDANCE.0, GUIDANCE.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_the_rules_folder_is_embedded() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".toml") && name != "guidance.toml")
            .map(|name| format!("rules/{name}"))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = RULE_FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(embedded, on_disk);
    }
}
