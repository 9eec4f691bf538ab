//! What a pod needs from the cluster beyond CPU and memory, read from its spec for the
//! scheduler and for the supplied cluster: the required node-affinity terms (§5), and the
//! PersistentVolumeClaims, Secrets and ConfigMaps it refers to. Validation of these fields
//! lives in `validate/`; this module only reads what a valid spec says, so a field that does
//! not read as expected is simply left out here.

use crate::core::yaml::Value;

/// One `matchExpressions` entry of a node selector term.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeSelectorRequirement {
    pub key: String,
    /// `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt` or `Lt`.
    pub operator: String,
    pub values: Vec<String>,
}

impl NodeSelectorRequirement {
    /// `nodeaffinity`'s match of one requirement against a node's labels.
    pub fn matches(&self, labels: &std::collections::BTreeMap<String, String>) -> bool {
        let label = labels.get(&self.key);
        let number = |text: &str| text.parse::<i64>().ok();
        match self.operator.as_str() {
            "In" => label.is_some_and(|value| self.values.contains(value)),
            "NotIn" => label.is_none_or(|value| !self.values.contains(value)),
            "Exists" => label.is_some(),
            "DoesNotExist" => label.is_none(),
            "Gt" | "Lt" => {
                let (Some(have), Some(bound)) = (
                    label.and_then(|value| number(value)),
                    self.values.first().and_then(|value| number(value)),
                ) else {
                    return false;
                };
                if self.operator == "Gt" {
                    have > bound
                } else {
                    have < bound
                }
            }
            _ => false,
        }
    }

    /// A label value that satisfies the requirement, for a node the lesson supplies; `None`
    /// when the requirement asks for the label to be absent.
    pub fn satisfying_value(&self) -> Option<String> {
        let number = self
            .values
            .first()
            .and_then(|value| value.parse::<i64>().ok());
        match self.operator.as_str() {
            "In" => self.values.first().cloned(),
            "Exists" => Some("true".to_string()),
            "Gt" => number.map(|n| (n + 1).to_string()),
            "Lt" => number.map(|n| (n - 1).to_string()),
            _ => None,
        }
    }
}

/// A node selector term: every requirement must hold.
pub type NodeSelectorTerm = Vec<NodeSelectorRequirement>;

/// What the pod refers to by name and the cluster must already hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodReferences {
    pub claims: Vec<String>,
    pub secrets: Vec<String>,
    pub config_maps: Vec<String>,
}

fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut current = value;
    for key in path {
        current = current.get(*key)?;
    }
    current.as_str()
}

fn items(value: Option<&Value>) -> &[Value] {
    value
        .and_then(Value::as_sequence)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`.
pub fn required_node_terms(affinity: Option<&Value>) -> Vec<NodeSelectorTerm> {
    let terms = affinity
        .and_then(|a| a.get("nodeAffinity"))
        .and_then(|n| n.get("requiredDuringSchedulingIgnoredDuringExecution"))
        .and_then(|r| r.get("nodeSelectorTerms"));
    items(terms)
        .iter()
        .map(|term| {
            items(term.get("matchExpressions"))
                .iter()
                .map(|expression| NodeSelectorRequirement {
                    key: text(expression, &["key"]).unwrap_or_default().to_string(),
                    operator: text(expression, &["operator"])
                        .unwrap_or_default()
                        .to_string(),
                    values: items(expression.get("values"))
                        .iter()
                        .filter_map(|value| match value {
                            Value::String(text) => Some(text.clone()),
                            Value::Number(number) => Some(number.to_string()),
                            _ => None,
                        })
                        .collect(),
                })
                .collect()
        })
        .collect()
}

/// The claims, Secrets and ConfigMaps named by the pod's volumes, its containers' `env`
/// and `envFrom`, and its `imagePullSecrets`, each once, in reading order.
pub fn references(spec: &Value) -> PodReferences {
    let mut found = PodReferences::default();
    let add = |list: &mut Vec<String>, name: Option<&str>| {
        if let Some(name) = name.filter(|name| !name.is_empty())
            && !list.iter().any(|known| known == name)
        {
            list.push(name.to_string());
        }
    };
    for volume in items(spec.get("volumes")) {
        add(
            &mut found.claims,
            text(volume, &["persistentVolumeClaim", "claimName"]),
        );
        add(&mut found.secrets, text(volume, &["secret", "secretName"]));
        add(&mut found.config_maps, text(volume, &["configMap", "name"]));
    }
    for secret in items(spec.get("imagePullSecrets")) {
        add(&mut found.secrets, text(secret, &["name"]));
    }
    let containers = items(spec.get("containers"))
        .iter()
        .chain(items(spec.get("initContainers")));
    for container in containers {
        for variable in items(container.get("env")) {
            add(
                &mut found.secrets,
                text(variable, &["valueFrom", "secretKeyRef", "name"]),
            );
            add(
                &mut found.config_maps,
                text(variable, &["valueFrom", "configMapKeyRef", "name"]),
            );
        }
        for source in items(container.get("envFrom")) {
            add(&mut found.secrets, text(source, &["secretRef", "name"]));
            add(
                &mut found.config_maps,
                text(source, &["configMapRef", "name"]),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn requirement(operator: &str, values: &[&str]) -> NodeSelectorRequirement {
        NodeSelectorRequirement {
            key: "gpu".to_string(),
            operator: operator.to_string(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn requirements_match_as_node_affinity_does() {
        let labels = BTreeMap::from([("gpu".to_string(), "4".to_string())]);
        assert!(requirement("In", &["2", "4"]).matches(&labels));
        assert!(!requirement("NotIn", &["4"]).matches(&labels));
        assert!(requirement("Exists", &[]).matches(&labels));
        assert!(!requirement("DoesNotExist", &[]).matches(&labels));
        assert!(requirement("Gt", &["3"]).matches(&labels));
        assert!(!requirement("Lt", &["3"]).matches(&labels));
        assert!(requirement("NotIn", &["4"]).matches(&BTreeMap::new()));
    }

    #[test]
    fn a_supplied_value_satisfies_its_requirement() {
        for (operator, values) in [
            ("In", &["a100", "h100"][..]),
            ("Exists", &[][..]),
            ("Gt", &["3"][..]),
            ("Lt", &["3"][..]),
        ] {
            let wanted = requirement(operator, values);
            let value = wanted.satisfying_value().expect("a value");
            let labels = BTreeMap::from([("gpu".to_string(), value)]);
            assert!(wanted.matches(&labels), "{operator}");
        }
        assert_eq!(requirement("DoesNotExist", &[]).satisfying_value(), None);
    }
}
