//! Field names each supported type accepts, split into the ones the simulation models and
//! the ones it only accepts. Names follow the Kubernetes API reference (v1.34) for
//! `apps/v1`, `v1` and `autoscaling/v2`; anything else is an unknown field, as
//! `kubectl apply --validate=strict` reports it.
//!
//! Some subtrees the simulation never reads are still checked field by field, because students
//! get them wrong often: env and envFrom, probe handlers, lifecycle hooks and volume mounts.
//! The others (volume sources, affinity, securityContext, ...) are accepted whole: their inner
//! fields are not checked here.

use super::decode::Schema;

pub const TOP_LEVEL: Schema = Schema {
    type_name: "object",
    simulated: &["apiVersion", "kind", "metadata", "spec"],
    accepted: &["status"],
};

pub const OBJECT_META: Schema = Schema {
    type_name: "ObjectMeta",
    simulated: &["name", "namespace", "labels"],
    accepted: &[
        "generateName",
        "annotations",
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "ownerReferences",
        "finalizers",
        "managedFields",
        "selfLink",
    ],
};

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

pub const CONTAINER: Schema = Schema {
    type_name: "Container",
    simulated: &[
        "name",
        "image",
        "imagePullPolicy",
        "ports",
        "resources",
        "readinessProbe",
    ],
    accepted: &[
        "command",
        "args",
        "workingDir",
        "envFrom",
        "env",
        "resizePolicy",
        "restartPolicy",
        "restartPolicyRules",
        "volumeMounts",
        "volumeDevices",
        "livenessProbe",
        "startupProbe",
        "lifecycle",
        "terminationMessagePath",
        "terminationMessagePolicy",
        "securityContext",
        "stdin",
        "stdinOnce",
        "tty",
    ],
};

pub const CONTAINER_PORT: Schema = Schema {
    type_name: "ContainerPort",
    simulated: &["name", "containerPort", "protocol"],
    accepted: &["hostPort", "hostIP"],
};

pub const RESOURCES: Schema = Schema {
    type_name: "ResourceRequirements",
    simulated: &["requests", "limits"],
    accepted: &["claims"],
};

pub const PROBE: Schema = Schema {
    type_name: "Probe",
    simulated: &[
        "initialDelaySeconds",
        "periodSeconds",
        "timeoutSeconds",
        "successThreshold",
        "failureThreshold",
    ],
    accepted: &[
        "exec",
        "httpGet",
        "tcpSocket",
        "grpc",
        "terminationGracePeriodSeconds",
    ],
};

pub const TOLERATION: Schema = Schema {
    type_name: "Toleration",
    simulated: &["key", "operator", "value", "effect"],
    accepted: &["tolerationSeconds"],
};

pub const SERVICE_SPEC: Schema = Schema {
    type_name: "ServiceSpec",
    simulated: &["ports", "selector", "type"],
    accepted: &[
        "clusterIP",
        "clusterIPs",
        "externalIPs",
        "sessionAffinity",
        "loadBalancerIP",
        "loadBalancerSourceRanges",
        "externalName",
        "externalTrafficPolicy",
        "healthCheckNodePort",
        "publishNotReadyAddresses",
        "sessionAffinityConfig",
        "ipFamilies",
        "ipFamilyPolicy",
        "allocateLoadBalancerNodePorts",
        "loadBalancerClass",
        "internalTrafficPolicy",
        "trafficDistribution",
    ],
};

pub const SERVICE_PORT: Schema = Schema {
    type_name: "ServicePort",
    simulated: &["name", "port", "targetPort", "protocol"],
    accepted: &["appProtocol", "nodePort"],
};

pub const HPA_SPEC: Schema = Schema {
    type_name: "HorizontalPodAutoscalerSpec",
    simulated: &[
        "scaleTargetRef",
        "minReplicas",
        "maxReplicas",
        "metrics",
        "behavior",
    ],
    accepted: &[],
};

pub const SCALE_TARGET_REF: Schema = Schema {
    type_name: "CrossVersionObjectReference",
    simulated: &["apiVersion", "kind", "name"],
    accepted: &[],
};

pub const METRIC_SPEC: Schema = Schema {
    type_name: "MetricSpec",
    simulated: &["type", "resource"],
    accepted: &["object", "pods", "containerResource", "external"],
};

pub const RESOURCE_METRIC: Schema = Schema {
    type_name: "ResourceMetricSource",
    simulated: &["name", "target"],
    accepted: &[],
};

pub const METRIC_TARGET: Schema = Schema {
    type_name: "MetricTarget",
    simulated: &["type", "averageUtilization", "averageValue"],
    accepted: &["value"],
};

pub const HPA_BEHAVIOR: Schema = Schema {
    type_name: "HorizontalPodAutoscalerBehavior",
    simulated: &["scaleUp", "scaleDown"],
    accepted: &[],
};

pub const SCALING_RULES: Schema = Schema {
    type_name: "HPAScalingRules",
    simulated: &["stabilizationWindowSeconds", "selectPolicy", "policies"],
    accepted: &["tolerance"],
};

pub const SCALING_POLICY: Schema = Schema {
    type_name: "HPAScalingPolicy",
    simulated: &["type", "value", "periodSeconds"],
    accepted: &[],
};

pub const LIMIT_RANGE_SPEC: Schema = Schema {
    type_name: "LimitRangeSpec",
    simulated: &["limits"],
    accepted: &[],
};

