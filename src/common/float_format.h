// How Cypher prints a float: Java's Double.toString shape (1200.0, 0.001, 1.0E10, 1.0E-4),
// which is what Neo4j and the openCypher TCK show.
#pragma once

#include <string>

namespace nexus {

std::string FormatCypherFloat(double d);

}  // namespace nexus
