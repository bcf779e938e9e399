-- micro: one person by id.
SELECT firstName, lastName FROM Person WHERE id = :personId
