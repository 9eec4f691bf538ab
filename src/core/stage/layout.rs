//! Where each shape of the stage goes. One coordinate space `WIDTH` units wide: a top band
//! with the Service, the Deployment and its ReplicaSets; nodes below in up to three columns,
//! each with its capacity bars and a grid of pods; the Pending area last. Beyond what fits,
//! pods and nodes are counted in words instead of drawn, so 2,000 replicas cost as much to
//! draw as a few dozen.

use std::collections::BTreeMap;

use super::capacity::{Requested, bars};
use super::{
    Budget, NodeShape, OwnerLink, PendingArea, PodLook, PodShape, ReplicaSetShape, RequestPath,
    ServiceShape, Stage, pod_label, ready_column,
};
use crate::core::analysis::Run;
use crate::core::manifest::model::StrategyKind;
use crate::core::pod_requests::{PodRequests, admitted_requests};
use crate::core::sim::rollout_math::{RolloutInput, max_surge, max_unavailable};
use crate::core::sim::trace::PodStatus;
use crate::core::view::{ClusterView, PodChip};

pub const WIDTH: i32 = 640;
pub const POD_WIDTH: i32 = 88;
pub const POD_HEIGHT: i32 = 38;
const GAP: i32 = 8;
const MARGIN: i32 = 8;
const TOP_BAND: i32 = 72;
const NODES_TOP: i32 = TOP_BAND + 40;
const NODE_HEADER: i32 = 22;
const BAR_ROW: i32 = 16;
const TEXT_ROW: i32 = 18;
/// At most this many node columns, node boxes and rows of pods per node are drawn.
const MAX_COLUMNS: usize = 3;
const MAX_NODES_DRAWN: usize = 12;
const MAX_POD_ROWS: usize = 3;
const MAX_PENDING_ROWS: usize = 2;
/// At most this many ReplicaSets drawn (the newest ones); a Deployment keeps up to
/// `revisionHistoryLimit` old ones, which the text counts.
const MAX_REPLICA_SETS_DRAWN: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

impl Rect {
    fn top_center(&self) -> Point {
        Point {
            x: self.x + self.width / 2,
            y: self.y,
        }
    }

    fn bottom_center(&self) -> Point {
        Point {
            x: self.x + self.width / 2,
            y: self.y + self.height,
        }
    }

    pub fn contains(&self, point: Point) -> bool {
        (self.x..=self.x + self.width).contains(&point.x)
            && (self.y..=self.y + self.height).contains(&point.y)
    }
}

/// What a pod needs and how many containers it has, per Deployment name.
struct PodFacts {
    requests: PodRequests,
    containers: usize,
}

