// Demo data for `nexus run`: a handful of invented films, people and who did what. The
// titles and names are our own so the data can be shipped without anyone's permission.
#include "demo_graph.h"

namespace nexus::tools {

const char* DemoGraphCypher() {
    return R"(CREATE
  (harbor:Movie {title: 'Harbor Lights', released: 1998, tagline: 'Every ship finds its way home.'}),
  (glass:Movie {title: 'The Glass Orchard', released: 2004, tagline: 'Nothing grows in the dark.'}),
  (static:Movie {title: 'Static Season', released: 2011, tagline: 'Tune in. Drop out.'}),
  (north:Movie {title: 'North of Nowhere', released: 2016, tagline: 'The map ends here.'}),
  (paper:Movie {title: 'Paper Moons', released: 2021, tagline: 'Some promises are folded.'}),
  (ada:Person {name: 'Ada Brandt', born: 1965}),
  (ben:Person {name: 'Ben Okafor', born: 1972}),
  (chloe:Person {name: 'Chloe Marchetti', born: 1980}),
  (dev:Person {name: 'Dev Raman', born: 1977}),
  (elin:Person {name: 'Elin Sorensen', born: 1988}),
  (farid:Person {name: 'Farid Haddad', born: 1959}),
  (gwen:Person {name: 'Gwen Talbot', born: 1991}),
  (ada)-[:ACTED_IN {roles: ['Captain Mara Voss']}]->(harbor),
  (ben)-[:ACTED_IN {roles: ['First Mate Ilo']}]->(harbor),
  (farid)-[:DIRECTED]->(harbor),
  (chloe)-[:ACTED_IN {roles: ['June']}]->(glass),
  (dev)-[:ACTED_IN {roles: ['The Gardener']}]->(glass),
  (ada)-[:DIRECTED]->(glass),
  (ben)-[:ACTED_IN {roles: ['Radio Host']}]->(static),
  (elin)-[:ACTED_IN {roles: ['Caller #9', 'Narrator']}]->(static),
  (dev)-[:DIRECTED]->(static),
  (chloe)-[:ACTED_IN {roles: ['Surveyor Rask']}]->(north),
  (gwen)-[:ACTED_IN {roles: ['Pip']}]->(north),
  (farid)-[:ACTED_IN {roles: ['Old Tomas']}]->(north),
  (elin)-[:DIRECTED]->(north),
  (gwen)-[:ACTED_IN {roles: ['Lune']}]->(paper),
  (ada)-[:ACTED_IN {roles: ['Mother']}]->(paper),
  (chloe)-[:DIRECTED]->(paper),
  (ben)-[:REVIEWED {rating: 8, summary: 'Salt and patience.'}]->(harbor),
  (gwen)-[:REVIEWED {rating: 6, summary: 'Lovely, if slow.'}]->(glass),
  (dev)-[:FOLLOWS]->(ada),
  (elin)-[:FOLLOWS]->(chloe),
  (gwen)-[:FOLLOWS]->(elin))";
}

const char* DemoGraphHints() {
    return R"(Loaded a small demo graph: 5 :Movie and 7 :Person nodes with ACTED_IN, DIRECTED,
REVIEWED and FOLLOWS relationships. Try:
  MATCH (m:Movie) RETURN m.title, m.released ORDER BY m.released;
  MATCH (p:Person)-[:ACTED_IN]->(m:Movie {title: 'Harbor Lights'}) RETURN p.name;
  MATCH (d:Person)-[:DIRECTED]->(m)<-[:ACTED_IN]-(a) RETURN d.name, m.title, collect(a.name);
)";
}

}  // namespace nexus::tools
