//! Kubernetes field paths (`spec.template.spec.containers[0].resources.requests[cpu]`), kept as
//! segments so the same path can be printed the API server's way and looked up in the text.

use std::fmt;

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A struct field, printed `.name`.
    Field(String),
    /// A sequence element, printed `[0]`.
    Index(usize),
    /// A map entry (labels, resource lists), printed `[key]` as the API server does.
    Key(String),
}

/// A path from the document root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

impl FieldPath {
    pub fn root() -> Self {
        Self::default()
    }

    /// Parses the dotted form used in tests and docs (`spec.containers[0].name`); map keys in
    /// brackets that are not numbers become [`Segment::Key`].
    pub fn parse(text: &str) -> Self {
        let mut path = Self::root();
        let mut name = String::new();
        let mut characters = text.chars();
        while let Some(character) = characters.next() {
            match character {
                '.' => {
                    if !name.is_empty() {
                        path = path.field(&std::mem::take(&mut name));
                    }
                }
                '[' => {
                    if !name.is_empty() {
                        path = path.field(&std::mem::take(&mut name));
                    }
                    let inner: String = characters.by_ref().take_while(|&c| c != ']').collect();
                    path = match inner.parse::<usize>() {
                        Ok(index) => path.index(index),
                        Err(_) => path.key(&inner),
                    };
                }
                other => name.push(other),
            }
        }
        if !name.is_empty() {
            path = path.field(&name);
        }
        path
    }

    pub fn field(&self, name: &str) -> Self {
        self.with(Segment::Field(name.to_string()))
    }

    pub fn index(&self, index: usize) -> Self {
        self.with(Segment::Index(index))
    }

    pub fn key(&self, key: &str) -> Self {
        self.with(Segment::Key(key.to_string()))
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn parent(&self) -> Option<Self> {
        if self.segments.is_empty() {
            return None;
        }
        let mut segments = self.segments.clone();
        segments.pop();
        Some(Self { segments })
    }

    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    fn with(&self, segment: Segment) -> Self {
        let mut segments = self.segments.clone();
        segments.push(segment);
        Self { segments }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Field(name) if position == 0 => f.write_str(name)?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) => write!(f, "[{key}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_the_api_server_form() {
        let path = FieldPath::root()
            .field("spec")
            .field("containers")
            .index(0)
            .field("resources")
            .field("requests")
            .key("cpu");
        assert_eq!(
            path.to_string(),
            "spec.containers[0].resources.requests[cpu]"
        );
    }

    #[test]
    fn parse_round_trips() {
        let text = "spec.template.spec.containers[1].resources.limits[nvidia.com/gpu]";
        // Dots inside brackets are part of the key, so split before parsing brackets.
        let path = FieldPath::root()
            .field("spec")
            .field("template")
            .field("spec")
            .field("containers")
            .index(1)
            .field("resources")
            .field("limits")
            .key("nvidia.com/gpu");
        assert_eq!(path.to_string(), text);
        assert_eq!(
            FieldPath::parse("spec.containers[0].name").to_string(),
            "spec.containers[0].name"
        );
        assert_eq!(
            FieldPath::parse("metadata.labels[app]").segments()[2],
            Segment::Key("app".into())
        );
    }
}
