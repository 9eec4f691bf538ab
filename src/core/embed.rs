//! The player inside another page: what an embed's query asks for (`?embed=1&mode=quiz&editor=1
//! &origin=https://host.example`), the messages a host page may send it, checked for shape and
//! size before anything acts on them, and the snippet that embeds the current lesson.
//! docs/embedding.md documents the protocol.

use super::limits::MAX_INPUT_BYTES;
use super::modes::MODES;

/// Every message of the protocol has a `type` starting with this.
pub const MESSAGE_PREFIX: &str = "kubestep:";

/// What the page's query asks of it as an embed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedConfig {
    /// `embed=1`: the chrome-less player.
    pub embedded: bool,
    /// `editor=1`: the player shows the editor too.
    pub editor: bool,
    /// `origin=…`: the only origin the player posts to and accepts messages from; any
    /// origin when absent.
    pub origin: Option<String>,
}

impl EmbedConfig {
    /// Whether a message from `origin` may act on the player.
    pub fn accepts(&self, origin: &str) -> bool {
        self.origin.as_deref().is_none_or(|only| only == origin)
    }

    /// Where the player posts its messages: the configured origin, or any.
    pub fn target_origin(&self) -> &str {
        self.origin.as_deref().unwrap_or("*")
    }
}

fn query_value<'a>(search: &'a str, key: &str) -> Option<&'a str> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|part| match part.split_once('=') {
            Some((name, value)) if name == key => Some(value),
            None if part == key => Some(""),
            _ => None,
        })
}

fn flag(search: &str, key: &str) -> bool {
    matches!(query_value(search, key), Some("" | "1" | "true"))
}

/// Reads the embed settings from a query string.
pub fn embed_config(search: &str) -> EmbedConfig {
    EmbedConfig {
        embedded: flag(search, "embed"),
        editor: flag(search, "editor"),
        origin: query_value(search, "origin")
            .and_then(percent_decode)
            .filter(|origin| is_origin(origin)),
    }
}

/// `scheme://host[:port]` with nothing after it, as `MessageEvent.origin` reports it.
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8 (no origin is then).
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |at: usize| (bytes.get(at).copied()? as char).to_digit(16);
        match (bytes[index], hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                index += 3;
            }
            (byte, ..) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A message from the host page, once checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMessage {
    /// Show a step (1-based) and optionally a position inside it (1-based).
    Goto {
        step: usize,
        frame: Option<usize>,
    },
    Play,
    Pause,
    /// Replace the manifest with this text.
    SetManifest(String),
    /// Show a mode (an index into [`MODES`]).
    SetMode(usize),
}

/// The fields of a posted object the protocol reads, as the page found them: a field of
/// another JavaScript type than the protocol's is [`Field::Wrong`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MessageFields {
    pub kind: Field<String>,
    pub step: Field<f64>,
    pub frame: Field<f64>,
    pub yaml: Field<String>,
    pub mode: Field<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Field<T> {
    #[default]
    Missing,
    Wrong,
    /// A string longer than the protocol accepts, left unread.
    TooLong,
    Present(T),
}

fn whole_number(field: &Field<f64>, name: &str, max: usize) -> Result<Option<usize>, String> {
    match field {
        Field::Missing => Ok(None),
        Field::Present(value) if value.fract() == 0.0 && *value >= 1.0 && *value <= max as f64 => {
            Ok(Some(*value as usize))
        }
        _ => Err(format!("`{name}` must be a whole number from 1 to {max}")),
    }
}

/// The largest frame position a `goto` may name; the page clamps it to the step's frames.
const MAX_FRAME: usize = 1_000_000;

/// Checks a posted message; the error says what is wrong, for the console.
pub fn read_message(fields: &MessageFields, steps: usize) -> Result<HostMessage, String> {
    let Field::Present(kind) = &fields.kind else {
        return Err("a message needs a string `type`".to_string());
    };
    let Some(name) = kind.strip_prefix(MESSAGE_PREFIX) else {
        return Err(format!("`type` must start with \"{MESSAGE_PREFIX}\""));
    };
    match name {
        "goto" => {
            let step = whole_number(&fields.step, "step", steps)?
                .ok_or_else(|| "kubestep:goto needs a `step`".to_string())?;
            let frame = whole_number(&fields.frame, "frame", MAX_FRAME)?;
            Ok(HostMessage::Goto { step, frame })
        }
        "play" => Ok(HostMessage::Play),
        "pause" => Ok(HostMessage::Pause),
        "setManifest" => match &fields.yaml {
            Field::Present(yaml) if yaml.len() <= MAX_INPUT_BYTES => {
                Ok(HostMessage::SetManifest(yaml.clone()))
            }
            Field::Present(_) | Field::TooLong => Err(format!(
                "`yaml` is longer than the editor accepts ({MAX_INPUT_BYTES} bytes)"
            )),
            _ => Err("kubestep:setManifest needs a string `yaml`".to_string()),
        },
        "setMode" => match &fields.mode {
            Field::Present(mode) => MODES
                .iter()
                .position(|known| known.id == mode)
                .map(HostMessage::SetMode)
                .ok_or_else(|| format!("unknown mode \"{mode}\"; the modes are {}", mode_ids())),
            _ => Err("kubestep:setMode needs a string `mode`".to_string()),
        },
        _ => Err(format!("unknown message type \"{kind}\"")),
    }
}

