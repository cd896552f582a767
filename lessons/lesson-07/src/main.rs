use std::process::ExitCode;

fn main() -> ExitCode {
    workbook::main(lesson_07::lesson())
}
