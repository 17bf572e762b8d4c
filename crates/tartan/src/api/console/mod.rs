//! The operator console (`/console`): server-rendered pages over the store and buttons that act through the
//! services the API uses. Off unless `TARTAN_ADMIN_TOKEN` is set; the admin token signs the operator in.

mod account_actions;
mod assets;
mod auth;
mod item_actions;
mod item_page;
mod layout;
mod lists;
mod refusal;
mod routes;
mod session;
mod webhook_pages;

pub use routes::routes;
