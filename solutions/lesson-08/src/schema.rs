// @generated automatically by Diesel CLI.

diesel::table! {
    categories (id) {
        id -> Int4,
        name -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> Int4,
        user_id -> Int4,
        logged_in_at -> Timestamptz,
    }
}

diesel::table! {
    tags (id) {
        id -> Int4,
        label -> Text,
    }
}

diesel::table! {
    task_tags (task_id, tag_id) {
        task_id -> Int4,
        tag_id -> Int4,
    }
}

diesel::table! {
    tasks (id) {
        id -> Int4,
        description -> Text,
        complete -> Bool,
        due_date -> Nullable<Date>,
        user_id -> Nullable<Int4>,
        category_id -> Nullable<Int4>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        priority -> Int2,
    }
}

diesel::table! {
    users (id) {
        id -> Int4,
        username -> Text,
        email -> Nullable<Text>,
        first_name -> Nullable<Text>,
        last_name -> Nullable<Text>,
        birthday -> Nullable<Date>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        username_key -> Nullable<Text>,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(task_tags -> tags (tag_id));
diesel::joinable!(task_tags -> tasks (task_id));
diesel::joinable!(tasks -> categories (category_id));
diesel::joinable!(tasks -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(categories, sessions, tags, task_tags, tasks, users,);