pub(super) fn place(
    run: &Run,
    index: usize,
    view: ClusterView,
    previous: Option<&ClusterView>,
) -> Stage {
    // Maps are filled by inserting: collecting into one would sort a copy first, which
    // costs the bundle a sort instantiation per element type.
    let mut facts: BTreeMap<&str, PodFacts> = BTreeMap::new();
    for deployment in &run.scenario.deployments {
        let spec = &deployment.template.spec;
        let pod = PodFacts {
            requests: admitted_requests(&deployment.template, run.scenario.limit_range.as_ref()),
            containers: spec.containers.len()
                + spec
                    .init_containers
                    .iter()
                    .filter(|c| c.is_sidecar())
                    .count(),
        };
        facts.insert(deployment.name.as_str(), pod);
    }
    let mut before: BTreeMap<&str, &PodChip> = BTreeMap::new();
    if let Some(view) = previous {
        for chip in view
            .nodes
            .iter()
            .flat_map(|node| node.pods.iter())
            .chain(view.unscheduled.iter())
        {
            before.insert(chip.name.as_str(), chip);
        }
    }
    let containers = |chip: &PodChip| {
        facts
            .get(chip.deployment.as_str())
            .map_or(1, |f| f.containers)
    };
    let shape_of = |chip: &PodChip, at: Point| PodShape {
        look: PodLook::of(chip),
        label: pod_label(chip, containers(chip)),
        ready_column: ready_column(chip, containers(chip)),
        changed: before.get(chip.name.as_str()).is_none_or(|old| {
            (&old.node, &old.status_text, old.ready, old.terminating)
                != (&chip.node, &chip.status_text, chip.ready, chip.terminating)
        }),
        chip: chip.clone(),
        at,
    };

    let frame = &run.trace.frames[index];
    let drawn_nodes = view.nodes.len().min(MAX_NODES_DRAWN);
    let columns = drawn_nodes.clamp(1, MAX_COLUMNS) as i32;
    let node_width = (WIDTH - 2 * MARGIN - (columns - 1) * GAP) / columns;
    let per_row = ((node_width - 2 * GAP + GAP) / (POD_WIDTH + GAP)).max(1) as usize;
    let mut nodes = Vec::with_capacity(drawn_nodes);
    let mut y = NODES_TOP;
    for row in view.nodes[..drawn_nodes].chunks(columns as usize) {
        let mut row_height = 0;
        let mut row_shapes = Vec::new();
        for (column, node) in row.iter().enumerate() {
            let x = MARGIN + column as i32 * (node_width + GAP);
            let spec = run.scenario.nodes.iter().find(|n| n.name == node.name);
            let mut requested = Requested::default();
            for chip in &node.pods {
                if let Some(facts) = facts.get(chip.deployment.as_str()) {
                    requested.add(&facts.requests);
                }
            }
            let node_bars = spec.map(|spec| bars(spec, &requested)).unwrap_or_default();
            let pods_top = y + NODE_HEADER + node_bars.len() as i32 * BAR_ROW + GAP;
            let (pods, more) = grid(
                &node.pods,
                per_row,
                MAX_POD_ROWS,
                x + GAP,
                pods_top,
                &shape_of,
            );
            let rows_used = pods.len().div_ceil(per_row).max(1) as i32;
            let height = pods_top - y
                + rows_used * (POD_HEIGHT + GAP)
                + if more.is_some() { TEXT_ROW } else { 0 }
                + GAP;
            row_height = row_height.max(height);
            row_shapes.push(NodeShape {
                name: node.name.clone(),
                rect: Rect {
                    x,
                    y,
                    width: node_width,
                    height,
                },
                bars: node_bars,
                pods,
                more,
                summary: count_by_status(&node.pods),
            });
        }
        for shape in &mut row_shapes {
            shape.rect.height = row_height;
        }
        nodes.extend(row_shapes);
        y += row_height + GAP;
    }
    let more_nodes = (view.nodes.len() > drawn_nodes).then(|| {
        let hidden = &view.nodes[drawn_nodes..];
        let pods: usize = hidden.iter().map(|node| node.pods.len()).sum();
        format!(
            "+ {} more node(s) holding {pods} pod(s), not drawn",
            hidden.len()
        )
    });
    if more_nodes.is_some() {
        y += TEXT_ROW;
    }

    let pending = (!view.unscheduled.is_empty()).then(|| {
        let width = WIDTH - 2 * MARGIN;
        let per_row = ((width - GAP) / (POD_WIDTH + GAP)).max(1) as usize;
        let top = y + TEXT_ROW + GAP;
        let (pods, more) = grid(
            &view.unscheduled,
            per_row,
            MAX_PENDING_ROWS,
            MARGIN + GAP,
            top,
            &shape_of,
        );
        let rows = pods.len().div_ceil(per_row) as i32;
        let height = TEXT_ROW
            + GAP
            + rows * (POD_HEIGHT + GAP)
            + if more.is_some() { TEXT_ROW } else { 0 }
            + GAP;
        let area = PendingArea {
            rect: Rect {
                x: MARGIN,
                y,
                width,
                height,
            },
            pods,
            more,
            reason: pending_reason(run, frame.time, &view.unscheduled),
        };
        y += height + GAP;
        area
    });

    let (deployment_rect, replica_sets) = top_band(run, index);
    let owner_links = owner_links(&replica_sets, &nodes, pending.as_ref());
    let service = run.scenario.service.as_ref().map(|service| ServiceShape {
        name: service.name.clone(),
        ports: service
            .ports
            .first()
            .map(|p| format!(":{} → {}", p.port, p.target_port))
            .unwrap_or_default(),
        endpoints: frame.endpoints,
        requests_per_second: frame.requests_per_second,
        rect: Rect {
            x: MARGIN,
            y: MARGIN,
            width: 150,
            height: TOP_BAND - MARGIN,
        },
    });
    let requests = service
        .as_ref()
        .map(|service| request_paths(service, &nodes))
        .unwrap_or_default();
    let deployment = &frame.deployment;
    let stage = Stage {
        height: y + MARGIN,
        time: view.time,
        deployment: run.deployment.name.clone(),
        deployment_status: if deployment.exists {
            format!("{}/{} ready", deployment.ready, deployment.replicas)
        } else {
            "not applied yet".to_string()
        },
        deployment_rect,
        replica_sets,
        owner_links,
        service,
        requests,
        budget: budget(run, index, &view),
        description: String::new(),
        nodes,
        more_nodes,
        pending,
    };
    Stage {
        description: super::describe::describe(&stage, &view),
        ..stage
    }
}

