INSERT INTO t VALUES ('a;b', 'it''s');
SELECT "x;y", [z;w], `q;r` FROM t;