use std::process::ExitCode;

fn main() -> ExitCode {
    workbook::postgres_main(lesson_08::lesson())
}