/// The first `rows × per_row` pods in a grid from (`left`, `top`); the rest counted.
fn grid(
    chips: &[PodChip],
    per_row: usize,
    rows: usize,
    left: i32,
    top: i32,
    shape_of: &dyn Fn(&PodChip, Point) -> PodShape,
) -> (Vec<PodShape>, Option<String>) {
    let fits = per_row * rows;
    // When they do not all fit, the last slot is left for the count.
    let drawn = if chips.len() > fits {
        fits - 1
    } else {
        chips.len()
    };
    let shapes = chips[..drawn]
        .iter()
        .enumerate()
        .map(|(slot, chip)| {
            let at = Point {
                x: left + (slot % per_row) as i32 * (POD_WIDTH + GAP),
                y: top + (slot / per_row) as i32 * (POD_HEIGHT + GAP),
            };
            shape_of(chip, at)
        })
        .collect();
    let more = (drawn < chips.len()).then(|| {
        format!(
            "+ {} more: {}",
            chips.len() - drawn,
            count_by_status(&chips[drawn..])
        )
    });
    (shapes, more)
}

/// `12 pods: 10 Running, 2 ContainerCreating`, kubectl's STATUS words in first-seen order.
pub(super) fn count_by_status(chips: &[PodChip]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for chip in chips {
        // Typed, as `StatusCounts` words it: a started pod that is not ready is set apart.
        let status = if chip.status == PodStatus::Running && !chip.ready {
            "Running, not ready".to_string()
        } else {
            chip.status_text.clone()
        };
        match counts.iter_mut().find(|(seen, _)| *seen == status) {
            Some((_, count)) => *count += 1,
            None => counts.push((status, 1)),
        }
    }
    let parts: Vec<String> = counts
        .into_iter()
        .map(|(status, count)| format!("{count} {status}"))
        .collect();
    match chips.len() {
        0 => "no pods".to_string(),
        1 => format!("1 pod: {}", parts.join(", ")),
        n => format!("{n} pods: {}", parts.join(", ")),
    }
}

/// The scheduler's newest message about a pod still Pending at `time`.
fn pending_reason(run: &Run, time: u64, pending: &[PodChip]) -> String {
    run.trace
        .scheduling_failures
        .iter()
        .rev()
        .filter(|failure| failure.time <= time)
        .find(|failure| pending.iter().any(|chip| chip.name == failure.pod))
        .map(|failure| failure.summary())
        .unwrap_or_else(|| {
            "Created and not placed yet: the scheduler binds new pods on its next pass.".to_string()
        })
}

