-- micro: the 10 people who wrote the most comments.
SELECT dst, count(*) AS n FROM Comment_hasCreator_Person GROUP BY dst
ORDER BY n DESC, dst ASC LIMIT 10
