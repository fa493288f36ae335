pub mod app;
mod card;
mod feedback;
mod reply;
mod ticket_form;
