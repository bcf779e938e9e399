// micro: the 10 people who wrote the most comments.
MATCH (:Comment)-[:Comment_hasCreator_Person]->(p:Person)
RETURN p.id AS id, count(*) AS comments ORDER BY comments DESC, id ASC LIMIT 10
