// IC1 in Kuzu: a recursive relationship has a length(), not a size().
// they live. (The spec's lists of universities and employers are left out.)
MATCH (p:Person {id: $personId})-[e:knows*1..3]-(friend:Person)
WHERE friend.firstName = $firstName AND friend.id <> $personId
WITH friend, min(length(e)) AS distance
MATCH (friend)-[:Person_isLocatedIn]->(city:Place)
RETURN friend.id AS friendId, friend.lastName AS lastName, distance,
       friend.birthday AS birthday, friend.creationDate AS creationDate,
       friend.gender AS gender, friend.browserUsed AS browserUsed,
       friend.locationIP AS locationIP, city.name AS cityName
ORDER BY distance ASC, lastName ASC, friendId ASC LIMIT 20