pub const LIMIT_RANGE_ITEM: Schema = Schema {
    type_name: "LimitRangeItem",
    simulated: &["type", "default", "defaultRequest"],
    accepted: &["max", "min", "maxLimitRequestRatio"],
};

pub const NODE_SPEC: Schema = Schema {
    type_name: "NodeSpec",
    simulated: &["taints", "unschedulable"],
    accepted: &[
        "podCIDR",
        "podCIDRs",
        "providerID",
        "configSource",
        "externalID",
    ],
};

pub const NODE_STATUS: Schema = Schema {
    type_name: "NodeStatus",
    simulated: &["capacity", "allocatable"],
    accepted: &[
        "phase",
        "conditions",
        "addresses",
        "daemonEndpoints",
        "nodeInfo",
        "images",
        "volumesInUse",
        "volumesAttached",
        "config",
        "runtimeHandlers",
        "features",
        "declaredFeatures",
    ],
};

pub const TAINT: Schema = Schema {
    type_name: "Taint",
    simulated: &["key", "value", "effect"],
    accepted: &["timeAdded"],
};

pub const SCENARIO_SPEC: Schema = Schema {
    type_name: "ScenarioSpec",
    simulated: &[
        "nodes",
        "traffic",
        "cpuPerRequest",
        "rollout",
        "duration",
        "seed",
    ],
    accepted: &[],
};

pub const SCENARIO_NODE: Schema = Schema {
    type_name: "ScenarioNode",
    simulated: &[
        "name",
        "cpu",
        "memory",
        "nvidia.com/gpu",
        "pods",
        "labels",
        "taints",
    ],
    accepted: &[],
};

pub const SCENARIO_TRAFFIC: Schema = Schema {
    type_name: "ScenarioTraffic",
    simulated: &["at", "rps"],
    accepted: &[],
};

pub const SCENARIO_ROLLOUT: Schema = Schema {
    type_name: "ScenarioRollout",
    simulated: &["at", "image"],
    accepted: &[],
};

pub const ENV_VAR: Schema = Schema {
    type_name: "EnvVar",
    simulated: &[],
    accepted: &["name", "value", "valueFrom"],
};

pub const ENV_VAR_SOURCE: Schema = Schema {
    type_name: "EnvVarSource",
    simulated: &[],
    accepted: &[
        "fieldRef",
        "resourceFieldRef",
        "configMapKeyRef",
        "secretKeyRef",
        "fileKeyRef",
    ],
};

pub const OBJECT_FIELD_SELECTOR: Schema = Schema {
    type_name: "ObjectFieldSelector",
    simulated: &[],
    accepted: &["apiVersion", "fieldPath"],
};

pub const RESOURCE_FIELD_SELECTOR: Schema = Schema {
    type_name: "ResourceFieldSelector",
    simulated: &[],
    accepted: &["containerName", "resource", "divisor"],
};

pub const KEY_SELECTOR: Schema = Schema {
    type_name: "ConfigMapKeySelector",
    simulated: &[],
    accepted: &["name", "key", "optional"],
};

pub const FILE_KEY_SELECTOR: Schema = Schema {
    type_name: "FileKeySelector",
    simulated: &[],
    accepted: &["volumeName", "path", "key", "optional"],
};

pub const ENV_FROM_SOURCE: Schema = Schema {
    type_name: "EnvFromSource",
    simulated: &[],
    accepted: &["prefix", "configMapRef", "secretRef"],
};

pub const ENV_SOURCE_REF: Schema = Schema {
    type_name: "ConfigMapEnvSource",
    simulated: &[],
    accepted: &["name", "optional"],
};

pub const HTTP_GET_ACTION: Schema = Schema {
    type_name: "HTTPGetAction",
    simulated: &[],
    accepted: &["path", "port", "host", "scheme", "httpHeaders"],
};

pub const HTTP_HEADER: Schema = Schema {
    type_name: "HTTPHeader",
    simulated: &[],
    accepted: &["name", "value"],
};

pub const TCP_SOCKET_ACTION: Schema = Schema {
    type_name: "TCPSocketAction",
    simulated: &[],
    accepted: &["port", "host"],
};

pub const EXEC_ACTION: Schema = Schema {
    type_name: "ExecAction",
    simulated: &[],
    accepted: &["command"],
};

pub const GRPC_ACTION: Schema = Schema {
    type_name: "GRPCAction",
    simulated: &[],
    accepted: &["port", "service"],
};

pub const SLEEP_ACTION: Schema = Schema {
    type_name: "SleepAction",
    simulated: &[],
    accepted: &["seconds"],
};

pub const LIFECYCLE: Schema = Schema {
    type_name: "Lifecycle",
    simulated: &[],
    accepted: &["postStart", "preStop", "stopSignal"],
};

pub const LIFECYCLE_HANDLER: Schema = Schema {
    type_name: "LifecycleHandler",
    simulated: &[],
    accepted: &["exec", "httpGet", "tcpSocket", "sleep"],
};

pub const VOLUME_MOUNT: Schema = Schema {
    type_name: "VolumeMount",
    simulated: &[],
    accepted: &[
        "name",
        "readOnly",
        "recursiveReadOnly",
        "mountPath",
        "subPath",
        "mountPropagation",
        "subPathExpr",
    ],
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
