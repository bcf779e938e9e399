// IC11 friends and friends of friends who started working in a country's company before a
// year.
MATCH (p:Person {id: $personId})-[:Person_knows_Person*1..2]-(friend:Person)
WHERE friend.id <> $personId
WITH DISTINCT friend
MATCH (friend)-[w:Person_workAt_Organisation]->(company:Organisation)
      -[:Organisation_isLocatedIn_Place]->(:Place {name: $countryName})
WHERE w.workFrom < $workFromYear
RETURN friend.id AS personId, friend.firstName AS firstName, friend.lastName AS lastName,
       company.name AS organizationName, w.workFrom AS organizationWorkFromYear
ORDER BY organizationWorkFromYear ASC, personId ASC, organizationName DESC LIMIT 10
