//! Kubernetes name and label syntax with the API server's exact messages
//! (apimachinery `pkg/util/validation/validation.go`; §2.2 of the semantics reference).

const DNS1123_LABEL_MESSAGE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_REGEX: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_REGEX: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1035_LABEL_MESSAGE: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS1035_LABEL_REGEX: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const LABEL_VALUE_MESSAGE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_REGEX: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

/// `RegexError`: the message, then examples and the regex, with upstream's doubled space.
fn regex_error(message: &str, regex: &str, examples: &[&str]) -> String {
    let mut text = format!("{message} (e.g. ");
    for (index, example) in examples.iter().enumerate() {
        if index > 0 {
            text.push_str(" or ");
        }
        text.push_str(&format!("'{example}', "));
    }
    text.push_str(&format!("regex used for validation is '{regex}')"));
    text
}

/// `MaxLenError` of `pkg/util/validation`, which checks object names.
fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// `MaxLenError` of `pkg/api/validate/content`, which checks label keys and values since
/// Kubernetes 1.35 (`IsQualifiedName` and `IsValidLabelValue` alias it), and counts bytes.
fn max_bytes_error(length: usize) -> String {
    format!("must be no more than {length} bytes")
}

fn is_label_body(text: &str) -> bool {
    let bytes = text.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !bytes.is_empty()
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes.iter().all(|b| edge(b) || *b == b'-')
}

/// `IsDNS1123Label`: container names, namespaces.
pub fn dns1123_label(name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if name.len() > 63 {
        errors.push(max_len_error(63));
    }
    if !is_label_body(name) {
        if name.split('.').all(is_label_body) {
            // A valid subdomain that is not a label: the length is checked, so it is the dots.
            errors.push("must not contain dots".to_string());
        } else {
            errors.push(regex_error(
                DNS1123_LABEL_MESSAGE,
                DNS1123_LABEL_REGEX,
                &["my-name", "123-abc"],
            ));
        }
    }
    errors
}

/// `IsDNS1123Subdomain`: Deployment, HPA, LimitRange and Node names.
pub fn dns1123_subdomain(name: &str) -> Vec<String> {
    subdomain(name, max_len_error)
}

/// The subdomain check with the length wording of the package that calls it.
fn subdomain(name: &str, too_long: fn(usize) -> String) -> Vec<String> {
    let mut errors = Vec::new();
    if name.len() > 253 {
        errors.push(too_long(253));
    }
    if !name.split('.').all(is_label_body) {
        errors.push(regex_error(
            DNS1123_SUBDOMAIN_MESSAGE,
            DNS1123_SUBDOMAIN_REGEX,
            &["example.com"],
        ));
    }
    errors
}

/// `IsDNS1035Label`: Service names.
pub fn dns1035_label(name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if name.len() > 63 {
        errors.push(max_len_error(63));
    }
    let starts_alpha = name.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
    if !is_label_body(name) || !starts_alpha {
        errors.push(regex_error(
            DNS1035_LABEL_MESSAGE,
            DNS1035_LABEL_REGEX,
            &["my-name", "abc-123"],
        ));
    }
    errors
}

/// `NameIsDNSSubdomain(name, prefix)`: with `prefix` (a name something is appended to, as
/// `envFrom` references are read), a trailing dash is masked first (`maskTrailingDash`, which
/// replaces the last two characters with `a`).
pub fn name_is_dns_subdomain(name: &str, prefix: bool) -> Vec<String> {
    if prefix && name.len() > 1 && name.ends_with('-') {
        let kept = String::from_utf8_lossy(&name.as_bytes()[..name.len() - 2]);
        return dns1123_subdomain(&format!("{kept}a"));
    }
    dns1123_subdomain(name)
}

