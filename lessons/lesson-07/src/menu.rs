//! The interactive menu (placeholder while the subcommands are built).

use diesel::prelude::*;
use workbook::{Error, Result};

pub fn run(_conn: &mut SqliteConnection) -> Result<()> {
    Err(Error::new("menu: not yet"))
}
