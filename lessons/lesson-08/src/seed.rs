//! `seed`: 20 users with 5 tasks each, the same for the same `--seed`. A username that is
//! taken already (in any letter case) is skipped, never an error, so seeding twice is safe.

use chrono::NaiveDate;
use diesel::prelude::*;
use workbook::{Result, input};

use crate::account::find_user;
use crate::models::{NewTask, NewUser, Tag, TaskTag};
use crate::schema::{tags, task_tags, tasks, users};
use crate::write::{self, failure};

pub const USERS: usize = 20;
pub const TASKS_PER_USER: usize = 5;

const FIRST_NAMES: [&str; 20] = [
    "Bugs",
    "Daffy",
    "Porky",
    "Elmer",
    "Tweety",
    "Sylvester",
    "Wile",
    "Road",
    "Marvin",
    "Lola",
    "Petunia",
    "Speedy",
    "Foghorn",
    "Pepe",
    "Yosemite",
    "Granny",
    "Taz",
    "Gossamer",
    "Hector",
    "Penelope",
];
const LAST_NAMES: [&str; 20] = [
    "Bunny",
    "Duck",
    "Pig",
    "Fudd",
    "Bird",
    "Cat",
    "Coyote",
    "Runner",
    "Martian",
    "Leghorn",
    "LePew",
    "Sam",
    "Gonzales",
    "Devil",
    "Hawk",
    "Hopper",
    "Rooster",
    "Bulldog",
    "Pussyfoot",
    "Hare",
];
const CHORES: [&str; 20] = [
    "Buy carrots",
    "Dig a tunnel",
    "Fix the roof",
    "Walk the dog",
    "Call Granny",
    "Order an anvil",
    "Paint the fence",
    "Return library books",
    "Book a dentist visit",
    "Water the plants",
    "Wash the car",
    "Write a letter",
    "Bake a pie",
    "Sharpen the axe",
    "Clean the chimney",
    "Plan a picnic",
    "Mend the net",
    "Feed the ducks",
    "Tune the piano",
    "Sweep the porch",
];
pub const TAGS: [&str; 6] = ["home", "work", "errands", "urgent", "garden", "family"];

/// A small deterministic random sequence (SplitMix64): the same seed, the same data.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// Adds up to 20 users with 5 tasks each, some complete, some tagged.
pub fn seed(conn: &mut PgConnection, seed: u64) -> Result<String> {
    let mut next = Sequence(seed);
    let mut names: Vec<(usize, usize)> = Vec::new();
    while names.len() < USERS {
        let pair = (next.below(FIRST_NAMES.len()), next.below(LAST_NAMES.len()));
        if !names.contains(&pair) {
            names.push(pair);
        }
    }
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date");
    write::transaction(conn, "seed", |conn| {
        let tag_ids = seed_tags(conn)?;
        let (mut added_users, mut added_tasks, mut skipped) = (0, 0, 0);
        for (first, last) in names {
            let (first_name, last_name) = (FIRST_NAMES[first], LAST_NAMES[last]);
            let username = format!("{first_name}_{last_name}");
            if find_user(conn, &username)?.is_some() {
                skipped += 1;
                continue;
            }
            // A seed or sign-up running at the same time may take the name first: then the
            // insert adds nothing (ON CONFLICT DO NOTHING) and the name is skipped too.
            let user_id: Option<i32> = diesel::insert_into(users::table)
                .values(NewUser {
                    username: &username,
                    username_key: &input::username_key(&username),
                    first_name,
                    last_name,
                })
                .on_conflict_do_nothing()
                .returning(users::id)
                .get_result(conn)
                .optional()
                .map_err(|e| failure("seed users in", "the database", e))?;
            let Some(user_id) = user_id else {
                skipped += 1;
                continue;
            };
            added_users += 1;
            for _ in 0..TASKS_PER_USER {
                let due = start + chrono::Days::new(next.below(330) as u64);
                let task_id: i32 = diesel::insert_into(tasks::table)
                    .values((
                        NewTask {
                            description: CHORES[next.below(CHORES.len())],
                            due_date: Some(due),
                            user_id,
                        },
                        tasks::complete.eq(next.below(3) == 0),
                    ))
                    .returning(tasks::id)
                    .get_result(conn)
                    .map_err(|e| failure("seed tasks in", "the database", e))?;
                added_tasks += 1;
                let tag_id = tag_ids[next.below(tag_ids.len())];
                diesel::insert_into(task_tags::table)
                    .values(TaskTag { task_id, tag_id })
                    .execute(conn)
                    .map_err(|e| failure("seed tags in", "the database", e))?;
            }
        }
        Ok(format!(
            "Added {added_users} users and {added_tasks} tasks (seed {seed}); \
             {skipped} usernames were taken already.\n"
        ))
    })
}

/// The ids of the seed's tags, adding the ones that are missing.
fn seed_tags(conn: &mut PgConnection) -> Result<Vec<i32>> {
    let read = |e| failure("seed tags in", "the database", e);
    diesel::insert_into(tags::table)
        .values(TAGS.map(|name| tags::name.eq(name)).to_vec())
        .on_conflict_do_nothing()
        .execute(conn)
        .map_err(read)?;
    let found: Vec<Tag> = tags::table
        .filter(tags::name.eq_any(TAGS))
        .order(tags::id)
        .select(Tag::as_select())
        .load(conn)
        .map_err(read)?;
    Ok(found.into_iter().map(|tag| tag.id).collect())
}
