pub mod app;
mod card;
mod feedback;
mod my_tickets;
mod reply;
mod ticket_form;
