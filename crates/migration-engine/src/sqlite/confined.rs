//! A SQLite connection for migrations nobody has reviewed: an authorizer refuses `ATTACH` of any
//! file outside one folder (verify's own temporary folder), and with it `VACUUM INTO` a file
//! outside it (SQLite runs `VACUUM INTO` as an `ATTACH` of its target, which the authorizer
//! sees). An in-memory or temporary database (`':memory:'`, `''`) may still be attached. And a
//! step run `within` a time limit is interrupted when it runs out (a progress handler).
//!
//! diesel does not hand out the connection's `sqlite3` handle: an automatic extension, which
//! SQLite calls on the thread that opens each new connection, notes it as it opens. Where the
//! folder is none, no file may be attached at all (the in-memory connection that only listens
//! to what a migration says, see `migration::script`).

use std::cell::Cell;
use std::ffi::{CStr, c_char, c_int, c_void};
use std::path::{Component, Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use diesel::sqlite::SqliteConnection;
use libsqlite3_sys as ffi;

use crate::error::{Error, Result};

/// What the authorizer allows: ATTACH of files in this folder, or of none (`None`).
type Rule = Option<PathBuf>;

thread_local! {
    /// The handle of the connection this thread opened last.
    static OPENED: Cell<*mut ffi::sqlite3> = const { Cell::new(std::ptr::null_mut()) };
    /// When what runs on this thread's confined connections is interrupted (`within`).
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Runs `step` on this thread's confined connections with `seconds` to finish (0: no limit):
/// once they run out, SQLite stops the statement running with `interrupted`.
pub fn within<T>(seconds: u64, step: impl FnOnce() -> T) -> T {
    let deadline = (seconds > 0).then(|| Instant::now() + Duration::from_secs(seconds));
    DEADLINE.with(|d| d.set(deadline));
    let done = step();
    DEADLINE.with(|d| d.set(None));
    done
}

/// A progress handler that interrupts whatever runs long.
unsafe extern "C" fn always(_: *mut c_void) -> c_int {
    1
}

/// SQLite's progress handler: non-zero (interrupt) once the deadline has passed.
unsafe extern "C" fn past_deadline(_: *mut c_void) -> c_int {
    let past = DEADLINE.try_with(|d| d.get().is_some_and(|at| Instant::now() >= at));
    c_int::from(past.unwrap_or(false))
}

/// SQLite's automatic extension: notes the new connection's handle.
unsafe extern "C" fn note_opened(
    db: *mut ffi::sqlite3,
    _: *mut *mut c_char,
    _: *const ffi::sqlite3_api_routines,
) -> c_int {
    let _ = OPENED.try_with(|opened| opened.set(db));
    ffi::SQLITE_OK
}

/// Opens a connection with `open`, and confines its ATTACH to files in `folder` (to none when
/// `None`).
pub fn open(
    folder: Option<&Path>,
    open: impl FnOnce() -> Result<SqliteConnection>,
) -> Result<SqliteConnection> {
    static NOTING: Once = Once::new();
    // SAFETY: `note_opened` has the signature SQLite calls and only stores a pointer.
    NOTING.call_once(|| unsafe {
        ffi::sqlite3_auto_extension(Some(note_opened));
    });
    OPENED.with(|opened| opened.set(std::ptr::null_mut()));
    let conn = open()?;
    let db = OPENED.with(|opened| opened.replace(std::ptr::null_mut()));
    let refused = |what: &str| Error::new(format!("cannot confine a scratch database: {what}"));
    if db.is_null() {
        return Err(refused("SQLite did not say which connection it opened"));
    }
    let rule: *mut Rule = Box::into_raw(Box::new(folder.map(normalised)));
    // SAFETY: `db` is the connection `conn` owns, just opened on this thread. The rule is
    // handed to SQLite as the data of a function it frees when the connection closes (or
    // when the function cannot be made), so it lives exactly as long as the authorizer.
    unsafe {
        let name = c"workbook_attach_rule";
        let flags = ffi::SQLITE_UTF8 | ffi::SQLITE_DIRECTONLY;
        let made = ffi::sqlite3_create_function_v2(
            db,
            name.as_ptr(),
            0,
            flags,
            rule.cast(),
            Some(no_result),
            None,
            None,
            Some(free_rule),
        );
        if made != ffi::SQLITE_OK {
            return Err(refused(&format!("SQLite said {made}")));
        }
        let set = ffi::sqlite3_set_authorizer(db, Some(authorize), rule.cast());
        if set != ffi::SQLITE_OK {
            return Err(refused(&format!("SQLite said {set}")));
        }
        // A connection that may attach nothing only listens (`migration::script`): whatever
        // runs long there is stopped at once; the others stop at the step's deadline.
        let handler = match folder {
            None => always as unsafe extern "C" fn(*mut c_void) -> c_int,
            Some(_) => past_deadline,
        };
        ffi::sqlite3_progress_handler(db, 10_000, Some(handler), std::ptr::null_mut());
    }
    Ok(conn)
}

/// The function that holds the rule: it gives NULL.
unsafe extern "C" fn no_result(
    context: *mut ffi::sqlite3_context,
    _: c_int,
    _: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: `context` is the one SQLite passes to this call.
    unsafe { ffi::sqlite3_result_null(context) }
}

/// Frees the rule when its connection closes.
unsafe extern "C" fn free_rule(rule: *mut c_void) {
    // SAFETY: the pointer `open` made with Box::into_raw, freed once, by SQLite's call.
    drop(unsafe { Box::from_raw(rule.cast::<Rule>()) });
}

/// SQLite's authorizer: everything but an ATTACH of a file outside the folder.
unsafe extern "C" fn authorize(
    folder: *mut c_void,
    action: c_int,
    file: *const c_char,
    _: *const c_char,
    _: *const c_char,
    _: *const c_char,
) -> c_int {
    if action != ffi::SQLITE_ATTACH {
        return ffi::SQLITE_OK;
    }
    // SAFETY: SQLite gives back the pointer `open` gave it, to a live rule, and the file name
    // as a NUL-terminated string or NULL (an expression, not a literal: refused).
    let (folder, file) = unsafe {
        let folder = &*(folder as *const Rule);
        let file = (!file.is_null()).then(|| CStr::from_ptr(file).to_string_lossy());
        (folder, file)
    };
    let allowed =
        std::panic::catch_unwind(|| file.is_some_and(|file| may_attach(folder.as_deref(), &file)));
    match allowed {
        Ok(true) => ffi::SQLITE_OK,
        _ => ffi::SQLITE_DENY,
    }
}

/// True when `file`, as an ATTACH names it, is in `folder` or is no file at all (an in-memory
/// or temporary database). URIs (`file:...`) are refused: they can name any file.
fn may_attach(folder: Option<&Path>, file: &str) -> bool {
    if file.is_empty() || file == ":memory:" {
        return true;
    }
    let Some(folder) = folder.filter(|_| !file.starts_with("file:")) else {
        return false;
    };
    let path = normalised(Path::new(file));
    path != folder && path.starts_with(folder)
}

/// `path` made absolute (from the current folder) with `.` and `..` worked out, as the file
/// system would open it when no symbolic link is on the way.
fn normalised(path: &Path) -> PathBuf {
    let absolute = match path.is_absolute() {
        true => path.to_path_buf(),
        false => std::env::current_dir().unwrap_or_default().join(path),
    };
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// True when `error` is the authorizer's refusal: `not authorized` for an ATTACH, `authorization
/// denied` for a VACUUM INTO.
pub fn refused(error: &str) -> bool {
    error.contains("not authorized") || error.contains("authorization denied")
}

/// `error` (a failed statement's words) with why, when the authorizer refused it.
pub fn explained(error: String) -> String {
    if error.contains("interrupted") {
        return format!(
            "{error}: verify's --statement-timeout ran out (a loop, or a statement that runs long; \
             give it more seconds if the migration is meant to take that long)"
        );
    }
    if !refused(&error) {
        return error;
    }
    format!(
        "{error} (verify refuses ATTACH and VACUUM INTO of a file outside its temporary folder: \
         a migration writes only the database it migrates)"
    )
}

#[cfg(test)]
mod tests;
