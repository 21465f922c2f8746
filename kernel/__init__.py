"""The kernel: what every app shares (events, view helpers, confirmations, Markdown, validation, the public
record's version, fragments, paging, admin mixins, template tags). It imports no app."""
