//! The Deployment (`apps/v1`) and its pod template: the spec and strategy, the label
//! selector, the pod spec with its tolerations, and volumes (accepted whole, sources by name).

use super::Schema;

pub const DEPLOYMENT_SPEC: Schema = Schema {
    type_name: "DeploymentSpec",
    simulated: &[
        "replicas",
        "selector",
        "template",
        "strategy",
        "minReadySeconds",
        "revisionHistoryLimit",
        "progressDeadlineSeconds",
        "paused",
    ],
    accepted: &[],
};

pub const DEPLOYMENT_STRATEGY: Schema = Schema {
    type_name: "DeploymentStrategy",
    simulated: &["type", "rollingUpdate"],
    accepted: &[],
};

pub const ROLLING_UPDATE: Schema = Schema {
    type_name: "RollingUpdateDeployment",
    simulated: &["maxSurge", "maxUnavailable"],
    accepted: &[],
};

pub const LABEL_SELECTOR: Schema = Schema {
    type_name: "LabelSelector",
    simulated: &["matchLabels", "matchExpressions"],
    accepted: &[],
};

pub const LABEL_REQUIREMENT: Schema = Schema {
    type_name: "LabelSelectorRequirement",
    simulated: &["key", "operator", "values"],
    accepted: &[],
};

pub const POD_TEMPLATE: Schema = Schema {
    type_name: "PodTemplateSpec",
    simulated: &["metadata", "spec"],
    accepted: &[],
};

pub const POD_SPEC: Schema = Schema {
    type_name: "PodSpec",
    simulated: &[
        "containers",
        "initContainers",
        "nodeSelector",
        "tolerations",
        "terminationGracePeriodSeconds",
        "restartPolicy",
    ],
    accepted: &[
        "volumes",
        "ephemeralContainers",
        "activeDeadlineSeconds",
        "dnsPolicy",
        "serviceAccountName",
        "serviceAccount",
        "automountServiceAccountToken",
        "nodeName",
        "hostNetwork",
        "hostPID",
        "hostIPC",
        "shareProcessNamespace",
        "securityContext",
        "imagePullSecrets",
        "hostname",
        "subdomain",
        "affinity",
        "schedulerName",
        "hostAliases",
        "priorityClassName",
        "priority",
        "dnsConfig",
        "readinessGates",
        "runtimeClassName",
        "enableServiceLinks",
        "preemptionPolicy",
        "overhead",
        "topologySpreadConstraints",
        "setHostnameAsFQDN",
        "os",
        "hostUsers",
        "schedulingGates",
        "resourceClaims",
        "resources",
        "hostnameOverride",
    ],
};

pub const TOLERATION: Schema = Schema {
    type_name: "Toleration",
    simulated: &["key", "operator", "value", "effect"],
    accepted: &["tolerationSeconds"],
};

/// The fields of a Volume: its `name`, then the sources in `validateVolumeSource` order.
pub const VOLUME_FIELDS: &[&str] = &[
    "name",
    "emptyDir",
    "hostPath",
    "gitRepo",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "flocker",
    "persistentVolumeClaim",
    "rbd",
    "cinder",
    "cephfs",
    "quobyte",
    "downwardAPI",
    "fc",
    "flexVolume",
    "configMap",
    "azureFile",
    "vsphereVolume",
    "photonPersistentDisk",
    "portworxVolume",
    "azureDisk",
    "storageos",
    "projected",
    "scaleIO",
    "csi",
    "ephemeral",
    "image",
];

pub const VOLUME: Schema = Schema {
    type_name: "Volume",
    simulated: &[],
    accepted: VOLUME_FIELDS,
};
