-- micro: every knows relationship.
SELECT count(*) FROM Person_knows_Person