fn mode_ids() -> String {
    MODES
        .iter()
        .map(|mode| mode.id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The iframe snippet that embeds the player at `player_url` (the page's address without
/// query or fragment) with this fragment and mode.
pub fn embed_snippet(player_url: &str, mode: usize, fragment: &str) -> String {
    let mut src = format!("{player_url}?embed=1");
    if mode != 0 {
        src.push_str("&mode=");
        src.push_str(MODES[mode.min(MODES.len() - 1)].id);
    }
    src.push_str(fragment);
    format!(
        r#"<iframe src="{}" title="KubeStep lesson" width="100%" height="640" style="border:0" loading="lazy"></iframe>"#,
        src.replace('&', "&amp;").replace('"', "&quot;")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(kind: &str) -> MessageFields {
        MessageFields {
            kind: Field::Present(kind.to_string()),
            ..MessageFields::default()
        }
    }

    #[test]
    fn the_query_configures_the_embed() {
        let config = embed_config("?embed=1&mode=quiz&editor=1&origin=https%3A%2F%2Fhost.example");
        assert!(config.embedded && config.editor);
        assert_eq!(config.origin.as_deref(), Some("https://host.example"));
        assert!(config.accepts("https://host.example"));
        assert!(!config.accepts("https://evil.example"));
        assert_eq!(config.target_origin(), "https://host.example");
        let plain = embed_config("?mode=quiz&embedded=1");
        assert_eq!(plain, EmbedConfig::default());
        assert!(plain.accepts("https://anyone.example"));
        assert_eq!(plain.target_origin(), "*");
    }

    #[test]
    fn an_origin_with_a_path_is_not_an_origin() {
        for bad in [
            "https://host.example/page",
            "javascript:alert(1)",
            "host.example",
            "https://",
        ] {
            assert_eq!(
                embed_config(&format!("?embed=1&origin={bad}")).origin,
                None,
                "{bad}"
            );
        }
        let port = embed_config("?embed&origin=http://127.0.0.1:8080");
        assert_eq!(port.origin.as_deref(), Some("http://127.0.0.1:8080"));
        assert!(port.embedded);
    }

    #[test]
    fn well_formed_messages_are_read() {
        let mut goto = fields("kubestep:goto");
        goto.step = Field::Present(5.0);
        assert_eq!(
            read_message(&goto, 8),
            Ok(HostMessage::Goto {
                step: 5,
                frame: None
            })
        );
        goto.frame = Field::Present(2.0);
        assert_eq!(
            read_message(&goto, 8),
            Ok(HostMessage::Goto {
                step: 5,
                frame: Some(2)
            })
        );
        assert_eq!(
            read_message(&fields("kubestep:play"), 8),
            Ok(HostMessage::Play)
        );
        assert_eq!(
            read_message(&fields("kubestep:pause"), 8),
            Ok(HostMessage::Pause)
        );
        let mut manifest = fields("kubestep:setManifest");
        manifest.yaml = Field::Present("kind: Deployment\n".to_string());
        assert_eq!(
            read_message(&manifest, 8),
            Ok(HostMessage::SetManifest("kind: Deployment\n".to_string()))
        );
        let mut mode = fields("kubestep:setMode");
        mode.mode = Field::Present("quiz".to_string());
        assert_eq!(read_message(&mode, 8), Ok(HostMessage::SetMode(4)));
    }

    #[test]
    fn malformed_messages_say_what_is_wrong() {
        let mut goto = fields("kubestep:goto");
        assert!(
            read_message(&goto, 8)
                .unwrap_err()
                .contains("needs a `step`")
        );
        for bad in [0.0, 9.0, 2.5, f64::NAN, f64::INFINITY] {
            goto.step = Field::Present(bad);
            assert!(read_message(&goto, 8).is_err(), "{bad}");
        }
        goto.step = Field::Wrong;
        assert!(read_message(&goto, 8).is_err());
        let mut manifest = fields("kubestep:setManifest");
        manifest.yaml = Field::Present("x".repeat(MAX_INPUT_BYTES + 1));
        assert!(read_message(&manifest, 8).unwrap_err().contains("longer"));
        manifest.yaml = Field::TooLong;
        assert!(read_message(&manifest, 8).unwrap_err().contains("longer"));
        manifest.yaml = Field::Wrong;
        assert!(read_message(&manifest, 8).is_err());
        let mut mode = fields("kubestep:setMode");
        mode.mode = Field::Present("dance".to_string());
        assert!(
            read_message(&mode, 8)
                .unwrap_err()
                .contains("visual, table")
        );
        assert!(read_message(&fields("kubestep:explode"), 8).is_err());
        assert!(read_message(&fields("other:goto"), 8).is_err());
        assert!(read_message(&MessageFields::default(), 8).is_err());
    }

    #[test]
    fn the_snippet_embeds_this_lesson() {
        let snippet = embed_snippet("https://school.example/kubestep/", 4, "#yaml=abc&step=3");
        assert_eq!(
            snippet,
            r#"<iframe src="https://school.example/kubestep/?embed=1&amp;mode=quiz#yaml=abc&amp;step=3" title="KubeStep lesson" width="100%" height="640" style="border:0" loading="lazy"></iframe>"#
        );
    }
}
