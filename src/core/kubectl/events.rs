//! Events as kubectl lists them: the trace's events up to the moment, repeats folded into
//! one with a count as client-go's event correlator folds an event identical in source,
//! object, type, reason and message (`EventCorrelator`, `eventKey`); `kubectl get events`
//! (`printEvent`: LAST SEEN is the last repeat's age) in the API server's list order (event
//! names are `<object name>.<first timestamp>`), `kubectl events` in time order with
//! `(xN over M)`, and the Events table of `kubectl describe` (`DescribeEvents`).

use super::cluster::{Moment, sort_by_name};
use super::command::Scope;
use super::table::{TabWriter, get_table};
use crate::core::order;
use crate::core::sim::trace::EventRecord;

/// One event as the API server keeps it: the first record and how often it repeated.
pub struct Folded<'a> {
    pub record: &'a EventRecord,
    pub first: u64,
    pub last: u64,
    pub count: usize,
    /// The event's name up to its timestamp: the involved object's name and a dot.
    name_prefix: String,
}

/// The events recorded up to the moment, repeats folded, in the order first recorded.
pub fn folded<'a>(moment: &Moment<'a>) -> Vec<Folded<'a>> {
    let recorded = &moment.run.trace.events;
    let recorded = &recorded[..moment.frame.event_count.min(recorded.len())];
    // Repeats share their object: grouping by object keeps each search to one object's few
    // distinct events, however long the run.
    let mut by_object: Vec<(&str, usize)> = recorded
        .iter()
        .enumerate()
        .map(|(index, record)| (record.object.as_str(), index))
        .collect();
    sort_by_name(&mut by_object, |(object, _)| object);
    let mut events: Vec<(usize, Folded)> = Vec::new();
    let mut group_start = 0;
    for &(_, index) in &by_object {
        let record = &recorded[index];
        if events
            .get(group_start)
            .is_some_and(|(_, e)| e.record.object != record.object)
        {
            group_start = events.len();
        }
        let same = events[group_start..].iter_mut().find(|(_, e)| {
            let r = e.record;
            r.reason == record.reason
                && r.event_type == record.event_type
                && r.message == record.message
                && r.source == record.source
        });
        match same {
            Some((_, event)) => {
                event.count += 1;
                event.last = record.time;
            }
            None => events.push((
                index,
                Folded {
                    record,
                    name_prefix: format!(
                        "{}.",
                        record.object.split_once('/').map_or("", |(_, name)| name)
                    ),
                    first: record.time,
                    last: record.time,
                    count: 1,
                },
            )),
        }
    }
    order::sort_by_key(&mut events, |(index, _)| (*index as u64, 0));
    events.into_iter().map(|(_, event)| event).collect()
}

/// AGE as `kubectl events` and `kubectl describe` print it: `5s`, or `5s (x3 over 45s)`.
fn interval(moment: &Moment, event: &Folded) -> String {
    let first = moment.age(event.first);
    if event.count > 1 {
        format!("{} (x{} over {first})", moment.age(event.last), event.count)
    } else {
        first
    }
}

/// `kubectl get events` (`by_time`: `--sort-by` a timestamp) and `kubectl events`
/// (`interval`: repeats shown as `(xN over M)`, always in time order).
pub fn list(moment: &Moment, scope: &Scope, by_time: bool, interval_column: bool) -> String {
    let mut events = if scope.holds(moment.namespace()) {
        folded(moment)
    } else {
        Vec::new()
    };
    if events.is_empty() {
        return super::get::no_resources(scope);
    }
    if by_time || interval_column {
        order::sort_by_key(&mut events, |e| (e.last, 0));
    } else {
        // Event names are the object's name, a dot, then the first timestamp in hex.
        order::sort_by_key(&mut events, |e| (e.first, 0));
        sort_by_name(&mut events, |e| &e.name_prefix);
    }
    let namespace_column = *scope == Scope::All;
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|event| {
            let record = event.record;
            let mut row = vec![
                if interval_column {
                    interval(moment, event)
                } else {
                    moment.age(event.last)
                },
                record.event_type.as_str().to_string(),
                record.reason.as_str().to_string(),
                record.object.clone(),
                record.message.clone(),
            ];
            if namespace_column {
                row.insert(0, moment.namespace().to_string());
            }
            row
        })
        .collect();
    let mut header = vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
    if namespace_column {
        header.insert(0, "NAMESPACE");
    }
    get_table(&mut TabWriter::for_get(), &header, &rows)
}

/// The Events section of `kubectl describe` for `object` (`pod/NAME`), as tab-separated
/// lines for the description's writer; oldest first (`SortableEvents`).
/// `by_object` is [`folded`]'s list sorted by object, read once for every object described.
pub fn describe_section(moment: &Moment, by_object: &[&Folded], object: &str) -> String {
    let start = by_object.partition_point(|e| e.record.object.as_str() < object);
    let end = by_object.partition_point(|e| e.record.object.as_str() <= object);
    let mut events: Vec<&Folded> = by_object[start..end].to_vec();
    if events.is_empty() {
        return "Events:\t<none>\n".to_string();
    }
    order::sort_by_key(&mut events, |e| (e.last, 0));
    let mut text =
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n"
            .to_string();
    for event in &events {
        let record = event.record;
        text.push_str(&format!(
            "  {}\t{}\t{}\t{}\t{}\n",
            record.event_type.as_str(),
            record.reason.as_str(),
            interval(moment, event),
            record.source,
            record.message.trim()
        ));
    }
    text
}
