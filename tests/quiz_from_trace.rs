//! The quiz generated from the trace: over every example and edited manifests, each generated
//! question's key is what the trace holds (`common::keys`, read again from the frames), each
//! kind is asked only where its premise holds, the seed lesson's three questions stay first
//! and in their order, and the options' order is fixed by the seed and changes with it.

mod common;

use common::keys::{cases, check_cases, example_text, question_problems};
use common::{frames, run_of};
use kubestep::core::analysis::{Run, analyze};
use kubestep::core::lesson::quiz::{self, Basis, Question};
use kubestep::core::manifest::model::StrategyKind;
use kubestep::core::samples::SEED_MANIFEST;

fn generated(run: &Run) -> Vec<Question> {
    kubestep::core::practice::questions(run).split_off(run.lesson.quiz.len())
}

fn has(questions: &[Question], kind: fn(&Basis) -> bool) -> bool {
    questions.iter().any(|question| kind(&question.basis))
}

fn run_with_seed(text: &str, seed: u64) -> Run {
    let analysis = analyze(text, Some(seed));
    std::sync::Arc::unwrap_or_clone(analysis.run.expect("simulates"))
}

#[test]
fn every_generated_key_is_what_the_trace_holds() {
    let (asked, problems) = check_cases(|run, _| generated(run), question_problems);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(asked >= 20, "only {asked} generated questions");
}

#[test]
fn the_seed_keeps_its_three_questions_first_and_in_order() {
    let run = run_of(SEED_MANIFEST);
    let all = kubestep::core::practice::questions(&run);
    assert_eq!(all[..3], run.lesson.quiz[..]);
    let letters: String = all[..3].iter().map(Question::answer_letter).collect();
    assert_eq!(letters, "CBA");
    // Another seed shuffles the generated questions, never the seed lesson's three.
    for seed in 1..6 {
        let other = run_with_seed(SEED_MANIFEST, seed);
        let options = |run: &Run| -> Vec<Vec<String>> {
            run.lesson.quiz.iter().map(|q| q.options.clone()).collect()
        };
        assert_eq!(options(&other), options(&run), "seed {seed}");
    }
}

#[test]
fn the_seed_asks_about_its_autoscaler_and_its_rolling_update() {
    let run = run_of(SEED_MANIFEST);
    let bases: Vec<Basis> = generated(&run).into_iter().map(|q| q.basis).collect();
    assert_eq!(
        bases,
        [
            Basis::AutoscalerSize {
                time: 45,
                replicas: 3
            },
            Basis::SurgeBudget {
                replicas: 3,
                max_surge: 1
            },
            Basis::SurgeIfReplicas {
                replicas: 5,
                max_surge: 2
            },
        ]
    );
}

#[test]
fn each_kind_is_asked_only_where_its_premise_holds() {
    for (title, text) in cases() {
        let run = run_of(&text);
        let questions = generated(&run);
        let rolling = run.trace.milestones.rollout_start.is_some()
            && run.deployment.strategy.kind == StrategyKind::RollingUpdate
            && run.lesson.steps[5].happened;
        let last = frames(&run).pop().expect("frames");
        let stuck = last.pods.iter().any(|p| {
            p.node.is_none()
                && !p.terminating
                && run
                    .trace
                    .scheduling_failures
                    .iter()
                    .any(|f| *f.pod == *p.name)
        });
        assert_eq!(
            has(&questions, |b| matches!(b, Basis::SurgeBudget { .. })),
            rolling,
            "{title}: the budget question follows the rolling update"
        );
        assert_eq!(
            has(&questions, |b| matches!(b, Basis::StaysPending { .. })),
            stuck,
            "{title}: the Pending question follows a pod left unbound"
        );
        if run.scenario.autoscaler.is_none() {
            assert!(
                !has(&questions, |b| matches!(b, Basis::AutoscalerSize { .. })),
                "{title}: no autoscaler, no autoscaler question"
            );
        }
        if run.scenario.service.is_none() {
            assert!(
                !has(&questions, |b| matches!(b, Basis::Endpoints { .. })),
                "{title}: no Service, no traffic question"
            );
        }
    }
}

#[test]
fn the_examples_ask_what_their_titles_promise() {
    let kinds = |title: &str| generated(&run_of(example_text(title)));
    let unschedulable = kinds("Unschedulable pod");
    assert!(has(&unschedulable, |b| matches!(
        b,
        Basis::StaysPending { .. }
    )));
    let gpu = kinds("GPU model server");
    assert!(!has(&gpu, |b| matches!(b, Basis::AutoscalerSize { .. })));
    let recreate = kinds("Recreate strategy");
    assert!(!has(&recreate, |b| matches!(b, Basis::SurgeBudget { .. })));
    let spike = kinds("Traffic spike");
    assert!(has(&spike, |b| matches!(
        b,
        Basis::AutoscalerSize { replicas: 6, .. }
    )));
    let slow = kinds("Slow model load");
    assert!(has(&slow, |b| matches!(
        b,
        Basis::Endpoints { endpoints: 0, .. }
    )));
}

#[test]
fn option_order_is_fixed_by_the_seed_and_changes_with_it() {
    let mut reordered = false;
    for (title, text) in cases() {
        let first = run_with_seed(&text, 11);
        let again = run_with_seed(&text, 11);
        assert_eq!(
            kubestep::core::practice::questions(&first),
            kubestep::core::practice::questions(&again),
            "{title}: same text and seed, same quiz"
        );
        for seed in 12..20 {
            let other = run_with_seed(&text, seed);
            for (a, b) in generated(&first).iter().zip(generated(&other).iter()) {
                if a.prompt == b.prompt && a.options != b.options {
                    let mut sorted = (a.options.clone(), b.options.clone());
                    sorted.0.sort();
                    sorted.1.sort();
                    assert_eq!(sorted.0, sorted.1, "{title}: the same options, reordered");
                    assert_eq!(a.options[a.answer], b.options[b.answer], "{title}");
                    reordered = true;
                }
            }
        }
    }
    assert!(reordered, "no seed reordered any question's options");
}

#[test]
fn generated_questions_reach_the_lesson_export_as_the_seed_ones_do() {
    // The page and the export read `Question` alone: prompt, options, answer, hint.
    let run = run_of(SEED_MANIFEST);
    for question in kubestep::core::practice::questions(&run) {
        assert!(question.answer < question.options.len());
        assert!(!question.hint.is_empty() && !question.explanation.is_empty());
        let wrong = (question.answer + 1) % question.options.len();
        assert!(quiz::grade(&question, question.answer).correct);
        let feedback = quiz::grade(&question, wrong);
        assert!(!feedback.correct);
        assert!(
            !feedback
                .message
                .contains(&question.options[question.answer]),
            "a wrong answer's feedback gives the key away: {}",
            feedback.message
        );
    }
}
