pub mod app;
mod card;
mod highlight;
mod hit_list;
