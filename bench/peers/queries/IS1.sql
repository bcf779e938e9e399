-- IS1 profile of a person.
SELECT n.firstName, n.lastName, n.birthday, n.locationIP, n.browserUsed, l.dst, n.gender,
       n.creationDate
FROM Person n JOIN Person_isLocatedIn_Place l ON l.src = n.id
WHERE n.id = :personId
