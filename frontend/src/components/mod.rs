pub mod app;
mod card;
mod reply;
