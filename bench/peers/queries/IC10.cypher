// IC10 friend recommendation: friends of friends (not friends) born around a month, scored
// by their posts on the person's interests minus their other posts. Birthdays are yyyymmdd.
MATCH (p:Person {id: $personId})-[:Person_knows_Person]-(:Person)-[:Person_knows_Person]-(fof:Person)
WHERE fof.id <> $personId AND NOT (p)-[:Person_knows_Person]-(fof)
WITH DISTINCT p, fof
WITH p, fof, (fof.birthday % 10000) / 100 AS month, fof.birthday % 100 AS day
WHERE (month = $month AND day >= 21) OR (month = $month % 12 + 1 AND day < 22)
OPTIONAL MATCH (fof)<-[:Post_hasCreator_Person]-(post:Post)
OPTIONAL MATCH (post)-[:Post_hasTag_Tag]->(t:Tag)<-[:Person_hasInterest_Tag]-(p)
WITH fof, post, count(t) AS common
WITH fof, sum(CASE WHEN common > 0 THEN 1 ELSE 0 END) AS good,
     sum(CASE WHEN post IS NOT NULL AND common = 0 THEN 1 ELSE 0 END) AS bad
MATCH (fof)-[:Person_isLocatedIn_Place]->(city:Place)
RETURN fof.id AS personId, fof.firstName AS firstName, fof.lastName AS lastName,
       good - bad AS score, fof.gender AS gender, city.name AS cityName
ORDER BY score DESC, personId ASC LIMIT 10
