//! `cargo test -p lesson-01`: the lesson's checklist as a test, green when every goal passes.

#[test]
fn every_goal_of_the_lesson_passes() {
    let report = workbook::testing::check(&lesson_01::lesson());
    assert!(report.passed(), "\n{}", report.render());
}
