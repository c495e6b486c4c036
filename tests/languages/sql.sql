-- The whitelist is read first: https://example.org/blob/master/x.md
CREATE TABLE slave_nodes (id INT);
INSERT INTO notes VALUES ('it''s -- the dummy value');
SELECT webmaster FROM accounts;
