//! `ally guide [TOPIC]`: the allyship guidance topics, or one of them.

use std::io::{self, Write};

use ally::rules::RuleSet;

use super::common::{Failure, fail};
use super::text::wrap;

pub(crate) fn guide(topic: Option<&str>) -> Result<u8, Failure> {
    let rules = RuleSet::builtin();
    let mut out = io::stdout().lock();
    let Some(id) = topic else {
        writeln!(
            out,
            "Allyship guidance. Read a topic with `ally guide TOPIC`.\n"
        )?;
        let width = rules.topics().iter().map(|t| t.id.len()).max().unwrap_or(0);
        for topic in rules.topics() {
            writeln!(out, "  {:width$}  {}", topic.id, topic.title)?;
        }
        return Ok(0);
    };
    let Some(topic) = rules.topic(id) else {
        return Err(fail(match rules.closest_topic(id) {
            Some(near) => format!("there is no guidance topic `{id}`; did you mean `{near}`?"),
            None => format!("there is no guidance topic `{id}`; `ally guide` lists them"),
        }));
    };
    writeln!(out, "{}\n", topic.title)?;
    writeln!(out, "{}\n", wrap(&topic.text, 78))?;
    if !topic.sources.is_empty() {
        writeln!(out, "Sources:")?;
        for source in &topic.sources {
            writeln!(
                out,
                "  {}, {}\n    {}",
                source.title, source.publisher, source.url
            )?;
        }
    }
    Ok(0)
}
