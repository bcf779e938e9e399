// IC3 friends and friends of friends living outside countries X and Y who wrote messages
// located in both X and Y within the period, by how many.
MATCH (p:Person {id: $personId})-[:Person_knows_Person*1..2]-(friend:Person)
WHERE friend.id <> $personId
WITH DISTINCT friend
MATCH (friend)-[:Person_isLocatedIn_Place]->(:Place)-[:Place_isPartOf_Place]->(home:Place)
WHERE home.name <> $countryX AND home.name <> $countryY
MATCH (friend)<-[:Comment_hasCreator_Person|Post_hasCreator_Person]-(m)
      -[:Comment_isLocatedIn_Place|Post_isLocatedIn_Place]->(c:Place)
WHERE m.creationDate >= $startDate AND m.creationDate < $endDate
  AND (c.name = $countryX OR c.name = $countryY)
WITH friend, sum(CASE WHEN c.name = $countryX THEN 1 ELSE 0 END) AS xCount,
     sum(CASE WHEN c.name = $countryY THEN 1 ELSE 0 END) AS yCount
WHERE xCount > 0 AND yCount > 0
RETURN friend.id AS friendId, friend.firstName AS firstName, friend.lastName AS lastName,
       xCount, yCount, xCount + yCount AS total
ORDER BY total DESC, friendId ASC LIMIT 20
