//! `ally init`: write a starter `.ally.toml` with every setting commented out.

use std::path::Path;

use ally::config::STARTER;

use super::common::{Failure, fail};

pub(crate) fn init(force: bool) -> Result<u8, Failure> {
    let path = Path::new(".ally.toml");
    if path.exists() && !force {
        return Err(fail(".ally.toml already exists; use --force to replace it"));
    }
    ally::output::write_atomically(path, STARTER.as_bytes()).map_err(|e| {
        fail(format!(
            "cannot write .ally.toml: {}",
            ally::read::describe(&e)
        ))
    })?;
    println!(
        "ally: wrote .ally.toml; every setting in it is commented out, so the defaults apply until you edit it"
    );
    Ok(0)
}
