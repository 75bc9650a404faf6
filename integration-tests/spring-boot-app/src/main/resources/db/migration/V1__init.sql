CREATE TABLE app_note (
    id BIGINT PRIMARY KEY,
    body VARCHAR(200) NOT NULL
);
INSERT INTO app_note (id, body) VALUES (1, 'the app''s own migration ran');
