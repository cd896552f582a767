use std::process::ExitCode;

fn main() -> ExitCode {
    workbook::postgres_main(solution_08::lesson())
}