/// `IsConfigMapKey`: the key of a ConfigMap or Secret entry (`configMapKeyRef.key`).
pub fn config_map_key(key: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if key.len() > 253 {
        errors.push(max_len_error(253));
    }
    let valid = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !valid {
        errors.push(regex_error(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            "[-._a-zA-Z0-9]+",
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    // `hasChDirPrefix`.
    if key == "." {
        errors.push("must not be '.'".to_string());
    } else if key == ".." {
        errors.push("must not be '..'".to_string());
    } else if key.starts_with("..") {
        errors.push("must not start with '..'".to_string());
    }
    errors
}

/// `IsValidLabelValue` (`content.IsLabelValue`): empty, or a label key's name part.
pub fn label_value(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > 63 {
        errors.push(max_bytes_error(63));
    }
    if !value.is_empty() && !is_label_key_name(value) {
        errors.push(regex_error(
            LABEL_VALUE_MESSAGE,
            LABEL_VALUE_REGEX,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errors
}

const LABEL_KEY_MESSAGE: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_KEY_REGEX: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_KEY_EXAMPLES: [&str; 3] = ["MyName", "my.name", "123-abc"];

fn is_label_key_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let alnum = |b: &u8| b.is_ascii_alphanumeric();
    bytes.first().is_some_and(alnum)
        && bytes.last().is_some_and(alnum)
        && bytes
            .iter()
            .all(|b| alnum(b) || matches!(b, b'-' | b'_' | b'.'))
}

/// `IsQualifiedName` (`IsLabelKey`): label keys, resource names and LimitRange types: an
/// optional DNS subdomain prefix, a `/`, and a name part.
pub fn label_key(key: &str) -> Vec<String> {
    let parts: Vec<&str> = key.split('/').collect();
    let mut errors = Vec::new();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errors.push("prefix part must be non-empty".to_string());
            } else {
                errors.extend(
                    subdomain(prefix, max_bytes_error)
                        .into_iter()
                        .map(|e| format!("prefix part {e}")),
                );
            }
            *name
        }
        _ => {
            return vec![format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(LABEL_KEY_MESSAGE, LABEL_KEY_REGEX, &LABEL_KEY_EXAMPLES)
            )];
        }
    };
    if name.is_empty() {
        errors.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errors.push(format!("name part {}", max_bytes_error(63)));
    }
    if !is_label_key_name(name) {
        errors.push(format!(
            "name part {}",
            regex_error(LABEL_KEY_MESSAGE, LABEL_KEY_REGEX, &LABEL_KEY_EXAMPLES)
        ));
    }
    errors
}

/// `ValidateAnnotations`' key rule: a qualified name once lowered, since an annotation's case
/// does not matter (Go's `strings.ToLower`, rune by rune).
pub fn annotation_key(key: &str) -> Vec<String> {
    // Upstream lowercases with Unicode rules; ASCII is enough here, since a qualified name
    // holds only ASCII, and it keeps Unicode's case tables (~12 KB) out of the bundle.
    label_key(&key.to_ascii_lowercase())
}

/// `IsValidPortName`: each broken rule is its own message.
pub fn port_name(name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if name.len() > 15 {
        errors.push(max_len_error(15));
    }
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        errors.push("must contain at least one letter (a-z)".to_string());
    }
    if name.contains("--") {
        errors.push("must not contain consecutive hyphens".to_string());
    }
    if name.starts_with('-') || name.ends_with('-') {
        errors.push("must not begin or end with a hyphen".to_string());
    }
    errors
}

/// `IsValidPercent`: a numeric string followed by `%`.
pub fn percent(text: &str) -> Option<String> {
    let digits = text.strip_suffix('%').unwrap_or("");
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(regex_error(
        "a valid percent string must be a numeric string followed by an ending '%'",
        "[0-9]+%",
        &["1%", "93%"],
    ))
}

/// `standardResources`: names known without a domain prefix.
const STANDARD_RESOURCES: [&str; 20] = [
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];

/// `integerResources`: object counts, which only come in whole units.
const INTEGER_RESOURCES: [&str; 9] = [
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];

/// `IsNativeResource`: no domain, or a `kubernetes.io/` one.
pub fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `IsExtendedResourceName`: a domain-prefixed resource such as `nvidia.com/gpu`.
pub fn is_extended_resource(name: &str) -> bool {
    !is_native_resource(name)
        && !name.starts_with("requests.")
        && label_key(&format!("requests.{name}")).is_empty()
}

/// `IsOvercommitAllowed`: native resources other than huge pages; requests of the others must
/// equal their limits.
pub fn overcommit_allowed(name: &str) -> bool {
    is_native_resource(name) && !name.starts_with("hugepages-")
}

