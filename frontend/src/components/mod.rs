pub mod app;
mod card;
pub mod console;
mod editor;
mod feedback;
mod my_tickets;
mod reply;
mod ticket_form;
