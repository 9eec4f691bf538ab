//! The Predict mode's core: over every example and edited manifests, each prediction's answer
//! is read again from the trace where its fact points (`common::keys`), each is asked only
//! where its premise holds, the explanations carry this run's arithmetic, the fields point at
//! the manifest's own lines, and typed answers are graded loosely.

mod common;

use common::keys::{cases, check_cases, example_text, prediction_problems};
use common::run_of;
use kubestep::core::analysis::analyze;
use kubestep::core::lesson::quiz::Basis;
use kubestep::core::practice::predict::{
    Answer, Fact, Prediction, Response, Score, predictions, score,
};
use kubestep::core::samples::{EXAMPLES, SEED_MANIFEST};

fn of(text: &str) -> Vec<Prediction> {
    predictions(&analyze(text, None))
}

fn at_step(predictions: &[Prediction], step: usize) -> Vec<&Prediction> {
    predictions.iter().filter(|p| p.step == step).collect()
}

fn number(prediction: &Prediction) -> i64 {
    match prediction.answer {
        Answer::Number(number) => number,
        Answer::Choice(_) => panic!("{} is a choice", prediction.prompt),
    }
}

#[test]
fn every_answer_is_what_the_trace_holds() {
    let (asked, problems) = check_cases(|_, text| of(text), prediction_problems);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(asked >= 60, "only {asked} predictions");
}

#[test]
fn predictions_come_in_step_order_and_only_where_their_premise_holds() {
    for (title, text) in cases() {
        let run = run_of(&text);
        let all = of(&text);
        assert!(
            all.windows(2).all(|pair| pair[0].step <= pair[1].step),
            "{title}: out of step order"
        );
        for prediction in &all {
            let premise = match prediction.fact {
                Fact::AutoscalerSize { .. } => run.scenario.autoscaler.is_some(),
                Fact::UpdatePeak { .. } => run.trace.milestones.rollout_start.is_some(),
                Fact::Endpoints { .. } => {
                    run.scenario.service.is_some() && run.trace.milestones.traffic_start.is_some()
                }
                Fact::PodsScheduled { .. } => !run.trace.milestones.initial_pods.is_empty(),
                _ => true,
            };
            assert!(
                premise,
                "{title}: {} without its premise",
                prediction.prompt
            );
            assert!((1..=8).contains(&prediction.step), "{title}");
        }
    }
}

#[test]
fn the_seed_predictions_show_its_arithmetic_and_its_lines() {
    let all = of(SEED_MANIFEST);
    let steps: Vec<usize> = all.iter().map(|p| p.step).collect();
    assert_eq!(steps, [1, 2, 3, 4, 5, 6, 8]);
    let created = at_step(&all, 1)[0];
    assert_eq!(number(created), 2);
    let lines: Vec<(usize, &str)> = created
        .fields
        .iter()
        .map(|f| (f.line, f.path.as_str()))
        .collect();
    assert_eq!(lines, [(6, "spec.replicas")]);
    let autoscaler = at_step(&all, 5)[0];
    assert_eq!(number(autoscaler), 3);
    assert!(
        autoscaler
            .explanation
            .iter()
            .any(|line| line == "proposal = ⌈2 ready pods × 75 ÷ 50⌉ = 3"),
        "{:?}",
        autoscaler.explanation
    );
    let surge = at_step(&all, 6)[0];
    assert_eq!(number(surge), 4);
    assert_eq!(
        surge.explanation[0],
        "maxSurge 25% of 3 = 0.75 → rounded up to 1 extra pod(s)"
    );
    assert_eq!(
        surge.explanation[1],
        "maxUnavailable 25% of 3 = 0.75 → rounded down to 0 pod(s)"
    );
}

#[test]
fn without_an_autoscaler_or_a_rollout_nothing_is_asked_about_them() {
    let (_, gpu) = EXAMPLES[1];
    let all = of(gpu);
    assert!(
        all.iter().all(|p| !matches!(
            p.fact,
            Fact::AutoscalerSize { .. } | Fact::UpdatePeak { .. }
        )),
        "{:#?}",
        all.iter().map(|p| &p.prompt).collect::<Vec<_>>()
    );
}

#[test]
fn the_unschedulable_example_asks_why_its_pod_stays_pending() {
    let text = example_text("Unschedulable pod");
    let run = run_of(text);
    let all = of(text);
    let why = all
        .iter()
        .find_map(|p| match &p.answer {
            Answer::Choice(question) if matches!(question.basis, Basis::StaysPending { .. }) => {
                Some((p, question))
            }
            _ => None,
        })
        .expect("a Pending question");
    assert_eq!(why.0.step, 2);
    assert_eq!(
        why.1.options[why.1.answer],
        run.trace.scheduling_failures[0].summary()
    );
    assert!(
        why.0.fields.iter().any(|f| f.path.ends_with(".resources")),
        "{:?}",
        why.0.fields
    );
    assert_eq!(number(at_step(&all, 2)[0]), 0);
}

#[test]
fn the_fields_point_at_the_budget_the_manifest_writes() {
    let text = example_text("Rolling update with maxSurge 0");
    let all = of(text);
    let peak = all
        .iter()
        .find(|p| matches!(p.fact, Fact::UpdatePeak { .. }))
        .expect("the update's peak");
    let lines: Vec<&str> = text.lines().collect();
    let surge = peak
        .fields
        .iter()
        .find(|f| f.path == "spec.strategy.rollingUpdate.maxSurge")
        .expect("maxSurge linked");
    assert!(lines[surge.line - 1].trim_start().starts_with("maxSurge:"));
    assert_eq!(number(peak), 3, "maxSurge 0: never more than the replicas");
}

#[test]
fn typed_numbers_are_graded_whatever_their_spacing_and_case() {
    let all = of(SEED_MANIFEST);
    let autoscaler = at_step(&all, 5)[0];
    for typed in ["3", " 3 ", "3 replicas", "three", "THREE"] {
        let response = Response::Typed(typed.to_string());
        assert!(autoscaler.grade(&response).correct, "{typed:?}");
    }
    for typed in ["4", "", "a few"] {
        let feedback = autoscaler.grade(&Response::Typed(typed.to_string()));
        assert!(!feedback.correct, "{typed:?}");
        assert_eq!(feedback.message, "Not quite: the answer is 3.");
    }
    assert!(!autoscaler.grade(&Response::Chosen(0)).correct);
}

#[test]
fn choices_are_graded_by_their_index_and_the_score_counts_answers() {
    let text = example_text("Unschedulable pod");
    let all = of(text);
    let responses: Vec<Option<Response>> = all
        .iter()
        .enumerate()
        .map(
            |(index, prediction)| match (&prediction.answer, index % 3) {
                (_, 2) => None,
                (Answer::Number(n), 0) => Some(Response::Typed(n.to_string())),
                (Answer::Number(n), _) => Some(Response::Typed((n + 1).to_string())),
                (Answer::Choice(q), 0) => Some(Response::Chosen(q.answer)),
                (Answer::Choice(q), _) => Some(Response::Chosen((q.answer + 1) % q.options.len())),
            },
        )
        .collect();
    let answered = responses.iter().filter(|r| r.is_some()).count();
    let correct = (0..all.len()).filter(|i| i % 3 == 0).count();
    assert_eq!(score(&all, &responses), Score { correct, answered });
    assert_eq!(score(&all, &[]), Score::default());
}

#[test]
fn a_manifest_with_errors_predicts_nothing() {
    assert!(of("kind: [").is_empty());
}
