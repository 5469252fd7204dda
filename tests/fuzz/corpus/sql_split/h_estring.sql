SELECT E'a\'';b';
SELECT e'\\';