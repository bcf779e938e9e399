// ISO 8601 text to the temporal Values of typed CSV columns (date, localtime, time,
// localdatetime, datetime, duration), in the forms neo4j-admin accepts for them.
#pragma once

#include <string_view>

#include "import/header.h"
#include "nexus/value.h"

namespace nexus::import {

// False when `text` is not a valid value of the temporal `type`.
bool ParseTemporal(std::string_view text, FieldType type, Value* out);

}  // namespace nexus::import
