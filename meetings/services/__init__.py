"""Actions on meetings, one module per job: series, meeting, agenda, minutes, log_import, actions, and
record (the draft guard and errata shared by the agenda and minutes services)."""
