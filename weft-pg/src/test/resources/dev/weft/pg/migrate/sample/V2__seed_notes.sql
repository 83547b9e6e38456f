INSERT INTO notes (body) VALUES ('from the class path');
