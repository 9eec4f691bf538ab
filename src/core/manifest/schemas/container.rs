//! A container and the subtrees checked field by field: ports, resources, probes and their
//! handlers, env and envFrom, lifecycle hooks and volume mounts.

use super::Schema;

pub const CONTAINER: Schema = Schema {
    type_name: "Container",
    simulated: &[
        "name",
        "image",
        "imagePullPolicy",
        "ports",
        "resources",
        "readinessProbe",
        "startupProbe",
        "livenessProbe",
        "restartPolicy",
        "lifecycle",
    ],
    accepted: &[
        "command",
        "args",
        "workingDir",
        "envFrom",
        "env",
        "resizePolicy",
        "restartPolicyRules",
        "volumeMounts",
        "volumeDevices",
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
