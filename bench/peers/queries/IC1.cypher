// IC1 people with a given first name within three knows-hops, nearest first, with where
// they live. (The spec's lists of universities and employers are left out.)
MATCH (p:Person {id: $personId})-[e:Person_knows_Person*1..3]-(friend:Person)
WHERE friend.firstName = $firstName AND friend.id <> $personId
WITH friend, min(size(e)) AS distance
MATCH (friend)-[:Person_isLocatedIn_Place]->(city:Place)
RETURN friend.id AS friendId, friend.lastName AS lastName, distance,
       friend.birthday AS birthday, friend.creationDate AS creationDate,
       friend.gender AS gender, friend.browserUsed AS browserUsed,
       friend.locationIP AS locationIP, city.name AS cityName
ORDER BY distance ASC, lastName ASC, friendId ASC LIMIT 20
