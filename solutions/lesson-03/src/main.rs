use std::process::ExitCode;

fn main() -> ExitCode {
    workbook::main(solution_03::lesson())
}
