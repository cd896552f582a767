use std::process::ExitCode;

fn main() -> ExitCode {
    workbook::main(solution_01::lesson())
}
