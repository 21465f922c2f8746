"""Meeting pages, one module per job: public pages, calendars, action items, agendas, minutes, series."""
