//! `cargo test -p lesson-08`: the lesson's checklist as a test, green when every goal passes.

#[test]
fn every_goal_of_the_lesson_passes() {
    let report = workbook::cli::postgres::checklist(&lesson_08::lesson());
    assert!(report.passed(), "\n{}", report.render());
}
