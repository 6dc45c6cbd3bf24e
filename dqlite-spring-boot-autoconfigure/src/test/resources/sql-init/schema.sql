-- not idempotent on purpose: a second run fails with "table greeting already exists"
CREATE TABLE greeting (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