/// `IsIntegerResourceName`.
pub fn is_integer_resource(name: &str) -> bool {
    INTEGER_RESOURCES.contains(&name) || is_extended_resource(name)
}

/// `validateContainerResourceName`: the name checks of `validateResourceName`, then the ones
/// for containers (`cpu`, `memory`, `ephemeral-storage`, `hugepages-*` or a domain).
pub fn container_resource_name(name: &str) -> Vec<String> {
    let mut errors = label_key(name);
    let unprefixed = !name.contains('/');
    if errors.is_empty()
        && unprefixed
        && !STANDARD_RESOURCES.contains(&name)
        && !name.starts_with("hugepages-")
        && !name.starts_with("requests.hugepages-")
    {
        errors.push("must be a standard resource type or fully qualified".to_string());
    }
    if unprefixed {
        let container_resource = matches!(name, "cpu" | "memory" | "ephemeral-storage")
            || name.starts_with("hugepages-");
        if !container_resource {
            errors.push("must be a standard resource for containers".to_string());
        }
    } else if !is_native_resource(name) && !is_extended_resource(name) {
        errors.push("doesn't follow extended resource name standard".to_string());
    }
    errors
}

/// `validateLimitRangeTypeName`: `Container`, `Pod`, `PersistentVolumeClaim` or a
/// domain-qualified name.
pub fn limit_range_type(name: &str) -> Vec<String> {
    let errors = label_key(name);
    if !errors.is_empty() {
        return errors;
    }
    if !name.contains('/') && !matches!(name, "Container" | "Pod" | "PersistentVolumeClaim") {
        return vec!["must be a standard limit type or fully qualified".to_string()];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomain_message_is_upstream_text() {
        let errors = dns1123_subdomain("ML_Model");
        assert_eq!(
            errors,
            vec!["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string()]
        );
        assert!(dns1123_subdomain("ml-model.v1").is_empty());
    }

    #[test]
    fn label_examples_have_the_doubled_space() {
        let errors = dns1123_label("Model");
        assert!(errors[0].ends_with("(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"), "{}", errors[0]);
    }

    #[test]
    fn service_names_start_with_a_letter() {
        assert!(!dns1035_label("1model").is_empty());
        assert!(dns1035_label("model-1").is_empty());
    }

    #[test]
    fn percent_strings() {
        assert!(percent("25%").is_none());
        assert!(percent("1").is_some());
        assert!(percent("20Percent").is_some());
        assert!(percent("%").is_some());
    }

    #[test]
    fn labels_with_dots_are_not_dns_labels() {
        assert_eq!(dns1123_label("model.v1"), vec!["must not contain dots"]);
        assert_eq!(dns1123_label("Model").len(), 1);
    }

    #[test]
    fn label_keys_have_at_most_one_slash() {
        assert!(label_key("app.kubernetes.io/name").is_empty());
        let errors = label_key("team/ml/owner");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("a valid label key must consist of"),
            "{errors:?}"
        );
        assert!(errors[0].ends_with(
            "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ));
        assert_eq!(
            label_key("").len(),
            2,
            "empty names fail the length and the pattern"
        );
    }

    /// apimachinery `pkg/api/validate/content/kube_test.go` `TestIsLabelKey` (the same list as
    /// `TestIsQualifiedName` in `pkg/util/validation/validation_test.go` before 1.35).
    #[test]
    fn upstream_label_key_vectors() {
        let long_prefix = format!("{}/{}", "a".repeat(253), "b".repeat(63));
        let good = [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "1234",
            "simple/simple",
            "now-with-dashes/simple",
            "now-with-dashes/now-with-dashes",
            "now.with.dots/simple",
            "now-with.dashes-and.dots/simple",
            "1-num.2-num/3-num",
            "1234/5678",
            "1.2.3.4/5678",
            "Uppercase_Is_OK_123",
            "example.com/Uppercase_Is_OK_123",
            "requests.storage-foo",
            &"a".repeat(63),
            &long_prefix,
        ];
        for key in good {
            assert_eq!(label_key(key), Vec::<String>::new(), "{key}");
        }
        let too_long_prefix = format!("{}/abc", "a".repeat(254));
        let bad = [
            "nospecialchars%^=@",
            "cantendwithadash-",
            "-cantstartwithadash-",
            "only/one/slash",
            "Example.com/abc",
            "example_com/abc",
            "example.com/",
            "/simple",
            &"a".repeat(64),
            &too_long_prefix,
        ];
        for key in bad {
            assert!(!label_key(key).is_empty(), "{key}");
        }
        assert_eq!(
            label_key(&"a".repeat(64)),
            vec!["name part must be no more than 63 bytes"]
        );
        assert_eq!(
            label_key(&too_long_prefix)[0],
            "prefix part must be no more than 253 bytes"
        );
        assert_eq!(label_key("/simple"), vec!["prefix part must be non-empty"]);
        assert_eq!(
            label_key("bad key!"),
            vec![
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
            ]
        );
    }

    /// apimachinery `pkg/api/validate/content/kube_test.go` `TestIsLabelValue`.
    #[test]
    fn upstream_label_value_vectors() {
        let good = [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "end-with-num-1",
            "1234",
            &"a".repeat(63),
            "",
        ];
        for value in good {
            assert_eq!(label_value(value), Vec::<String>::new(), "{value}");
        }
        let bad = [
            "nospecialchars%^=@",
            "Tama-nui-te-rā.is.Māori.sun",
            "\\backslashes\\are\\bad",
            "-starts-with-dash",
            "ends-with-dash-",
            ".starts.with.dot",
            "ends.with.dot.",
            &"a".repeat(64),
        ];
        for value in bad {
            assert!(!label_value(value).is_empty(), "{value}");
        }
        assert_eq!(
            label_value(&"a".repeat(64)),
            vec!["must be no more than 63 bytes"]
        );
    }

    #[test]
    fn annotation_keys_ignore_case() {
        assert!(annotation_key("Example.COM/Owner").is_empty());
        assert!(!label_key("Example.COM/Owner").is_empty());
        assert_eq!(annotation_key("Bad Key").len(), 1);
    }

    #[test]
    fn container_resource_names() {
        assert!(container_resource_name("cpu").is_empty());
        assert!(container_resource_name("nvidia.com/gpu").is_empty());
        assert!(container_resource_name("hugepages-2Mi").is_empty());
        assert_eq!(
            container_resource_name("gpu"),
            vec![
                "must be a standard resource type or fully qualified",
                "must be a standard resource for containers"
            ]
        );
        assert_eq!(
            container_resource_name("pods"),
            vec!["must be a standard resource for containers"]
        );
        assert!(is_extended_resource("nvidia.com/gpu"));
        assert!(!overcommit_allowed("nvidia.com/gpu"));
        assert!(overcommit_allowed("memory"));
    }

    #[test]
    fn limit_range_types() {
        assert!(limit_range_type("Container").is_empty());
        assert!(limit_range_type("example.com/gpu-pool").is_empty());
        assert_eq!(
            limit_range_type("container"),
            vec!["must be a standard limit type or fully qualified"]
        );
    }

    #[test]
    fn reference_names_and_keys() {
        assert!(name_is_dns_subdomain("model-config", false).is_empty());
        assert_eq!(name_is_dns_subdomain("$K8S_SA_NAME", false).len(), 1);
        assert_eq!(name_is_dns_subdomain("", false).len(), 1);
        // A prefix may end with a dash; without the flag it may not.
        assert!(name_is_dns_subdomain("model-", true).is_empty());
        assert_eq!(name_is_dns_subdomain("model-", false).len(), 1);
        assert!(config_map_key("settings.yaml").is_empty());
        assert!(config_map_key("HF_TOKEN").is_empty());
        assert_eq!(
            config_map_key("hf token"),
            vec![
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
            ]
        );
        assert_eq!(config_map_key(".."), vec!["must not be '..'"]);
        assert_eq!(config_map_key("..data"), vec!["must not start with '..'"]);
    }

    #[test]
    fn port_names() {
        assert!(port_name("http").is_empty());
        assert_eq!(port_name("HTTP").len(), 2);
        assert_eq!(port_name("my--port-name-too-long").len(), 2);
    }
}
