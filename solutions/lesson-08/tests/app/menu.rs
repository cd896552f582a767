//! The interactive menu, driven through a pseudo-terminal: keys typed in, screen text read
//! back. Each key is sent only after the screen it answers has appeared, and every wait is
//! bounded by a timeout (tests/terminal.rs), so a menu that hangs fails the test instead of
//! stalling it.

use std::process::Command;

use crate::Db;
use crate::terminal::Screen;

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

fn prepared() -> Db {
    let bin = Db::migrated();
    bin.run(&[
        "sign-up",
        "Bugs_Bunny",
        "--first-name",
        "Bugs",
        "--last-name",
        "Bunny",
    ])
    .ok();
    bin.run(&["log-out"]).ok();
    bin
}

/// The menu of `bin`'s database, running in a pseudo-terminal.
fn menu(bin: &Db) -> Screen {
    let mut command = Command::new(env!("CARGO_BIN_EXE_solution-08"));
    command
        .arg("--database-url")
        .arg(&bin.scratch.url)
        .arg("menu")
        .env("TERM", "xterm")
        .env_remove("DATABASE_URL");
    Screen::spawn(command).expect("the menu starts in a pseudo-terminal")
}

/// Waits for `text` on the screen, then types `keys`.
fn after(screen: &mut Screen, text: &str, keys: &str) {
    screen
        .expect(text)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
    screen.send(keys).unwrap();
}

#[test]
fn log_in_add_a_task_and_go_back_with_esc_to_the_end() {
    let bin = prepared();
    let mut screen = menu(&bin);
    screen.expect("TASKMASTER 5000").unwrap();
    after(&mut screen, "Quit", DOWN);
    after(&mut screen, "Log In", ENTER);
    after(&mut screen, "Username:", "bugs_bunny\r");
    after(&mut screen, "Welcome, Bugs_Bunny!", ENTER); // New Task
    after(&mut screen, "Description:", "Buy carrots\r");
    after(&mut screen, "No due date", DOWN);
    after(&mut screen, "Another day", ENTER);
    after(&mut screen, "Year:", ENTER);
    after(&mut screen, "Month:", DOWN);
    after(&mut screen, "2", ENTER); // February
    after(&mut screen, "Day:", "30\r");
    after(
        &mut screen,
        "That date is not valid. Please try again.",
        ESC,
    );
    // Esc in the middle of a new task goes back to the main menu, adding nothing.
    after(&mut screen, "Log Out", ENTER); // New Task again
    after(&mut screen, "Description:", "Buy carrots\r");
    after(&mut screen, "No due date", ENTER); // Today
    after(&mut screen, "Added task 1: Buy carrots", DOWN);
    after(&mut screen, "My Tasks", ENTER);
    after(&mut screen, "1 - Buy carrots - Due: ", ENTER);
    after(&mut screen, "Mark Complete", ESC);
    after(&mut screen, "Choose a task", ESC);
    after(&mut screen, "Welcome, Bugs_Bunny!", ESC);
    screen.expect("Goodbye!").unwrap();
    screen.expect_eof().unwrap();

    let mine = bin.run(&["my-tasks"]).ok();
    assert!(mine.contains("1   Buy carrots"), "{mine}");
    assert_eq!(
        mine.lines().count(),
        2,
        "the invalid date added a task:\n{mine}"
    );
}

#[test]
fn a_taken_username_asks_again_and_esc_on_the_first_screen_quits() {
    let bin = prepared();
    let mut screen = menu(&bin);
    after(&mut screen, "Quit", ENTER); // Sign Up
    after(&mut screen, "First name:", "Bugs\r");
    after(&mut screen, "Last name:", "Bunny\r");
    after(&mut screen, "Username:", "BUGS_BUNNY\r");
    after(&mut screen, "that username is taken", "");
    after(&mut screen, "First name:", ESC);
    after(&mut screen, "Sign Up", ESC);
    screen.expect("Goodbye!").unwrap();
    screen.expect_eof().unwrap();
    assert_eq!(screen.wait(), Some(0));
    let users = bin.run(&["users"]).ok();
    assert_eq!(
        users.lines().count(),
        2,
        "a second user was added:\n{users}"
    );
}

#[test]
fn ctrl_c_leaves_the_menu_with_exit_code_130() {
    let bin = prepared();
    let mut screen = menu(&bin);
    after(&mut screen, "Quit", "\x03");
    screen.expect_eof().unwrap();
    assert_eq!(screen.wait(), Some(130));
}

#[test]
fn without_a_terminal_the_menu_says_so() {
    let bin = prepared();
    let message = bin.run(&["menu"]).error();
    assert!(message.contains("the menu needs a terminal"), "{message}");
}
