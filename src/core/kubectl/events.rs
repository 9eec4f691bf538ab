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
    let mut events: Vec<Folded> = Vec::new();
    for record in &recorded[..moment.frame.event_count.min(recorded.len())] {
        let same = events.iter_mut().find(|e| {
            let r = e.record;
            r.object == record.object
                && r.reason == record.reason
                && r.event_type == record.event_type
                && r.message == record.message
                && r.source == record.source
        });
        match same {
            Some(event) => {
                event.count += 1;
                event.last = record.time;
            }
            None => events.push(Folded {
                record,
                name_prefix: format!(
                    "{}.",
                    record.object.split_once('/').map_or("", |(_, name)| name)
                ),
                first: record.time,
                last: record.time,
                count: 1,
            }),
        }
    }
    events
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
pub fn describe_section(moment: &Moment, object: &str) -> String {
    let mut events: Vec<Folded> = folded(moment)
        .into_iter()
        .filter(|e| e.record.object == object)
        .collect();
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
