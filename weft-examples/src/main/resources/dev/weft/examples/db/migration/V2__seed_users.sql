INSERT INTO users (name, email, age) VALUES
    ('Ada Lovelace', 'ada@example.org', 36),
    ('Alan Turing', 'alan@example.org', 41),
    ('Grace Hopper', 'grace@example.org', 85);