/// The Deployment box and its newest ReplicaSets, left of them the Service's place.
fn top_band(run: &Run, index: usize) -> (Rect, Vec<ReplicaSetShape>) {
    let frame = &run.trace.frames[index];
    let deployment_rect = Rect {
        x: 166,
        y: MARGIN,
        width: 150,
        height: TOP_BAND - MARGIN,
    };
    let newest = frame.deployment.revision;
    // The newest ReplicaSets, oldest of them first; the frame lists them by creation, which
    // is revision order.
    let skip = frame
        .replica_sets
        .len()
        .saturating_sub(MAX_REPLICA_SETS_DRAWN);
    let sets = &frame.replica_sets[skip..];
    let width = 96;
    let shapes = sets
        .iter()
        .enumerate()
        .map(|(slot, rs)| ReplicaSetShape {
            name: rs.name.clone(),
            revision: rs.revision,
            version: run.lesson.versions.label(rs.revision),
            replicas: rs.replicas,
            ready: rs.ready,
            rect: Rect {
                x: 324 + slot as i32 * (width + GAP),
                y: MARGIN,
                width,
                height: TOP_BAND - MARGIN,
            },
            newest: rs.revision == newest,
        })
        .collect();
    (deployment_rect, shapes)
}

/// A line from each drawn ReplicaSet to each drawn pod of its revision.
fn owner_links(
    sets: &[ReplicaSetShape],
    nodes: &[NodeShape],
    pending: Option<&PendingArea>,
) -> Vec<OwnerLink> {
    let pods = nodes
        .iter()
        .flat_map(|node| node.pods.iter())
        .chain(pending.into_iter().flat_map(|area| area.pods.iter()));
    pods.filter(|pod| pod.chip.followed)
        .filter_map(|pod| {
            let rs = sets.iter().find(|rs| rs.revision == pod.chip.revision)?;
            Some(OwnerLink {
                from: rs.rect.bottom_center(),
                to: pod_rect(pod).top_center(),
                revision: rs.revision,
            })
        })
        .collect()
}

pub(super) fn pod_rect(pod: &PodShape) -> Rect {
    Rect {
        x: pod.at.x,
        y: pod.at.y,
        width: POD_WIDTH,
        height: POD_HEIGHT,
    }
}

/// A request stream to each drawn pod the Service sends traffic to in this frame.
fn request_paths(service: &ServiceShape, nodes: &[NodeShape]) -> Vec<RequestPath> {
    nodes
        .iter()
        .flat_map(|node| node.pods.iter())
        // The endpoints controller drops a deleted pod in the same simulated second as the
        // deletion, one frame later; the picture does not show requests to it meanwhile.
        .filter(|pod| {
            pod.chip.followed
                && pod.chip.requests_per_second > 0
                && pod.chip.ready
                && !pod.chip.terminating
        })
        .map(|pod| {
            let rps = pod.chip.requests_per_second;
            let target = pod_rect(pod);
            RequestPath {
                target: pod.chip.name.clone(),
                from: service.rect.bottom_center(),
                to: Point {
                    x: target.x + target.width / 2,
                    y: target.y + target.height / 2,
                },
                requests_per_second: rps,
                trip_millis: (20_000 / (rps + 10)).clamp(600, 3_000) as u32,
            }
        })
        .collect()
}

/// The rolling update's surge and unavailability budget against what the frame spends,
/// while a rollout is under way.
fn budget(run: &Run, index: usize, view: &ClusterView) -> Option<Budget> {
    let deployment = &run.deployment;
    let frame = &run.trace.frames[index];
    // The budget is spent only while old and new ReplicaSets coexist.
    if deployment.strategy.kind != StrategyKind::RollingUpdate || frame.replica_sets.len() < 2 {
        return None;
    }
    let desired = frame.deployment.replicas;
    let input = RolloutInput {
        strategy: deployment.strategy.kind,
        replicas: desired,
        max_surge: deployment.strategy.max_surge.clone(),
        max_unavailable: deployment.strategy.max_unavailable.clone(),
    };
    // Surge is counted as the controller counts it: the pods that are not being deleted.
    let active = view
        .nodes
        .iter()
        .flat_map(|node| node.pods.iter())
        .chain(view.unscheduled.iter())
        .filter(|chip| chip.followed && !chip.terminating)
        .count() as i64;
    Some(Budget {
        desired,
        max_surge: max_surge(&input),
        surge_in_use: (active - desired).max(0),
        max_unavailable: max_unavailable(&input),
        unavailable: frame.deployment.unavailable,
    })
}
