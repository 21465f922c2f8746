"""The notifications services, by job: `announcements` writes the outbox, `transport` sends it (claim,
send, backoff, sweep), `preferences` holds each person's choices and the unsubscribe tokens.

Callers import from the module that does the job; nothing is re-exported here.
"""
