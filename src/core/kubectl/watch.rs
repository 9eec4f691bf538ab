//! `kubectl get pods -w`: typed at the start of the current lesson step, it prints the pods
//! as they were then, then one line each time a pod changes, up to the moment (the watch's
//! ADDED and MODIFIED events print the pod's new row, DELETED its last). A change the row
//! does not show (the requests a pod serves) is no line. Each line's AGE is the pod's age
//! when the line was printed, and the columns keep the widths the header set
//! (`RememberWidths`).

use super::cluster::{Moment, Pod};
use super::command::Scope;
use super::get::{no_resources, pod_row};
use super::table::{TabWriter, get_table};
use crate::core::sim::trace::PodDelta;

/// The watch's output up to the moment.
pub fn pods(moment: &Moment, scope: &Scope, wide: bool) -> String {
    let frames = &moment.run.trace.frames;
    let start = frames[..=moment.index]
        .iter()
        .position(|f| f.step == moment.frame.step)
        .unwrap_or(moment.index);
    let Some(first) = Moment::at(moment.run, start) else {
        return String::new();
    };
    let in_scope = |pod: &Pod| scope.holds(&pod.model.namespace);
    let columns = if wide { 8 } else { 4 };
    let row = |pod: &Pod, now: u64| {
        let mut cells = pod_row(pod, now);
        cells.truncate(columns);
        cells.insert(0, pod.snapshot.name.to_string());
        if *scope == Scope::All {
            cells.insert(0, pod.model.namespace.clone());
        }
        cells
    };
    // Every pod seen, by uid, with the row last printed for it.
    let mut seen: Vec<Option<(Pod, Vec<String>)>> = Vec::new();
    let mut initial = Vec::new();
    for pod in first.pods {
        if in_scope(&pod) {
            let cells = row(&pod, first.now);
            initial.push(cells.clone());
            remember(&mut seen, pod, cells);
        }
    }
    let mut writer = TabWriter::for_get();
    let mut header = vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    if wide {
        header.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    }
    if *scope == Scope::All {
        header.insert(0, "NAMESPACE");
    }
    // With no pods, kubectl says so and keeps watching; the header comes with the first line.
    let mut header_printed = !initial.is_empty();
    let mut out = if header_printed {
        get_table(&mut writer, &header, &initial)
    } else {
        no_resources(scope)
    };
    let age_column = 4 + usize::from(*scope == Scope::All);
    let same = |a: &[String], b: &[String]| {
        a.iter()
            .enumerate()
            .zip(b)
            .all(|((i, x), y)| i == age_column || x == y)
            && a.len() == b.len()
    };
    for (index, frame) in frames
        .iter()
        .enumerate()
        .take(moment.index + 1)
        .skip(start + 1)
    {
        let now = frame.time;
        for delta in moment.run.trace.pods.deltas_of(index) {
            let known = seen.get(delta.uid() as usize).and_then(Option::as_ref);
            let line = match (delta, known) {
                (PodDelta::Added(snapshot) | PodDelta::Changed(snapshot), known) => {
                    let Some(workload) = first.workloads.get(snapshot.workload) else {
                        continue;
                    };
                    let pod = Pod {
                        snapshot: snapshot.clone(),
                        model: workload.model,
                        created: known.map_or(now, |(pod, _)| pod.created),
                        deleting_since: known
                            .and_then(|(pod, _)| pod.deleting_since)
                            .or(snapshot.terminating.then_some(now)),
                    };
                    let cells = row(&pod, now);
                    if !in_scope(&pod) || known.is_some_and(|(_, last)| same(last, &cells)) {
                        continue;
                    }
                    remember(&mut seen, pod, cells.clone());
                    cells
                }
                (PodDelta::Removed { .. }, Some((pod, _))) => row(pod, now),
                (PodDelta::Removed { .. }, None) => continue,
            };
            out.push('\n');
            if header_printed {
                out.push_str(&writer.format(&line.join("\t")));
            } else {
                out.push_str(&get_table(&mut writer, &header, &[line]));
                header_printed = true;
            }
        }
    }
    out
}

/// Keeps a pod and the row last printed for it, in its uid's slot.
fn remember<'a>(seen: &mut Vec<Option<(Pod<'a>, Vec<String>)>>, pod: Pod<'a>, cells: Vec<String>) {
    let slot = pod.snapshot.uid as usize;
    if seen.len() <= slot {
        seen.resize_with(slot + 1, || None);
    }
    seen[slot] = Some((pod, cells));
}
