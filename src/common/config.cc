// The three named configurations.
#include "nexus/config.h"

namespace nexus {

Config Config::production() {
    Config c;
    c.sync_mode = SyncMode::kFull;
    return c;
}

Config Config::balanced() {
    Config c;
    c.sync_mode = SyncMode::kNormal;
    return c;
}

Config Config::benchmark() {
    Config c;
    c.sync_mode = SyncMode::kOff;
    c.wal_checkpoint_bytes = uint64_t{256} << 20;
    return c;
}

}  // namespace nexus
