use std::process::ExitCode;

fn main() -> ExitCode {
    workbook::main(solution_08::lesson())
}
