//! `ally config`: the settings that apply to a path, as TOML.

use std::path::Path;

use ally::config::{CliSettings, Settings, discover, effective_toml};

use super::args::{ColorArg, ConfigSource};
use super::common::{Failure, load_config, report_data_errors};

pub(crate) fn show_config(path: Option<&Path>, source: &ConfigSource) -> Result<u8, Failure> {
    let path = path.unwrap_or(Path::new("."));
    let config = if source.isolated {
        None
    } else if let Some(file) = &source.config {
        Some(load_config(file, ColorArg::Auto)?)
    } else {
        discover(path).map_err(|e| report_data_errors(&e, ColorArg::Auto))?
    };
    let settings = Settings::new(config.as_ref(), &CliSettings::default())
        .map_err(|e| report_data_errors(&e, ColorArg::Auto))?;
    print!("{}", effective_toml(&settings, path));
    Ok(0)
}
