// micro: every knows relationship.
MATCH ()-[r:Person_knows_Person]->() RETURN count(r) AS n
