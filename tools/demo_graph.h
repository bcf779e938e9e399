// The small movies graph `nexus run` loads into a new database so there is something to query.
#pragma once

namespace nexus::tools {

// One Cypher statement that creates the demo graph.
const char* DemoGraphCypher();
// Example queries printed after loading it.
const char* DemoGraphHints();

}  // namespace nexus::tools
