// IS1 profile of a person: name, birthday, address, browser, city, gender, creation date.
MATCH (n:Person {id: $personId})-[:Person_isLocatedIn_Place]->(p:Place)
RETURN n.firstName AS firstName, n.lastName AS lastName, n.birthday AS birthday,
       n.locationIP AS locationIP, n.browserUsed AS browserUsed, p.id AS cityId,
       n.gender AS gender, n.creationDate AS creationDate
