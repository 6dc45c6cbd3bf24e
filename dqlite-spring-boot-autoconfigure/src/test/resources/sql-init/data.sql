INSERT INTO greeting (text) VALUES ('hello');
INSERT INTO greeting (text) VALUES ('bonjour');
