//! The lesson is computed, not stored: editing the manifest changes rows, tracker, quiz
//! answers and transcript, and steps that do not happen say so.

mod common;

use kubestep::core::analysis::Run;
use kubestep::core::samples::SEED_MANIFEST;

use common::run_of;

fn tracker_row(run: &Run, variable: &str) -> Vec<String> {
    run.lesson
        .tracker
        .rows
        .iter()
        .find(|r| r.variable == variable)
        .expect("row exists")
        .values
        .clone()
}

#[test]
fn four_replicas_change_rows_tracker_quiz_and_transcript() {
    let run = run_of(&SEED_MANIFEST.replace("replicas: 2", "replicas: 4"));
    assert_eq!(
        run.lesson.steps[0].result,
        "Deployment 'ml-model' created with 4 replicas"
    );
    assert_eq!(
        run.lesson.steps[1].result,
        "4 pods scheduled on available nodes"
    );
    assert_eq!(
        tracker_row(&run, "Deployment replicas"),
        ["0", "4", "4", "5 (scaled up)", "5"]
    );
    assert_eq!(tracker_row(&run, "Pods running"), ["0", "0", "4", "5", "5"]);
    let count_question = &run.lesson.quiz[1];
    assert_eq!(count_question.options[count_question.answer], "5");
    assert!(
        run.lesson.key_moments[1]
            .answer
            .contains("from 4 to 5 pods")
    );
    let narration = &run.lesson.transcript.steps[0];
    assert_eq!(
        narration.result,
        "Deployment 'ml-model' created with 4 replicas"
    );
    assert_eq!(
        narration
            .lines
            .iter()
            .filter(|l| l.contains("SuccessfulCreate"))
            .count(),
        4
    );
}

#[test]
fn ten_replicas_scale_by_twenty_percent() {
    // One more pod would be within the HPA's 10 % tolerance, so the default traffic asks for 20 %.
    let run = run_of(&SEED_MANIFEST.replace("replicas: 2", "replicas: 10"));
    assert_eq!(
        tracker_row(&run, "Deployment replicas")[3],
        "12 (scaled up)"
    );
}

#[test]
fn a_scenario_without_hpa_or_rollout_says_those_steps_did_not_happen() {
    let text = format!(
        "{SEED_MANIFEST}---\napiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  nodes:\n  - name: only-node\n    cpu: \"2\"\n    memory: 4Gi\n"
    );
    let run = run_of(&text);
    assert!(run.lesson.supplied.is_empty());
    assert_eq!(
        run.lesson.steps[3].result,
        "No Service in this scenario: nothing routes prediction requests to the pods"
    );
    assert_eq!(
        run.lesson.steps[4].result,
        "No HorizontalPodAutoscaler: replicas stay at 2"
    );
    assert_eq!(
        run.lesson.steps[5].result,
        "No new image in this scenario: the Deployment keeps its model"
    );
    assert_eq!(run.lesson.steps[6].result, "No old pods to terminate");
    assert_eq!(
        run.lesson.steps[7].result,
        "Model serving stable with desired replicas"
    );
    assert_eq!(
        tracker_row(&run, "Model version"),
        ["none", "v1 (mlmodel:latest)", "v1", "v1", "v1"]
    );
    assert!(
        !run.lesson
            .snapshot
            .points
            .iter()
            .any(|p| p.contains("Rolling"))
    );
    // No new image: the question asks what Step 6 shows, not what a rollout does.
    let quiz = &run.lesson.quiz[2];
    assert_eq!(
        quiz.prompt,
        "According to the execution table, what happens at Step 6 in this run?"
    );
    assert_eq!(quiz.options[quiz.answer], run.lesson.steps[5].result);
}

#[test]
fn pods_that_fit_nowhere_stay_pending_with_the_scheduler_message() {
    let text = SEED_MANIFEST.replace(
        "        - containerPort: 5000\n",
        "        - containerPort: 5000\n        resources:\n          requests:\n            cpu: \"3\"\n",
    ) + "---\napiVersion: kubestep.dev/v1alpha1\nkind: Scenario\nspec:\n  nodes:\n  - name: small\n    cpu: \"4\"\n    memory: 8Gi\n";
    let run = run_of(&text);
    assert_eq!(
        run.lesson.steps[1].result,
        "1 of 2 pods scheduled; the rest stay Pending: 0/1 nodes are available: 1 Insufficient cpu."
    );
    assert!(
        run.lesson.steps[7]
            .result
            .starts_with("Not at the desired state")
    );
    assert!(run.lesson.key_moments[0].answer.contains("stayed Pending"));
}

#[test]
fn recreate_changes_the_update_story() {
    let text = SEED_MANIFEST.replace(
        "  replicas: 2\n",
        "  replicas: 2\n  strategy:\n    type: Recreate\n",
    );
    let run = run_of(&text);
    assert!(run.lesson.steps[5].result.starts_with("Recreate"));
    assert!(run.lesson.key_moments[2].question.contains("Recreate"));
    assert_eq!(
        run.lesson.steps[6].result,
        "Deployment updated successfully"
    );
}

#[test]
fn zero_replicas_say_nothing_serves() {
    let run = common::run_of(&SEED_MANIFEST.replace("replicas: 2", "replicas: 0"));
    let results: Vec<&str> = run.lesson.steps.iter().map(|s| s.result.as_str()).collect();
    assert_eq!(
        results,
        [
            "Deployment 'ml-model' created with 0 replicas",
            "No pods to schedule: the Deployment asks for 0 replicas",
            "No container started: no pod was scheduled",
            "Service 'ml-model' has no ready endpoints: prediction requests fail",
            "The autoscaler leaves a Deployment at 0 replicas alone (scaling disabled)",
            "The template now names the new image; with 0 replicas no pod starts",
            "No old pods to terminate",
            "Stable at 0 replicas: no pod serves predictions",
        ]
    );
    assert_eq!(
        run.lesson.outcome,
        "Deployment reaches its desired state of 0 replicas: nothing serves predictions"
    );
}
