// @generated automatically by Diesel CLI.

diesel::table! {
    task (id) {
        id -> Integer,
        description -> Text,
        complete -> Bool,
        due -> Nullable<Text>,
        category -> Nullable<Text>,
        user_id -> Nullable<Integer>,
    }
}

diesel::table! {
    user (id) {
        id -> Integer,
        username -> Nullable<Text>,
    }
}

diesel::joinable!(task -> user (user_id));

diesel::allow_tables_to_appear_in_same_query!(task, user,);
